// The commands and their usage text.

package main

import (
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// A command is one of the tool's commands.
type command struct {
	name string
	args string // the positional arguments, as the usage text shows them
	// min and max bound the number of positional arguments; max < 0 means
	// no bound.
	min, max int
	// flags defines the command's flags on fs, to be parsed into o; nil for
	// a command without flags.
	flags   func(o *options, fs *flag.FlagSet)
	summary string
	example string
	run     func(c *cli, cmd *command, o *options, pos []string) int
}

// commands returns the commands in the order the usage text lists them.
func commands() []command {
	return []command{
		{"key", "[FILE]", 0, 1, scopeFlag,
			"Sha256Hex of the bytes (ScopedSha256Hex with a -scope other than \"\"),\n" +
				"streamed in constant memory",
			"agentidemp key payload.bin", (*cli).key},
		{"json", "[FILE]", 0, 1, scopeFlag,
			"JSONKey of a JSON document (ScopedJSONKey with a -scope other than \"\")",
			"agentidemp json -scope tenant-42 body.json", (*cli).json},
		{"canon", "[FILE]", 0, 1, nil,
			"the RFC 8785 canonical form of a JSON document, byte for byte",
			"agentidemp canon body.json | sha256sum", (*cli).canon},
		{"scoped", "SCOPE [PART...]", 1, -1, nil,
			"ScopedKey of the arguments",
			"agentidemp scoped tenant-42 user-7 refund order-1234", (*cli).scoped},
		{"uuid5", "[NAME]", 0, 1, nsFlag,
			"UUID5Key of NAME, or of standard input without NAME",
			"agentidemp uuid5 -ns url https://example.com/orders/1234", (*cli).uuid5},
		{"request", "METHOD TARGET [FILE]", 2, 3, requestFlags,
			"the key that the HTTP middleware (RequestKeys) sets on that request, the\n" +
				"body read from FILE; TARGET is a path such as /v1/messages or a URL.\n" +
				"A body that the middleware hashes as it is for want of a better form\n" +
				"gets a warning: a JSON-typed one that the canonicalizer refuses (the\n" +
				"warning says why and where) and a multipart-typed one that does not\n" +
				"parse (an empty body gets none); so does a method other than POST and\n" +
				"PATCH, on which the middleware sets no key. The key is still printed,\n" +
				"with exit status 0",
			"agentidemp request -scope run-7 POST /v1/messages body.json", (*cli).request},
		{"random", "", 0, 0, nil,
			"RandomKey, a random version-4 UUID",
			"agentidemp random", (*cli).random},
		{"version", "", 0, 0, nil,
			"the module version of this build, or (devel)",
			"agentidemp version", (*cli).version},
		{"help", "[COMMAND]", 0, 1, nil,
			"this text, or the usage of one command, which COMMAND -h prints too",
			"agentidemp help json", (*cli).help},
	}
}

// flagSet returns a flag set with the flags of cmd, to be parsed into o.
func (cmd *command) flagSet(o *options) *flag.FlagSet {
	fs := flag.NewFlagSet(cmd.name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	if cmd.flags != nil {
		cmd.flags(o, fs)
	}
	return fs
}

// usageLine is the short usage printed on misuse.
const usageLine = "usage: agentidemp COMMAND [ARGUMENTS] (run 'agentidemp help' for the commands)\n"

// usageTail follows the list of commands in the full usage text.
const usageTail = `-scope "" is the same as no -scope, for key, json and request alike, so
that -scope "$TENANT" with an empty TENANT gives the keys without a scope.
The key of a JSON document in the empty scope, ScopedJSONKey("", body), is
    agentidemp scoped "" "$(agentidemp canon body.json)"

FILE "-" or absent means standard input. Input bytes are used exactly as
read: no newline is stripped and nothing is decoded. key streams its input
through SHA-256 in constant memory; json, canon and request hold the whole
input in memory, and json and canon also the canonicalizer's scratch memory
(the README's "Command line" section gives figures). Each key is printed on
one line followed by a newline; canon adds nothing to the canonical bytes
unless standard output is a terminal, where it ends them with a newline.

Exit status: 0 on success, also when request warns; 1 when the input is
refused (a JSON document that the library refuses) or the output cannot be
written; 2 on misuse (an unknown command or flag, a -ns value that is
neither a name nor a UUID, an -omit value that is not a JSON Pointer or more
than 64 of them, a missing or extra argument, an unreadable file).

Refused input, a bad -ns value and request's warning about a JSON body are
reported on standard error in the compiler's form
    NAME:LINE:COLUMN: MESSAGE
NAME is the file name, <stdin>, or <-ns> for the value of -ns. LINE and
COLUMN are 1-based and COLUMN counts bytes (a tab is one, and so is each
byte of a multi-byte character); an offset at the end of the input points
just past the last byte. MESSAGE is the library's error without its
"agentidemp: " prefix (for -ns, after the names it accepts), and starts
with "warning: " in a warning. Two lines follow: the offending line, cut to
about 72 columns around the problem with "..." where it was cut, and a
caret under the problem. request's warning about a multipart body has no
position: NAME: warning: MESSAGE.

The offending line is shown as text where that is safe. A character that
is valid UTF-8 and graphic (a letter, mark, number, punctuation, symbol or
space) appears as itself, and so does a tab, which the caret line copies,
so that the caret stands under the offending byte whatever the tab stops.
Every other byte appears as the four characters \xNN: a byte that is not
valid UTF-8, and each byte of the other control characters (the rest of
C0, DEL and C1), of format characters (bidirectional controls such as
U+202E, zero-width spaces and joiners, U+FEFF, soft hyphens), of U+2028 and
U+2029, and of private-use and unassigned characters; so the terminal is
given nothing that could move, hide or reorder the text. A backslash is
shown as itself, so that JSON's escapes read as typed (a \xNN typed in the
input looks like an escape). A cut never falls inside a character, and
marks whose character was cut off are not shown after the leading "...";
a character that holds the offending byte past its first byte is shown as
escapes, so that the caret can stand under that byte. The caret is placed
by display width: two columns for a wide East Asian character (East Asian
Width W or F, which includes emoji shown as emoji, by Unicode 14.0.0), none
for a nonspacing or enclosing mark, four for an escape, one otherwise.
`

// usage writes the full usage text to w.
func (c *cli) usage(w io.Writer) int {
	var b strings.Builder
	b.WriteString("agentidemp prints idempotency keys derived from request content, for shell\n" +
		"scripts and for checking which key a request should carry.\n\n")
	b.WriteString("usage: agentidemp COMMAND [ARGUMENTS]\n\nCommands:\n")
	for _, cmd := range commands() {
		writeCommandHelp(&b, &cmd)
	}
	b.WriteString("\n")
	b.WriteString(usageTail)
	return c.write(w, []byte(b.String()))
}

// writeCommandHelp writes the synopsis of cmd and its summary, flags and
// example, as the full usage text lists them.
func writeCommandHelp(b *strings.Builder, cmd *command) {
	b.WriteString("\n  " + synopsis(cmd) + "\n")
	writeSummary(b, cmd)
}

// writeSummary writes the summary of cmd, its flags with their defaults,
// and its example.
func writeSummary(b *strings.Builder, cmd *command) {
	for _, line := range strings.Split(cmd.summary, "\n") {
		b.WriteString("      " + line + "\n")
	}
	cmd.flagSet(new(options)).VisitAll(func(f *flag.Flag) {
		arg, usage := flag.UnquoteUsage(f)
		b.WriteString("      -" + f.Name)
		if arg != "" {
			b.WriteString(" " + arg)
		}
		b.WriteString("\n")
		def := f.DefValue
		if arg != "" {
			def = strconv.Quote(def)
		}
		if _, ok := f.Value.(repeatable); ok {
			wrap(b, usage+" (repeatable; none by default)", "          ")
			return
		}
		wrap(b, usage+" (default "+def+")", "          ")
	})
	b.WriteString("      example: " + cmd.example + "\n")
}

// repeatable is a flag value given once per value, such as -omit's: by
// default it is given none, which no value given once can stand for.
type repeatable interface{ repeatable() }

// wrap writes text in lines of at most 80 columns where its words allow,
// each starting with indent.
func wrap(b *strings.Builder, text, indent string) {
	line := indent
	for _, word := range strings.Fields(text) {
		if line != indent && len(line)+1+len(word) > 80 {
			b.WriteString(line + "\n")
			line = indent
		}
		if line != indent {
			line += " "
		}
		line += word
	}
	b.WriteString(line + "\n")
}

// commandHelp returns the usage line of cmd, and its summary, flags and
// example.
func commandHelp(cmd *command) []byte {
	var b strings.Builder
	b.WriteString(commandUsage(cmd))
	writeSummary(&b, cmd)
	return []byte(b.String())
}

// commandUsage returns the usage line of cmd.
func commandUsage(cmd *command) string {
	return "usage: " + synopsis(cmd) + "\n"
}

// synopsis returns the command line of cmd as the usage text shows it: its
// name, its flags, each in brackets, and its positional arguments.
func synopsis(cmd *command) string {
	s := "agentidemp " + cmd.name
	cmd.flagSet(new(options)).VisitAll(func(f *flag.Flag) {
		arg, _ := flag.UnquoteUsage(f)
		if arg != "" {
			arg = " " + arg
		}
		s += " [-" + f.Name + arg + "]"
	})
	if cmd.args != "" {
		s += " " + cmd.args
	}
	return s
}

// misuse reports a usage error of cmd and returns exitUsage.
func (c *cli) misuse(cmd *command, msg string) int {
	fmt.Fprintf(c.stderr, "agentidemp %s: %s\n%s", cmd.name, msg, commandUsage(cmd))
	return exitUsage
}

func (c *cli) help(cmd *command, o *options, pos []string) int {
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
