// The commands and their usage text.

package main

import (
	"flag"
	"fmt"
	"io"
	"strings"
)

// A command is one of the tool's commands.
type command struct {
	name     string
	synopsis string // the arguments, as the usage text shows them
	summary  string
	example  string
	run      func(c *cli, cmd *command, args []string) int
}

// commands returns the commands in the order the usage text lists them.
func commands() []command {
	return []command{
		{"key", "[-scope S] [FILE]",
			"Sha256Hex of the bytes (ScopedSha256Hex with a -scope other than \"\"),\n" +
				"streamed in constant memory",
			"agentidemp key payload.bin", (*cli).key},
		{"json", "[-scope S] [FILE]",
			"JSONKey of a JSON document (ScopedJSONKey with a -scope other than \"\")",
			"agentidemp json -scope tenant-42 body.json", (*cli).json},
		{"canon", "[FILE]",
			"the RFC 8785 canonical form of a JSON document, byte for byte",
			"agentidemp canon body.json | sha256sum", (*cli).canon},
		{"scoped", "SCOPE [PART...]",
			"ScopedKey of the arguments",
			"agentidemp scoped tenant-42 user-7 refund order-1234", (*cli).scoped},
		{"uuid5", "[-ns NS] [NAME]",
			"UUID5Key of NAME, or of standard input without NAME; NS is " + namespaceNames() + "\n" +
				"(in any case) or a UUID (default: NamespaceAnthropic, the DNS namespace)",
			"agentidemp uuid5 -ns url https://example.com/orders/1234", (*cli).uuid5},
		{"request", "[-scope S] [-type MEDIATYPE] [-uuid] METHOD TARGET [FILE]",
			"the key that the HTTP middleware (RequestKeys) sets on that request, the\n" +
				"body read from FILE; TARGET is a path such as /v1/messages or a URL;\n" +
				"-type sets the Content-Type (default application/json, \"\" for none);\n" +
				"-uuid prints the UUID shape. A body that the middleware hashes as it is\n" +
				"for want of a better form gets a warning: a JSON-typed one that the\n" +
				"canonicalizer refuses (the warning says why and where) and a\n" +
				"multipart-typed one that does not parse (an empty body gets none); so\n" +
				"does a method other than POST and PATCH, on which the middleware sets no\n" +
				"key. The key is still printed, with exit status 0",
			"agentidemp request -scope run-7 POST /v1/messages body.json", (*cli).request},
		{"random", "",
			"RandomKey, a random version-4 UUID",
			"agentidemp random", (*cli).random},
		{"version", "",
			"the module version of this build, or (devel)",
			"agentidemp version", (*cli).version},
		{"help", "[COMMAND]",
			"this text, or the usage of one command",
			"agentidemp help json", (*cli).help},
	}
}

// usageLine is the short usage printed on misuse.
const usageLine = "usage: agentidemp COMMAND [ARGUMENTS] (run 'agentidemp help' for the commands)\n"

// usageTail follows the list of commands in the full usage text.
const usageTail = `-scope "" is the same as no -scope, for key, json and request alike (the
key of a JSON document in the empty scope, ScopedJSONKey("", body), is
agentidemp scoped "" "$(agentidemp canon body.json)").
FILE "-" or absent means standard input; bytes are used exactly as read.
Each key is printed on one line. canon adds no newline to the canonical
bytes unless standard output is a terminal.

Exit status: 0 on success; 1 when the input is refused (JSON that the
library refuses) or the output cannot be written; 2 on misuse (unknown
command or flag, a -ns value that is neither a name nor a UUID, missing or
extra argument, unreadable file).

Refused input is reported on standard error as
    NAME:LINE:COLUMN: KIND: DETAIL
NAME is the file name, <stdin>, or <-ns>; LINE and COLUMN are 1-based and
COLUMN counts bytes. The offending line follows, cut to about 72 columns
("..." marks a cut; text is shown as text, and so is a tab, which the caret
line copies; bytes that are not valid UTF-8, the other control characters
and format characters as \xNN), then a caret under the offending byte,
placed by display width.
`

// usage writes the full usage text to w.
func (c *cli) usage(w io.Writer) int {
	var b strings.Builder
	b.WriteString("agentidemp prints idempotency keys derived from request content.\n\n")
	b.WriteString("usage: agentidemp COMMAND [ARGUMENTS]\n\nCommands:\n")
	for _, cmd := range commands() {
		writeCommandHelp(&b, &cmd)
	}
	b.WriteString("\n")
	b.WriteString(usageTail)
	return c.write(w, []byte(b.String()))
}

// writeCommandHelp writes the synopsis, summary and example of cmd, as the
// full usage text lists them.
func writeCommandHelp(b *strings.Builder, cmd *command) {
	b.WriteString("\n  agentidemp " + cmd.name)
	if cmd.synopsis != "" {
		b.WriteString(" " + cmd.synopsis)
	}
	b.WriteString("\n")
	writeSummary(b, cmd)
}

// writeSummary writes the summary and example of cmd.
func writeSummary(b *strings.Builder, cmd *command) {
	for _, line := range strings.Split(cmd.summary, "\n") {
		b.WriteString("      " + line + "\n")
	}
	b.WriteString("      example: " + cmd.example + "\n")
}

// commandHelp returns the usage line, summary and example of cmd.
func commandHelp(cmd *command) []byte {
	var b strings.Builder
	b.WriteString(commandUsage(cmd))
	writeSummary(&b, cmd)
	return []byte(b.String())
}

// commandUsage returns the usage line of cmd.
func commandUsage(cmd *command) string {
	s := "usage: agentidemp " + cmd.name
	if cmd.synopsis != "" {
		s += " " + cmd.synopsis
	}
	return s + "\n"
}

// misuse reports a usage error of cmd and returns exitUsage.
func (c *cli) misuse(cmd *command, msg string) int {
	fmt.Fprintf(c.stderr, "agentidemp %s: %s\n%s", cmd.name, msg, commandUsage(cmd))
	return exitUsage
}

func (c *cli) help(cmd *command, args []string) int {
	fs := flag.NewFlagSet(cmd.name, flag.ContinueOnError)
	pos, status, done := c.parseFlags(cmd, fs, args, 0, 1)
	if done {
		return status
	}
	if len(pos) == 0 {
		return c.usage(c.stdout)
	}
	for _, other := range commands() {
		if other.name == pos[0] {
			return c.write(c.stdout, commandHelp(&other))
		}
	}
	return c.misuse(cmd, fmt.Sprintf("unknown command %q", pos[0]))
}
