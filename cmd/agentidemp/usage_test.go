package main

import (
	"flag"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestFlagDefaults checks that the usage of each command, as -h, help
// COMMAND and the full help print it, lists each of its flags with its
// default, and that the default listed is the default: the command prints
// the same with every flag given at its listed default as with none. A
// flag given once per value (-omit) is listed as repeatable, given none by
// default.
func TestFlagDefaults(t *testing.T) {
	// A command line and standard input for each command that has flags.
	sample := map[string]struct {
		pos   []string
		stdin string
	}{
		"key":     {nil, "abc"},
		"json":    {nil, `{"b": 1, "a": 2}`},
		"uuid5":   {[]string{"www.example.com"}, ""},
		"request": {[]string{"POST", "/v1/x"}, `{"b": 1, "a": 2}`},
	}
	full := run(t, nil, "help").stdout
	withFlags := 0
	for _, cmd := range commands() {
		fs := cmd.flagSet(new(options))
		var atDefaults []string
		for _, out := range []struct{ what, text string }{
			{cmd.name + " -h", run(t, nil, cmd.name, "-h").stdout},
			{"help " + cmd.name, run(t, nil, "help", cmd.name).stdout},
			{"help", full},
		} {
			atDefaults = atDefaults[:0]
			fs.VisitAll(func(f *flag.Flag) {
				arg, _ := flag.UnquoteUsage(f)
				head, def := "      -"+f.Name, f.DefValue
				if arg != "" {
					head += " " + arg
					def = strconv.Quote(def)
				}
				// A flag given once per value, such as -omit, is given
				// none by default, which no value given once stands for.
				_, repeated := f.Value.(repeatable)
				tail := "(default " + def + ")"
				if repeated {
					tail = "(repeatable; none by default)"
				}
				if text, ok := flagText(out.text, "  agentidemp "+cmd.name+" ", head); !ok || !strings.HasSuffix(text, tail) {
					t.Errorf("%s: no line %q followed by its usage ending in %s:\n%s", out.what, head, tail, out.text)
				}
				if !repeated {
					atDefaults = append(atDefaults, "-"+f.Name+"="+f.DefValue)
				}
			})
		}
		if len(atDefaults) == 0 {
			continue
		}
		withFlags++
		s, ok := sample[cmd.name]
		if !ok {
			t.Fatalf("no sample command line for %s", cmd.name)
		}
		plain := run(t, []byte(s.stdin), append([]string{cmd.name}, s.pos...)...)
		given := run(t, []byte(s.stdin), append(append([]string{cmd.name}, atDefaults...), s.pos...)...)
		if plain.code != 0 || plain != given {
			t.Errorf("%s %q: %+v; without the flags: %+v", cmd.name, atDefaults, given, plain)
		}
	}
	if withFlags != len(sample) {
		t.Errorf("%d commands have flags, the test has samples for %d", withFlags, len(sample))
	}
}

// flagText returns the usage of the flag whose line is head in the usage
// text of a command, from the line that starts with within (the command's
// synopsis in the full help; or the start of a command's own usage): the
// lines indented deeper than head that follow it, joined by spaces.
func flagText(usage, within, head string) (string, bool) {
	if i := strings.Index(usage, within); i >= 0 {
		usage = usage[i:]
	}
	lines := strings.Split(usage, "\n")
	for i, line := range lines {
		if line != head {
			continue
		}
		var words []string
		for _, l := range lines[i+1:] {
			if !strings.HasPrefix(l, "          ") {
				break
			}
			words = append(words, strings.Fields(l)...)
		}
		return strings.Join(words, " "), true
	}
	return "", false
}

// TestUsageWrittenOnce checks that the usage is written once, in the help
// text: the help shows the synopsis of every command, and neither the
// package's doc comment nor the README repeats one (the README names the
// commands, in the order of the help, and points to it).
func TestUsageWrittenOnce(t *testing.T) {
	help := run(t, nil, "help").stdout
	src, err := os.ReadFile("main.go")
	if err != nil {
		t.Fatal(err)
	}
	doc, _, ok := strings.Cut(string(src), "\npackage main\n")
	if !ok {
		t.Fatal("main.go: no package clause")
	}
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, cmd := range commands() {
		names = append(names, "`"+cmd.name+"`")
		syn := synopsis(&cmd)
		if !strings.Contains(help, "\n  "+syn+"\n") {
			t.Errorf("the help does not show %q", syn)
		}
		args := strings.TrimPrefix(syn, "agentidemp ")
		if args == cmd.name {
			continue // a bare name is no usage to repeat
		}
		if strings.Contains(doc, args) {
			t.Errorf("main.go's doc comment repeats the usage %q", args)
		}
		if strings.Contains(string(readme), args) {
			t.Errorf("the README repeats the usage %q", args)
		}
	}
	want := strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
	m := regexp.MustCompile(`Its commands are ([^.]*)\.`).FindStringSubmatch(strings.Join(strings.Fields(string(readme)), " "))
	if m == nil || m[1] != want {
		t.Errorf("the README's list of commands is %q, want %q", m, want)
	}
	if !strings.Contains(doc, "agentidemp help") || strings.Count(doc, "\n") > 20 {
		t.Errorf("main.go's doc comment is not a short pointer to agentidemp help:\n%s", doc)
	}
}
