// Command agentidemp prints idempotency keys derived from request content,
// for shell scripts and for checking which key a request should carry: the
// keys of the agentidemp package's functions and of its HTTP middleware.
//
// Its usage is written once, in the command itself (usage.go): run
//
//	agentidemp help
//
// for every command with its flags and their defaults, the exit statuses
// and the form of the reports, or
//
//	agentidemp help COMMAND
//
// for one command.
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
