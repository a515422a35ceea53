// Writing keys and reports.

package main

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/agentidemp/agentidemp-go"
)

// write writes b to w. If that fails, it reports the failure and returns
// exitRefused.
func (c *cli) write(w io.Writer, b []byte) int {
	if _, err := w.Write(b); err != nil {
		fmt.Fprintf(c.stderr, "agentidemp: writing the output: %v\n", err)
		return exitRefused
	}
	return exitOK
}

// printKey writes key and a newline to standard output.
func (c *cli) printKey(key string) int {
	b := make([]byte, 0, len(key)+1)
	b = append(append(b, key...), '\n')
	return c.write(c.stdout, b)
}

// refuseJSON reports a JSON document that the library refused and returns
// exitRefused.
func (c *cli) refuseJSON(name string, data []byte, err error) int {
	c.reportJSON(name, data, err, "")
	return exitRefused
}

// reportJSON writes the report of err, the library's refusal of the JSON
// document data, in the compiler's form, the message starting with prefix.
func (c *cli) reportJSON(name string, data []byte, err error, prefix string) {
	var jerr *agentidemp.JSONError
	if !errors.As(err, &jerr) {
		// The library documents a *JSONError for every refusal.
		fmt.Fprintf(c.stderr, "%s: %s%s\n", name, prefix, strings.TrimPrefix(err.Error(), "agentidemp: "))
		return
	}
	msg := prefix + strings.TrimPrefix(jerr.Err.Error(), "agentidemp: ")
	if jerr.Detail != "" {
		msg += ": " + jerr.Detail
	}
	c.stderr.Write(appendDiagnostic(nil, name, data, jerr.Offset, msg))
}
