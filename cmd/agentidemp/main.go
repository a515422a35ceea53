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
// middleware would set no key on the method (it keys POST and PATCH), and
// when a JSON-typed body is refused and so hashed as it is, reported in the
// form below with "warning: " before the reason.
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
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strconv"
	"strings"

	"github.com/agentidemp/agentidemp-go"
)

// The exit statuses.
const (
	exitOK      = 0
	exitRefused = 1 // refused input, or output that could not be written
	exitUsage   = 2 // misuse
)

// stdinName names standard input in messages.
const stdinName = "<stdin>"

// nsName names the value of the -ns flag in messages.
const nsName = "<-ns>"

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
			"Sha256Hex of the bytes (ScopedSha256Hex with -scope), streamed in\n" +
				"constant memory",
			"agentidemp key payload.bin", (*cli).key},
		{"json", "[-scope S] [FILE]",
			"JSONKey of a JSON document (ScopedJSONKey with -scope)",
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
				"-uuid prints the UUID shape. A JSON-typed body that the canonicalizer\n" +
				"refuses is hashed as it is, as the middleware does, with a warning that\n" +
				"says why; a method other than POST and PATCH, on which the middleware\n" +
				"sets no key, gets a warning too (the key is still printed, exit status 0)",
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
const usageTail = `FILE "-" or absent means standard input; bytes are used exactly as read.
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
("..." marks a cut; text is shown as text, and bytes that are not valid
UTF-8 and control and format characters as \xNN), then a caret under the
offending byte, placed by display width.
`

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
			return cmds[i].run(c, &cmds[i], args[1:])
		}
	}
	if strings.HasPrefix(args[0], "-") {
		fmt.Fprintf(c.stderr, "agentidemp: unknown flag %s: flags follow the command\n%s", args[0], usageLine)
	} else {
		fmt.Fprintf(c.stderr, "agentidemp: unknown command %q\n%s", args[0], usageLine)
	}
	return exitUsage
}

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

// An input is what key, json and canon work on: FILE or standard input,
// its name for messages, and the -scope flag if the command takes one and
// it was given.
type input struct {
	name   string
	r      io.Reader
	file   *os.File // FILE, which close closes; nil for standard input
	scope  string
	scoped bool
}

// open opens the input named by the positional arguments pos (a FILE, "-",
// or nothing for standard input), or returns done with the exit status when
// FILE cannot be opened.
func (c *cli) open(cmd *command, pos []string) (in input, status int, done bool) {
	if len(pos) == 0 || pos[0] == "-" {
		return input{name: stdinName, r: c.stdin}, exitOK, false
	}
	f, err := os.Open(pos[0])
	if err != nil {
		return in, c.misuse(cmd, err.Error()), true
	}
	return input{name: pos[0], r: f, file: f}, exitOK, false
}

// close closes FILE, if the input is one.
func (in *input) close() {
	if in.file != nil {
		in.file.Close()
	}
}

// readError reports err, met reading the input, as misuse: the input is
// unreadable.
func (c *cli) readError(cmd *command, in *input, err error) int {
	if in.file == nil {
		err = fmt.Errorf("reading standard input: %w", err)
	}
	return c.misuse(cmd, err.Error())
}

// readInput reads all of the input named by pos (see open). It returns the
// name for messages, or done with the exit status when the input cannot be
// read.
func (c *cli) readInput(cmd *command, pos []string) (name string, data []byte, status int, done bool) {
	in, status, done := c.open(cmd, pos)
	if done {
		return in.name, nil, status, true
	}
	data, status, done = c.readOpened(cmd, &in)
	return in.name, data, status, done
}

// readOpened reads all of the opened input in and closes it, or returns
// done with the exit status when it cannot be read.
func (c *cli) readOpened(cmd *command, in *input) (data []byte, status int, done bool) {
	defer in.close()
	data, err := readAll(in.r)
	if err != nil {
		return nil, c.readError(cmd, in, err), true
	}
	return data, exitOK, false
}

// openCommand parses the flags of a command that takes [FILE] (and -scope
// when withScope is set) and opens the input, or returns done with the exit
// status.
func (c *cli) openCommand(cmd *command, args []string, withScope bool) (in input, status int, done bool) {
	fs := flag.NewFlagSet(cmd.name, flag.ContinueOnError)
	var scope *string
	if withScope {
		scope = fs.String("scope", "", "")
	}
	pos, status, done := c.parseFlags(cmd, fs, args, 0, 1)
	if done {
		return in, status, true
	}
	if in, status, done = c.open(cmd, pos); done {
		return in, status, true
	}
	if withScope && isSet(fs, "scope") {
		in.scope, in.scoped = *scope, true
	}
	return in, exitOK, false
}

// readCommand is openCommand followed by reading all of the input, for
// json and canon, which need the whole document.
func (c *cli) readCommand(cmd *command, args []string, withScope bool) (in input, data []byte, status int, done bool) {
	if in, status, done = c.openCommand(cmd, args, withScope); done {
		return in, nil, status, true
	}
	data, status, done = c.readOpened(cmd, &in)
	return in, data, status, done
}

