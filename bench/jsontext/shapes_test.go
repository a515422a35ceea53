// Package jsontext compares CanonicalJSON with jsontext's Value.Canonicalize
// (github.com/go-json-experiment/json, the code of Go's encoding/json/jsontext
// as a module) and with json.Valid, on documents of several shapes. It is a
// module of its own because that module's go.mod says go 1.26, while the
// bench module beside it is tested with Go 1.22 too.
//
//	go test -c -o shapes.test . &&
//	for i in 1 2 3 4 5 6; do ./shapes.test -test.run '^$' -test.bench . -test.benchtime 150ms; done | tee new.txt
package jsontext

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/agentidemp/agentidemp-go"
	"github.com/go-json-experiment/json/jsontext"
)

// Sinks keep the compiler from discarding the work being measured.
var (
	sinkBytes  []byte
	sinkBool   bool
	sinkErr    error
	sinkString string
)

// A shape is one benchmark input. names is set for the large objects: their
// member names in input order, for the SortNames floor.
type shape struct {
	name  string
	data  []byte
	names []string
}

// fileShapes reads ../../testdata/shapes/*.json and ../../testdata/bodies/*.json,
// in that order, each folder in name order.
func fileShapes(tb testing.TB) []shape {
	tb.Helper()
	var shapes []shape
	for _, dir := range []string{"shapes", "bodies"} {
		paths, err := filepath.Glob(filepath.Join("..", "..", "testdata", dir, "*.json"))
		if err != nil || len(paths) == 0 {
			tb.Fatalf("no documents in testdata/%s: %v", dir, err)
		}
		slices.Sort(paths)
		for _, p := range paths {
			data, err := os.ReadFile(p)
			if err != nil {
				tb.Fatal(err)
			}
			shapes = append(shapes, shape{name: strings.TrimSuffix(filepath.Base(p), ".json"), data: data})
		}
	}
	return shapes
}

// objectSeed fixes the order of the large objects' members.
const objectSeed = 8785

// largeObject returns one object of n members named "member_00000000" up,
// all sharing their first 8 or more bytes, in a random order fixed by
// objectSeed; each value is a small integer fixed by the member's number.
// It is built here rather than committed: the 10^6-member object is 24 MB.
func largeObject(n int) shape {
	names := make([]string, n)
	for i := range names {
		names[i] = fmt.Sprintf("member_%08d", i)
	}
	r := rand.New(rand.NewSource(objectSeed))
	r.Shuffle(n, func(i, j int) { names[i], names[j] = names[j], names[i] })
	var b bytes.Buffer
	b.WriteByte('{')
	for i, name := range names {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, "%q:%d", name, len(name)*int(name[len(name)-1]))
	}
	b.WriteByte('}')
	return shape{name: objectName(n), data: b.Bytes(), names: names}
}

func objectName(n int) string { return fmt.Sprintf("object_%d", n) }

// A lazyShape builds its shape when asked: the large objects take a while.
type lazyShape struct {
	name string
	get  func() shape
}

// allShapes returns the file shapes and the large objects of 10^5 and 10^6
// members.
func allShapes(tb testing.TB) []lazyShape {
	var ls []lazyShape
	for _, s := range fileShapes(tb) {
		ls = append(ls, lazyShape{s.name, func() shape { return s }})
	}
	for _, n := range []int{1e5, 1e6} {
		ls = append(ls, lazyShape{objectName(n), func() shape { return largeObject(n) }})
	}
	return ls
}

// canonicalize runs jsontext's Value.Canonicalize on a copy of in held in
// buf, which it may grow, and returns the result and buf for reuse.
func canonicalize(buf, in []byte) (jsontext.Value, []byte, error) {
	v := jsontext.Value(append(buf[:0], in...))
	err := v.Canonicalize()
	return v, v[:0], err
}

// TestShapesAgree checks that CanonicalJSON and jsontext give the same
// canonical form of every shape, and that the large objects come out with
// their members sorted.
func TestShapesAgree(t *testing.T) {
	for _, ls := range allShapes(t) {
		s := ls.get()
		ours, err := agentidemp.CanonicalJSON(s.data)
		if err != nil {
			t.Errorf("%s: CanonicalJSON: %v", s.name, err)
			continue
		}
		theirs, _, err := canonicalize(nil, s.data)
		if err != nil {
			t.Errorf("%s: jsontext: %v", s.name, err)
			continue
		}
		if !bytes.Equal(ours, theirs) {
			i := 0
			for i < len(ours) && i < len(theirs) && ours[i] == theirs[i] {
				i++
			}
			t.Errorf("%s: CanonicalJSON and jsontext differ first at byte %d: %.40q, %.40q", s.name, i, ours[i:], theirs[i:])
		}
		if s.names != nil {
			sorted := slices.Sorted(slices.Values(s.names))
			if !strings.HasPrefix(string(ours), `{"`+sorted[0]+`":`) || !strings.Contains(string(ours), `,"`+sorted[len(sorted)-1]+`":`) {
				t.Errorf("%s: the members are not in sorted order", s.name)
			}
		}
	}
}

// BenchmarkShape runs, on every shape:
//
//   - CanonicalJSON: agentidemp.CanonicalJSON;
//   - JSONText: a copy of the input into a reused buffer, then jsontext's
//     Value.Canonicalize on the copy (it works in place);
//   - CopyFloor: that copy alone, to subtract from JSONText;
//   - ValidFloor: json.Valid, the least a validating pass costs;
//   - SortNames, for the large objects: sorting their names, decoded
//     beforehand (each iteration restores the input order and sorts).
func BenchmarkShape(b *testing.B) {
	for _, ls := range allShapes(b) {
		b.Run("shape="+ls.name, func(b *testing.B) { benchmarkShape(b, ls.get()) })
	}
}

func benchmarkShape(b *testing.B, s shape) {
	in := s.data
	run := func(impl string, f func(b *testing.B)) {
		b.Run("impl="+impl, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(in)))
			b.ResetTimer()
			f(b)
		})
	}
	run("CanonicalJSON", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			sinkBytes, sinkErr = agentidemp.CanonicalJSON(in)
		}
	})
	run("JSONText", func(b *testing.B) {
		buf := make([]byte, 0, 2*len(in))
		for i := 0; i < b.N; i++ {
			sinkBytes, buf, sinkErr = canonicalize(buf, in)
		}
	})
	run("CopyFloor", func(b *testing.B) {
		buf := make([]byte, 0, 2*len(in))
		for i := 0; i < b.N; i++ {
			buf = append(buf[:0], in...)
		}
		sinkBytes = buf
	})
	run("ValidFloor", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			sinkBool = json.Valid(in)
		}
	})
	if s.names != nil {
		run("SortNames", func(b *testing.B) {
			work := make([]string, len(s.names))
			for i := 0; i < b.N; i++ {
				copy(work, s.names)
				slices.Sort(work)
			}
			sinkString = work[0]
		})
	}
}
