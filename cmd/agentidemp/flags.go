// Flags and arguments: parsing them, and the values of -ns.

package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/agentidemp/agentidemp-go"
)

// nsName names the value of the -ns flag in messages.
const nsName = "<-ns>"

// parseFlags parses the flags of cmd in fs and checks that between min and
// max positional arguments follow (max < 0: no limit). It returns them, or
// done with the exit status when the command line asked for help or was
// wrong.
func (c *cli) parseFlags(cmd *command, fs *flag.FlagSet, args []string, min, max int) (pos []string, status int, done bool) {
	fs.SetOutput(io.Discard)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil, c.write(c.stdout, commandHelp(cmd)), true
		}
		return nil, c.misuse(cmd, err.Error()), true
	}
	pos = fs.Args()
	switch {
	case len(pos) < min:
		return nil, c.misuse(cmd, "missing argument"), true
	case max >= 0 && len(pos) > max:
		msg := fmt.Sprintf("too many arguments: %q", pos[max:])
		for _, a := range pos[max:] {
			name, _, _ := strings.Cut(strings.TrimLeft(a, "-"), "=")
			if strings.HasPrefix(a, "-") && fs.Lookup(name) != nil {
				msg += " (flags go before the other arguments)"
				break
			}
		}
		return nil, c.misuse(cmd, msg), true
	}
	return pos, exitOK, false
}

// isSet reports whether the flag name was given on the command line.
func isSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) {
		if f.Name == name {
			set = true
		}
	})
	return set
}

// namespaces are the names that -ns accepts, in any case, besides a UUID.
var namespaces = []struct {
	name string
	ns   agentidemp.UUID
}{
	{"dns", agentidemp.NamespaceDNS},
	{"url", agentidemp.NamespaceURL},
	{"oid", agentidemp.NamespaceOID},
	{"x500", agentidemp.NamespaceX500},
}

// namespaceNames returns the names of namespaces as a list in prose:
// "dns, url, oid, x500".
func namespaceNames() string {
	names := make([]string, len(namespaces))
	for i, n := range namespaces {
		names[i] = n.name
	}
	return strings.Join(names, ", ")
}

// namespace returns the namespace that the -ns value s names: one of
// namespaces in any case, or a UUID in the form ParseUUID reads.
func namespace(s string) (agentidemp.UUID, bool) {
	for _, n := range namespaces {
		if strings.ToLower(s) == n.name {
			return n.ns, true
		}
	}
	u, err := agentidemp.ParseUUID(s)
	return u, err == nil
}

// badNamespace reports a -ns value that is neither a name nor a UUID, in
// one report in the compiler's form with why ParseUUID refused it, and
// returns exitUsage. The caret stands under the offending character of a
// value of a UUID's length, and under the first character of a value of
// another length, which is wrong as a whole.
func (c *cli) badNamespace(cmd *command, value string) int {
	_, err := agentidemp.ParseUUID(value)
	why := strings.TrimPrefix(err.Error(), "agentidemp: invalid UUID: ")
	at := 0
	var uerr *agentidemp.UUIDError
	if errors.As(err, &uerr) && uerr.Offset >= 0 {
		at = uerr.Offset
		// The column says where; the offset would say it again.
		why = strings.Replace(why, " at offset "+strconv.Itoa(at), "", 1)
	}
	msg := "not " + namespaceNames() + " (in any case) or a UUID: " + why
	b := appendDiagnostic(nil, nsName, []byte(value), at, msg)
	c.stderr.Write(append(b, commandUsage(cmd)...))
	return exitUsage
}
