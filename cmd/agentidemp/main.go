// Command agentidemp prints idempotency keys derived from request content,
// for shell scripts and for checking which key a request should carry.
//
// Usage:
//
//	agentidemp COMMAND [ARGUMENTS]
//
// The commands:
//
//	key [-scope S] [FILE]      Sha256Hex of the bytes (ScopedSha256Hex with -scope)
//	json [-scope S] [FILE]     JSONKey of a JSON document (ScopedJSONKey with -scope)

//	canon [FILE]               the RFC 8785 canonical form of a JSON document
//	scoped SCOPE [PART...]     ScopedKey of the arguments
//	uuid5 [-ns NS] [NAME]      UUID5Key of NAME, or of standard input without NAME
//	request [-scope S] [-type MEDIATYPE] [-uuid] METHOD TARGET [FILE]
//	                           the key that RequestKeys sets on that request
//	random                     RandomKey, a random version-4 UUID
//	version                    the module version of this build
//	help [COMMAND]             the usage text
//
// -scope "" is the same as no -scope, for every command that takes it.
// FILE "-" or absent means standard input. Input bytes are used exactly as
// read: no newline is stripped and nothing is decoded. key streams its input
// through SHA-256 in constant memory; json, canon and request hold the whole
// input in memory, and json and canon also the canonicalizer's scratch
// memory (the README's Memory section has the figures). Each key is printed on
// one line followed by a newline; canon adds nothing to the canonical bytes
// unless standard output is a terminal, where it ends them with a newline.
//
// The exit status is 0 on success, 1 when the input is refused (a JSON
// document that the library refuses) or the output cannot be written, and 2
// on misuse (an unknown command or flag, a -ns value that is neither a name
// nor a UUID, a missing or extra argument, an unreadable file). request
// prints its key and exits 0 also when it warns on standard error: when the
// middleware would set no key on the method (it keys POST and PATCH), when
// a JSON-typed body is refused and so hashed as it is, reported in the form
// below with "warning: " before the reason, and when a multipart-typed body
// does not parse and so is hashed as it is (NAME: warning: ...). An empty
// body is keyed as empty, without a warning.
//
// Refused input is reported on standard error in the compiler's form
//
//	NAME:LINE:COLUMN: KIND: DETAIL
//
// where NAME is the file name, <stdin>, or <-ns> for the -ns flag's value;
// LINE and COLUMN are 1-based and COLUMN counts bytes (a tab is one byte, as
// is each byte of a multi-byte character); KIND is the error kind without
// its "agentidemp: " prefix, and ": DETAIL" is left out when the library
// gives no detail. An offset at the end of the input points just past the
// last byte. Two more lines follow: the offending line, cut to about 72
// columns around the problem with "..." where it was cut, and a caret under
// the problem.
//
// The shown line is text where that is safe: a character that is valid
// UTF-8 and graphic (a letter, mark, number, punctuation, symbol or space,
// as unicode.IsGraphic says), and a tab, appear as themselves. Every other
// byte appears as the four characters \xNN: a byte that is not valid UTF-8,
// and each byte of a control character (C0, DEL and C1), of a format
// character (bidirectional controls such as U+202E, zero-width spaces and
// joiners, U+FEFF, soft hyphens), of U+2028 and U+2029, and of a private-use
// or unassigned character. So the terminal is given nothing it could
// interpret, and nothing that could hide or reorder the text. A backslash
// is shown as itself, so that JSON's escapes read as typed; a \xNN typed in
// the input looks like an escape. A cut never falls inside a character, and
// marks whose character was cut off are not shown after the leading "...";
// a character that holds the offending byte past its first byte is shown
// as escapes, so the caret can stand under that byte. The caret line copies the tabs before the caret and has a space for every other
// column by display width: two for a wide East Asian character (East Asian
// Width W or F, which includes emoji shown as emoji, by the Unicode 14.0.0
// data), none for a nonspacing or enclosing mark, four for an escape, one
// otherwise.
package main

import (
	"fmt"
	"io"
	"os"
	"strings"
)

// The exit statuses.
const (
	exitOK      = 0
	exitRefused = 1 // refused input, or output that could not be written
	exitUsage   = 2 // misuse
)

// stdinName names standard input in messages.
const stdinName = "<stdin>"

func main() {
	c := &cli{
		stdin:    os.Stdin,
		stdout:   os.Stdout,
		stderr:   os.Stderr,
		terminal: isTerminal(os.Stdout),
	}
	os.Exit(c.main(os.Args[1:]))
}

// isTerminal reports whether f is a character device, as a terminal is.
func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// A cli runs one command line against its standard streams.
type cli struct {
	stdin    io.Reader
	stdout   io.Writer
	stderr   io.Writer
	terminal bool // standard output is a terminal
}

// main runs the command line args (without the program name) and returns
// the exit status.
func (c *cli) main(args []string) int {
	if len(args) == 0 {
		io.WriteString(c.stderr, usageLine)
		return exitUsage
	}
	switch args[0] {
	case "-h", "-help", "--help":
		return c.usage(c.stdout)
	}
	cmds := commands()
	for i := range cmds {
		if cmds[i].name == args[0] {
			return c.runCommand(&cmds[i], args[1:])
		}
	}
	if strings.HasPrefix(args[0], "-") {
		fmt.Fprintf(c.stderr, "agentidemp: unknown flag %s: flags follow the command\n%s", args[0], usageLine)
	} else {
		fmt.Fprintf(c.stderr, "agentidemp: unknown command %q\n%s", args[0], usageLine)
	}
	return exitUsage
}
