// Flags and arguments: parsing them, and the values of -ns.

package main

import (
	"errors"
	"flag"
	"fmt"
	"strconv"
	"strings"

	"github.com/agentidemp/agentidemp-go"
)

// nsName names the value of the -ns flag in messages.
const nsName = "<-ns>"

// options are the values of the flags. A command's own flags are parsed
// into them; the others keep their zero values.
type options struct {
	scope     string   // -scope: "" is the same as none
	mediaType string   // -type
	uuid      bool     // -uuid
	ns        string   // -ns
	omit      pointers // -omit, in the order given
}

// pointers is the value of -omit, a flag given once per pointer: each
// -omit appends its value, so that the Nth -omit is RequestKeys.Omit[N-1].
type pointers []string

func (p *pointers) String() string {
	if p == nil { // the flag package may ask a nil value
		return ""
	}
	return strings.Join(*p, " ")
}

func (p *pointers) Set(s string) error {
	*p = append(*p, s)
	return nil
}

// repeatable marks pointers as a flag given once per value, whose default
// is to be given none: the usage text says so instead of a default.
func (p *pointers) repeatable() {}

// scopeFlag defines -scope, of key, json and request.
func scopeFlag(o *options, fs *flag.FlagSet) {
	fs.StringVar(&o.scope, "scope", "", "key within scope `S`; \"\" is the same as no scope")
}

// requestFlags defines the flags of request.
func requestFlags(o *options, fs *flag.FlagSet) {
	scopeFlag(o, fs)
	fs.StringVar(&o.mediaType, "type", "application/json", "send `MEDIATYPE` as the Content-Type; \"\" for no Content-Type")
	fs.BoolVar(&o.uuid, "uuid", false, "print the key in the UUID shape (UUIDKey) instead of the hex shape")
	fs.Var(&o.omit, "omit", "leave out of the key the member that the JSON Pointer (RFC 6901) `POINTER` "+
		"names in a JSON-typed body, such as /id, a JSON-RPC request's id; other bodies are unaffected. "+
		"Give it once per member, at most 64 times: the Nth -omit is RequestKeys.Omit[N-1]")
}

// nsFlag defines -ns, of uuid5.
func nsFlag(o *options, fs *flag.FlagSet) {
	fs.StringVar(&o.ns, "ns", "dns", "name in namespace `NS`: "+namespaceNames()+" (in any case) or a UUID; "+
		"dns is NamespaceAnthropic, the namespace of the siblings' UUID keys")
}

// runCommand parses the flags and arguments of cmd and runs it.
func (c *cli) runCommand(cmd *command, args []string) int {
	var o options
	pos, status, done := c.parseFlags(cmd, cmd.flagSet(&o), args)
	if done {
		return status
	}
	return cmd.run(c, cmd, &o, pos)
}

// parseFlags parses the flags of cmd in fs and checks that between cmd.min
// and cmd.max positional arguments follow. It returns them, or done with
// the exit status when the command line asked for help or was wrong.
func (c *cli) parseFlags(cmd *command, fs *flag.FlagSet, args []string) (pos []string, status int, done bool) {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil, c.write(c.stdout, commandHelp(cmd)), true
		}
		return nil, c.misuse(cmd, err.Error()), true
	}
	pos = fs.Args()
	switch {
	case len(pos) < cmd.min:
		return nil, c.misuse(cmd, "missing argument"), true
	case cmd.max >= 0 && len(pos) > cmd.max:
		msg := fmt.Sprintf("too many arguments: %q", pos[cmd.max:])
		for _, a := range pos[cmd.max:] {
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
