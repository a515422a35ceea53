package agentidemp

import (
	"encoding/json"
	"errors"
	"fmt"
	"math/rand"
	"slices"
	"strings"
	"testing"
)

// Objects that share a member count take a remembered order only when
// their names are those of the remembered object, place by place: a list of
// records gives each record its own sorted members, and records whose names
// differ in one byte, come in another order, are escaped or repeat a name
// are sorted (or refused) on their own.
func TestShapeRemembered(t *testing.T) {
	names := []string{"url", "id", "title", "user", "state", "labels", "body", "number"}
	record := func(ns []string, v int) string {
		var b strings.Builder
		b.WriteByte('{')
		for k, n := range ns {
			if k > 0 {
				b.WriteByte(',')
			}
			fmt.Fprintf(&b, `"%s":%d`, n, v*10+k)
		}
		b.WriteByte('}')
		return b.String()
	}
	variants := [][]string{
		names,
		{"url", "id", "title", "user", "state", "labels", "body", "numbex"},
		{"id", "url", "title", "user", "state", "labels", "body", "number"},
		{"url", "id", "title", "user", "state", "labels", "body", "numbe"},
		{"url", "id", "title", "user", "state", "labels", "body", "nu\\u006dber"},
		{"url", "id", "title", "user", "state", "labels", "body", "aumber"},
		{"url", "id", "title", "body", "state", "labels", "user", "number"},
		{"url", "id", "title", "user", "state", "labels", "body", "number", "a", "b", "c", "d", "e", "f", "g", "h"},
	}
	// The canonical form of a record, written here: its names are ASCII
	// once unescaped, so they sort by their bytes.
	want := func(ns []string, v int) string {
		type member struct {
			name  string
			value int
		}
		var ms []member
		for k, n := range ns {
			var name string
			if err := json.Unmarshal([]byte(`"`+n+`"`), &name); err != nil {
				t.Fatal(err)
			}
			ms = append(ms, member{name, v*10 + k})
		}
		slices.SortFunc(ms, func(a, b member) int { return strings.Compare(a.name, b.name) })
		var b strings.Builder
		for k, m := range ms {
			if k > 0 {
				b.WriteByte(',')
			}
			fmt.Fprintf(&b, `"%s":%d`, m.name, m.value)
		}
		return "{" + b.String() + "}"
	}
	var docs, wants []string
	for _, v := range variants {
		for _, w := range variants {
			docs = append(docs, "["+record(names, 1)+","+record(v, 2)+","+record(w, 3)+","+record(names, 4)+"]")
			wants = append(wants, "["+want(names, 1)+","+want(v, 2)+","+want(w, 3)+","+want(names, 4)+"]")
		}
	}
	c := new(canon)
	for i, doc := range docs {
		c.in = []byte(doc)
		if err := c.parse(); err != nil {
			t.Fatalf("%s: %v", doc, err)
		}
		rec := hashRecorder{in: c.in, text: c.text}
		c.writeTo(&rec, "", false)
		if rec.String() != wants[i] {
			t.Fatalf("%s:\n got %s\nwant %s", doc, rec.String(), wants[i])
		}
		c.recycle()
	}
	// An escaped name is never compared or remembered by its offsets,
	// which are in the name stack, not the input: here the input's first
	// bytes, "[{", read at those offsets, would equal the other record's
	// name.
	for _, tc := range []struct{ doc, want string }{{
		`[{"e":5,"[{":1,"b":2,"c":3,"d":4},{"e":5,"\u007az":1,"b":2,"c":3,"d":4}]`,
		`[{"[{":1,"b":2,"c":3,"d":4,"e":5},{"b":2,"c":3,"d":4,"e":5,"zz":1}]`,
	}, {
		`[{"e":5,"\u007az":1,"b":2,"c":3,"d":4},{"e":5,"[{":1,"b":2,"c":3,"d":4}]`,
		`[{"b":2,"c":3,"d":4,"e":5,"zz":1},{"[{":1,"b":2,"c":3,"d":4,"e":5}]`,
	}} {
		if got, err := CanonicalJSON([]byte(tc.doc)); err != nil || string(got) != tc.want {
			t.Errorf("%s: got %s, %v; want %s", tc.doc, got, err, tc.want)
		}
	}
	// Objects of more members than a shape holds are sorted each time.
	var big []string
	for k := maxShape + 1; k > 0; k-- {
		big = append(big, fmt.Sprintf("n%03d", k))
	}
	bigDoc := "[" + record(big, 1) + "," + record(big, 2) + "]"
	if got, err := CanonicalJSON([]byte(bigDoc)); err != nil || string(got) != "["+want(big, 1)+","+want(big, 2)+"]" {
		t.Errorf("two objects of %d members: got %.80s..., %v", maxShape+1, got, err)
	}
	// A repeated name after a remembered object of the same size.
	dup := "[" + record(names, 1) + "," + record(append(names[:7:7], "url"), 2) + "]"
	var je *JSONError
	if _, err := CanonicalJSON([]byte(dup)); !errors.As(err, &je) || je.Err != ErrDuplicateName {
		t.Errorf("%s: got %v, want ErrDuplicateName", dup, err)
	}
}

