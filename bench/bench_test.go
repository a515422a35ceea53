package bench

// Benchmarks of agentidemp against what a user would otherwise write or
// import, on identical inputs. Every benchmark in a group calls b.SetBytes
// with the same input length, so MB/s compares directly, and is named
// Group/input/impl=Name so that benchstat can put the implementations side
// by side:
//
//	go test -run '^$' -bench . -count 6 -benchtime 300ms | tee new.txt
//	benchstat -col /impl new.txt
//
// Each group has a floor: the least work any implementation must do (the
// bare hash, or json.Valid for a validating pass over a document).

import (
	"crypto/sha1"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"math/rand"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/agentidemp/agentidemp-go"
	uuidv5 "github.com/gofrs/uuid/v5"
	"github.com/google/uuid"
	"github.com/gowebpki/jcs"
)

// Sinks keep the compiler from discarding the work being measured.
var (
	sinkString string
	sinkBytes  []byte
	sinkSum256 [sha256.Size]byte
	sinkSum1   [sha1.Size]byte
	sinkBool   bool
	sinkErr    error
)

// contentSizes are the content lengths of the Key and UUID5 groups.
var contentSizes = []struct {
	name string
	n    int
}{
	{"64B", 64},
	{"1KiB", 1 << 10},
	{"64KiB", 64 << 10},
}

// content returns n bytes of printable ASCII, the same for every call with
// the same n, so that every implementation hashes identical input.
func content(n int) []byte {
	r := rand.New(rand.NewSource(int64(n)))
	const alphabet = `abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 {}[]:,"`
	b := make([]byte, n)
	for i := range b {
		b[i] = alphabet[r.Intn(len(alphabet))]
	}
	return b
}

// stdlibKey is the key a user would write with the standard library alone.
func stdlibKey(data []byte) string {
	sum := sha256.Sum256(data)
	return "ik_" + hex.EncodeToString(sum[:16])
}

func BenchmarkKey(b *testing.B) {
	for _, sz := range contentSizes {
		in := content(sz.n)
		if got, want := agentidemp.Sha256Hex(in), stdlibKey(in); got != want {
			b.Fatalf("Sha256Hex = %s, stdlib recipe = %s", got, want)
		}
		prefix := "size=" + sz.name + "/impl="
		b.Run(prefix+"Sha256Hex", func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(in)))
			for i := 0; i < b.N; i++ {
				sinkString = agentidemp.Sha256Hex(in)
			}
		})
		b.Run(prefix+"AppendSha256Hex", func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(in)))
			dst := make([]byte, 0, agentidemp.HexKeyLen)
			for i := 0; i < b.N; i++ {
				dst = agentidemp.AppendSha256Hex(dst[:0], in)
			}
			sinkBytes = dst
		})
		b.Run(prefix+"StdlibHex", func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(in)))
			for i := 0; i < b.N; i++ {
				sum := sha256.Sum256(in)
				sinkString = "ik_" + hex.EncodeToString(sum[:16])
			}
		})
		b.Run(prefix+"Sum256Floor", func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(in)))
			for i := 0; i < b.N; i++ {
				sinkSum256 = sha256.Sum256(in)
			}
		})
	}
}

