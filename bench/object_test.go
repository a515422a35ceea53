package bench

// Large objects: one JSON object of n members whose names come in random
// order, so that the time goes into putting the members in order. The floor
// is sorting the names alone, already decoded into strings.
//
//	go test -run '^$' -bench Object -count 6 -benchtime 300ms

import (
	"bytes"
	"encoding/json"
	"math/rand"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/agentidemp/agentidemp-go"
)

// objectSizes are the member counts of the Object group.
var objectSizes = []int{1e4, 1e5, 1e6}

// objectNames returns n distinct member names in a fixed random order:
// realistic keys of 14 to 23 bytes that share prefixes, such as
// "user_000123_email" and "order_004711_created_at".
func objectNames(n int) []string {
	kinds := []string{"user_", "acct_", "order_", "item_"}
	fields := []string{"id", "name", "email", "status", "created_at"}
	names := make([]string, n)
	for i := range names {
		id := strconv.Itoa(1000000 + i/len(fields))[1:] // six digits
		names[i] = kinds[i%len(kinds)] + id + "_" + fields[i%len(fields)]
	}
	r := rand.New(rand.NewSource(diffSeed))
	r.Shuffle(len(names), func(i, j int) { names[i], names[j] = names[j], names[i] })
	return names
}

// objectDoc writes {"name":value,...} with small integers as values, the
// value of each name fixed by the name so that order does not change it.
func objectDoc(names []string) []byte {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, name := range names {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.Quote(name))
		b.WriteByte(':')
		b.WriteString(strconv.Itoa(len(name) * 37 % 1000))
	}
	b.WriteByte('}')
	return b.Bytes()
}

func BenchmarkObject(b *testing.B) {
	for _, n := range objectSizes {
		names := objectNames(n)
		doc := objectDoc(names)
		// The names are ASCII, where UTF-16 order is byte order: the
		// canonical form is the same document with its names sorted.
		sorted := slices.Clone(names)
		slices.Sort(sorted)
		got, err := agentidemp.CanonicalJSON(doc)
		if err != nil {
			b.Fatal(err)
		}
		if want := objectDoc(sorted); !bytes.Equal(got, want) {
			b.Fatalf("n=%d: CanonicalJSON does not give the members sorted", n)
		}
		prefix := "n=" + strconv.Itoa(n) + "/impl="
		b.Run(prefix+"CanonicalJSON", func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(doc)))
			for i := 0; i < b.N; i++ {
				sinkBytes, sinkErr = agentidemp.CanonicalJSON(doc)
			}
		})
		b.Run(prefix+"JSONKey", func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(doc)))
			for i := 0; i < b.N; i++ {
				sinkString, sinkErr = agentidemp.JSONKey(doc)
			}
		})
		// What a user of encoding/json pays to read the object at all.
		b.Run(prefix+"StdlibUnmarshal", func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(doc)))
			for i := 0; i < b.N; i++ {
				var m map[string]any
				sinkErr = json.Unmarshal(doc, &m)
			}
		})
		// The floor: sorting the names alone, decoded beforehand. Each
		// iteration restores the random order (a copy of n string
		// headers) and sorts.
		b.Run(prefix+"SortNames", func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(doc)))
			work := make([]string, len(names))
			for i := 0; i < b.N; i++ {
				copy(work, names)
				slices.SortFunc(work, strings.Compare)
			}
			sinkString = work[0]
		})
	}
}