// A remembered order belongs to one call's input: a canonicalizer reused on
// a shorter input must not read the names it remembered from the longer one.
func TestShapeForgotten(t *testing.T) {
	long := `{"` + strings.Repeat("z", 5000) + `":0,"y":1,"x":2,"w":3,"v":4}`
	short := `{"e":0,"d":1,"c":2,"b":3,"a":4}`
	c := new(canon)
	canonOnce(t, c, []byte(long))
	c.in = []byte(short)
	if err := c.parse(); err != nil {
		t.Fatal(err)
	}
	var rec hashRecorder
	c.writeTo(&rec, "", false)
	if want := `{"a":4,"b":3,"c":2,"d":1,"e":0}`; rec.String() != want {
		t.Errorf("got %s, want %s", rec.String(), want)
	}
}

// A list of records canonicalizes as its records do one by one (each alone
// in its call, so sorted without any remembered order), whatever mix of
// name sets, input orders and sizes the records share.
func TestShapeListProperty(t *testing.T) {
	r := rand.New(rand.NewSource(64))
	pool := []string{"a", "b", "id", "url", "\\u00e9", "ê", "zz", "aa", "ab", "x\\n", "k1", "k2", "k3", "k4", "k5", "k6", "k7"}
	for trial := 0; trial < 300; trial++ {
		var sets [][]string
		for k := 0; k < 1+r.Intn(4); k++ {
			p := r.Perm(len(pool))[:minShape+r.Intn(8)]
			var set []string
			for _, i := range p {
				set = append(set, pool[i])
			}
			sets = append(sets, set)
		}
		var list, want []string
		for k := 0; k < 2+r.Intn(10); k++ {
			set := sets[r.Intn(len(sets))]
			if r.Intn(4) == 0 {
				set = slices.Clone(set)
				i, j := r.Intn(len(set)), r.Intn(len(set))
				set[i], set[j] = set[j], set[i]
			}
			var b strings.Builder
			b.WriteByte('{')
			for i, n := range set {
				if i > 0 {
					b.WriteByte(',')
				}
				fmt.Fprintf(&b, `"%s":%d`, n, i)
			}
			b.WriteByte('}')
			one, err := CanonicalJSON([]byte(b.String()))
			if err != nil {
				t.Fatalf("%s: %v", b.String(), err)
			}
			list, want = append(list, b.String()), append(want, string(one))
		}
		doc := "[" + strings.Join(list, ",") + "]"
		if got, err := CanonicalJSON([]byte(doc)); err != nil || string(got) != "["+strings.Join(want, ",")+"]" {
			t.Fatalf("%s:\n got %s, %v\nwant [%s]", doc, got, err, strings.Join(want, ","))
		}
	}
}