func BenchmarkUUID5(b *testing.B) {
	ns := agentidemp.NamespaceDNS
	for _, sz := range contentSizes {
		name := content(sz.n)
		// gofrs/uuid takes the name as a string. The conversion is done
		// here, once, so that the benchmark measures the library and not
		// the copy a []byte caller would pay on top.
		nameString := string(name)
		// The floor hashes namespace || name in one call; building the
		// contiguous buffer is left out of the measurement.
		joined := append(append([]byte(nil), ns[:]...), name...)
		want := agentidemp.UUID5Key(ns, name)
		if got := uuid.NewSHA1(uuid.NameSpaceDNS, name).String(); got != want {
			b.Fatalf("google/uuid = %s, agentidemp = %s", got, want)
		}
		if got := uuidv5.NewV5(uuidv5.NamespaceDNS, nameString).String(); got != want {
			b.Fatalf("gofrs/uuid = %s, agentidemp = %s", got, want)
		}
		prefix := "size=" + sz.name + "/impl="
		b.Run(prefix+"UUID5Key", func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(name)))
			for i := 0; i < b.N; i++ {
				sinkString = agentidemp.UUID5Key(ns, name)
			}
		})
		b.Run(prefix+"AppendUUID5Key", func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(name)))
			dst := make([]byte, 0, agentidemp.UUIDKeyLen)
			for i := 0; i < b.N; i++ {
				dst = agentidemp.AppendUUID5Key(dst[:0], ns, name)
			}
			sinkBytes = dst
		})
		b.Run(prefix+"GoogleUUID", func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(name)))
			for i := 0; i < b.N; i++ {
				sinkString = uuid.NewSHA1(uuid.NameSpaceDNS, name).String()
			}
		})
		b.Run(prefix+"GofrsUUID", func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(name)))
			for i := 0; i < b.N; i++ {
				sinkString = uuidv5.NewV5(uuidv5.NamespaceDNS, nameString).String()
			}
		})
		b.Run(prefix+"SHA1SumFloor", func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(name)))
			for i := 0; i < b.N; i++ {
				sinkSum1 = sha1.Sum(joined)
			}
		})
		// The same hash when namespace and name are not contiguous: a
		// hash.Hash and two writes, which is what any UUIDv5 function
		// taking the two separately must do (or copy them together).
		b.Run(prefix+"SHA1Write", func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(name)))
			for i := 0; i < b.N; i++ {
				h := sha1.New()
				h.Write(ns[:])
				h.Write(name)
				h.Sum(sinkSum1[:0])
			}
		})
	}
}

// scopedInput returns a scope and nparts parts whose lengths, with the
// scope and the separators, add up to about total bytes.
func scopedInput(total, nparts int) (string, []string) {
	scope := "tenant-0042/user-81723"
	each := (total - len(scope) - nparts) / nparts
	data := content(total)
	parts := make([]string, nparts)
	for i := range parts {
		parts[i] = string(data[i*each : (i+1)*each])
	}
	return scope, parts
}

// concatKey is the obvious user recipe for a scoped key: build
// scope || 0x00 || part || 0x00 || part ... in a byte slice, hash it and
// hex-encode the first half.
func concatKey(scope string, parts []string) string {
	buf := []byte(scope)
	for _, p := range parts {
		buf = append(buf, 0)
		buf = append(buf, p...)
	}
	sum := sha256.Sum256(buf)
	return "ik_" + hex.EncodeToString(sum[:16])
}

func BenchmarkScopedKey(b *testing.B) {
	for _, sz := range []struct {
		name string
		n    int
	}{{"64B", 64}, {"1KiB", 1 << 10}} {
		for _, nparts := range []int{1, 3, 8} {
			scope, parts := scopedInput(sz.n, nparts)
			if got, want := agentidemp.ScopedKey(scope, parts...), concatKey(scope, parts); got != want {
				b.Fatalf("ScopedKey = %s, concatenate-then-hash = %s", got, want)
			}
			// The floor hashes the joined bytes, built outside the loop.
			joined := []byte(scope)
			for _, p := range parts {
				joined = append(append(joined, 0), p...)
			}
			hashed := len(joined)
			prefix := "size=" + sz.name + "/parts=" + strconv.Itoa(nparts) + "/impl="
			b.Run(prefix+"ScopedKey", func(b *testing.B) {
				b.ReportAllocs()
				b.SetBytes(int64(hashed))
				for i := 0; i < b.N; i++ {
					sinkString = agentidemp.ScopedKey(scope, parts...)
				}
			})
			b.Run(prefix+"AppendScopedKey", func(b *testing.B) {
				b.ReportAllocs()
				b.SetBytes(int64(hashed))
				dst := make([]byte, 0, agentidemp.HexKeyLen)
				for i := 0; i < b.N; i++ {
					dst = agentidemp.AppendScopedKey(dst[:0], scope, parts...)
				}
				sinkBytes = dst
			})
			b.Run(prefix+"ConcatHash", func(b *testing.B) {
				b.ReportAllocs()
				b.SetBytes(int64(hashed))
				for i := 0; i < b.N; i++ {
					sinkString = concatKey(scope, parts)
				}
			})
			b.Run(prefix+"Sum256Floor", func(b *testing.B) {
				b.ReportAllocs()
				b.SetBytes(int64(hashed))
				for i := 0; i < b.N; i++ {
					sinkSum256 = sha256.Sum256(joined)
				}
			})
		}
	}
}