// key streams the input into SHA-256, holding none of it: the key is
// Sha256Hex (or ScopedSha256Hex, of scope || 0x00 || the input) as those
// functions' contracts define it, "ik_" and the lowercase hex form of the
// first 16 bytes of the digest.
func (c *cli) key(cmd *command, args []string) int {
	in, status, done := c.openCommand(cmd, args, true)
	if done {
		return status
	}
	defer in.close()
	h := sha256.New()
	if in.scoped {
		io.WriteString(h, in.scope)
		h.Write([]byte{0})
	}
	if _, err := io.Copy(h, in.r); err != nil {
		return c.readError(cmd, &in, err)
	}
	var sum [sha256.Size]byte
	b := make([]byte, 0, agentidemp.HexKeyLen+1)
	b = append(b, agentidemp.HexKeyPrefix...)
	b = hex.AppendEncode(b, h.Sum(sum[:0])[:16])
	return c.write(c.stdout, append(b, '\n'))
}

func (c *cli) json(cmd *command, args []string) int {
	in, data, status, done := c.readCommand(cmd, args, true)
	if done {
		return status
	}
	var key string
	var err error
	if in.scoped {
		key, err = agentidemp.ScopedJSONKey(in.scope, data)
	} else {
		key, err = agentidemp.JSONKey(data)
	}
	if err != nil {
		return c.refuseJSON(in.name, data, err)
	}
	return c.printKey(key)
}

func (c *cli) canon(cmd *command, args []string) int {
	in, data, status, done := c.readCommand(cmd, args, false)
	if done {
		return status
	}
	out, err := agentidemp.CanonicalJSON(data)
	if err != nil {
		return c.refuseJSON(in.name, data, err)
	}
	if status := c.write(c.stdout, out); status != exitOK {
		return status
	}
	if c.terminal {
		// Written on its own: appending could copy a large output.
		return c.write(c.stdout, []byte{'\n'})
	}
	return exitOK
}

func (c *cli) scoped(cmd *command, args []string) int {
	fs := flag.NewFlagSet(cmd.name, flag.ContinueOnError)
	pos, status, done := c.parseFlags(cmd, fs, args, 1, -1)
	if done {
		return status
	}
	return c.printKey(agentidemp.ScopedKey(pos[0], pos[1:]...))
}

func (c *cli) uuid5(cmd *command, args []string) int {
	fs := flag.NewFlagSet(cmd.name, flag.ContinueOnError)
	nsFlag := fs.String("ns", "", "")
	pos, status, done := c.parseFlags(cmd, fs, args, 0, 1)
	if done {
		return status
	}
	ns := agentidemp.NamespaceAnthropic
	if isSet(fs, "ns") {
		var ok bool
		if ns, ok = namespace(*nsFlag); !ok {
			return c.badNamespace(cmd, *nsFlag)
		}
	}
	var name []byte
	if len(pos) == 1 {
		name = []byte(pos[0])
	} else {
		var err error
		if name, err = readAll(c.stdin); err != nil {
			return c.misuse(cmd, "reading standard input: "+err.Error())
		}
	}
	return c.printKey(agentidemp.UUID5Key(ns, name))
}

func (c *cli) random(cmd *command, args []string) int {
	fs := flag.NewFlagSet(cmd.name, flag.ContinueOnError)
	if _, status, done := c.parseFlags(cmd, fs, args, 0, 0); done {
		return status
	}
	return c.printKey(agentidemp.RandomKey())
}

func (c *cli) version(cmd *command, args []string) int {
	fs := flag.NewFlagSet(cmd.name, flag.ContinueOnError)
	if _, status, done := c.parseFlags(cmd, fs, args, 0, 0); done {
		return status
	}
	return c.printKey(buildVersion())
}

// buildVersion returns the version of the main module from the build
// information: a release version or pseudo-version when the command was
// installed with go install or built by a toolchain that stamps version
// control information, and "(devel)" otherwise (a build from a checkout
// without it).
func buildVersion() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok || bi.Main.Version == "" {
		return "(devel)"
	}
	return bi.Main.Version
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

// badNamespace reports a -ns value that is neither a name nor a UUID, with
// why ParseUUID refused it at its column, and returns exitUsage.
func (c *cli) badNamespace(cmd *command, value string) int {
	_, err := agentidemp.ParseUUID(value)
	msg := strings.TrimPrefix(err.Error(), "agentidemp: ")
	at := len(value)
	var uerr *agentidemp.UUIDError
	if errors.As(err, &uerr) {
		if uerr.Offset >= 0 {
			at = uerr.Offset
			// The column says where; the offset would say it again.
			msg = strings.Replace(msg, " at offset "+strconv.Itoa(at), "", 1)
		} else if at > agentidemp.UUIDKeyLen {
			at = agentidemp.UUIDKeyLen // the first byte too many
		}
	}
	b := fmt.Appendf(nil, "agentidemp %s: -ns %q is not %s (in any case) or a UUID\n", cmd.name, value, namespaceNames())
	b = appendDiagnostic(b, nsName, []byte(value), at, msg)
	c.stderr.Write(append(b, commandUsage(cmd)...))
	return exitUsage
}