// A body is one request body from ../testdata/bodies.
type body struct {
	name string // file name without .json
	data []byte
}

// loadBodies reads every ../testdata/bodies/*.json, in name order.
func loadBodies(tb testing.TB) []body { return loadDocuments(tb, "bodies") }

// loadDocuments reads every ../testdata/DIR/*.json, in name order.
func loadDocuments(tb testing.TB, dir string) []body {
	tb.Helper()
	paths, err := filepath.Glob(filepath.Join("..", "testdata", dir, "*.json"))
	if err != nil {
		tb.Fatal(err)
	}
	if len(paths) == 0 {
		tb.Fatal("no documents in ../testdata/" + dir)
	}
	sort.Strings(paths)
	var bodies []body
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			tb.Fatal(err)
		}
		bodies = append(bodies, body{strings.TrimSuffix(filepath.Base(p), ".json"), data})
	}
	return bodies
}

func BenchmarkCanonicalJSON(b *testing.B) {
	for _, bd := range loadBodies(b) {
		in := bd.data
		prefix := "body=" + bd.name + "/impl="
		b.Run(prefix+"CanonicalJSON", func(b *testing.B) {
			if _, err := agentidemp.CanonicalJSON(in); err != nil {
				b.Fatalf("agentidemp refuses this body: %v", err)
			}
			b.ReportAllocs()
			b.SetBytes(int64(len(in)))
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				sinkBytes, sinkErr = agentidemp.CanonicalJSON(in)
			}
		})
		b.Run(prefix+"AppendCanonicalJSON", func(b *testing.B) {
			dst, err := agentidemp.AppendCanonicalJSON(nil, in)
			if err != nil {
				b.Fatalf("agentidemp refuses this body: %v", err)
			}
			b.ReportAllocs()
			b.SetBytes(int64(len(in)))
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				dst, sinkErr = agentidemp.AppendCanonicalJSON(dst[:0], in)
			}
			sinkBytes = dst
		})
		b.Run(prefix+"JSONKey", func(b *testing.B) {
			if _, err := agentidemp.JSONKey(in); err != nil {
				b.Fatalf("agentidemp refuses this body: %v", err)
			}
			b.ReportAllocs()
			b.SetBytes(int64(len(in)))
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				sinkString, sinkErr = agentidemp.JSONKey(in)
			}
		})
		b.Run(prefix+"JCS", func(b *testing.B) {
			if _, err := jcs.Transform(in); err != nil {
				b.Skip("gowebpki/jcs refuses this body: ", err)
			}
			b.ReportAllocs()
			b.SetBytes(int64(len(in)))
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				sinkBytes, sinkErr = jcs.Transform(in)
			}
		})
		// Not RFC 8785 (numbers are not rewritten the ECMAScript way, keys
		// sort by UTF-8 bytes, and <, >, & are escaped), but what many
		// users do to normalize a body.
		b.Run(prefix+"StdlibRoundTrip", func(b *testing.B) {
			if _, err := stdlibRoundTrip(in); err != nil {
				b.Skip("encoding/json refuses this body: ", err)
			}
			b.ReportAllocs()
			b.SetBytes(int64(len(in)))
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				sinkBytes, sinkErr = stdlibRoundTrip(in)
			}
		})
		b.Run(prefix+"ValidFloor", func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(in)))
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				sinkBool = json.Valid(in)
			}
		})
	}
}

func stdlibRoundTrip(data []byte) ([]byte, error) {
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		return nil, err
	}
	return json.Marshal(v)
}
