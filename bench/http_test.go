package bench

// Per-request overhead of the middleware and the transport, against a bare
// http.RoundTripper stub (no network), on the request bodies of
// ../testdata/bodies and a 32 MiB body of several base64 images. Group
// HTTPKey, named like the others:
//
//	go test -run '^$' -bench HTTPKey -benchtime 100ms
//
// The floor is JSONKeyCopy: copying the body into a reused buffer (what
// reading it costs at the least) and JSONKey on the copy. Bare is the stub
// alone, which every implementation also calls.

import (
	"bytes"
	"encoding/base64"
	"io"
	"math/rand"
	"net/http"
	"strings"
	"testing"

	"github.com/agentidemp/agentidemp-go"
)

// stub is the RoundTripper under test: it drains the request body, as a
// transport sending it would, and answers 200.
type stub struct{ resp http.Response }

func (s *stub) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		io.Copy(io.Discard, req.Body)
		req.Body.Close()
	}
	return &s.resp, nil
}

// imagesBody returns a JSON request of a little more than n bytes: a
// message with base64 images of 4 MiB each, as an agent sends screenshots,
// and a text.
func imagesBody(n int) []byte {
	r := rand.New(rand.NewSource(1))
	const perImage = 4 << 20
	var b strings.Builder
	b.WriteString(`{"model":"claude-sonnet-4-20250514","max_tokens":1024,"messages":[{"role":"user","content":[`)
	raw := make([]byte, perImage/4*3)
	for i := 0; b.Len() < n; i++ {
		r.Read(raw)
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`{"type":"image","source":{"type":"base64","media_type":"image/png","data":"`)
		b.WriteString(base64.StdEncoding.EncodeToString(raw))
		b.WriteString(`"}}`)
	}
	b.WriteString(`,{"type":"text","text":"What changed between these screenshots?"}]}]}`)
	return []byte(b.String())
}

func httpBodies(b *testing.B) []body {
	return append(loadBodies(b), body{"images_32m", imagesBody(32 << 20)})
}

func newPost(b *testing.B, data []byte) *http.Request {
	req, err := http.NewRequest("POST", "https://api.anthropic.com/v1/messages", bytes.NewReader(data))
	if err != nil {
		b.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Anthropic-Version", "2023-06-01")
	req.Header.Set("X-Api-Key", "test-key")
	return req
}

func BenchmarkHTTPKey(b *testing.B) {
	for _, bd := range httpBodies(b) {
		in := bd.data
		prefix := "body=" + bd.name + "/impl="
		// run measures op, after one call outside the timer, so that every
		// implementation starts with warm pools.
		run := func(name string, op func(b *testing.B)) {
			b.Run(prefix+name, func(b *testing.B) {
				if bd.name == "images_32m" && len(in) < 32<<20 {
					b.Fatalf("images body of %d bytes", len(in))
				}
				b.ReportAllocs()
				b.SetBytes(int64(len(in)))
				op(b)
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					op(b)
				}
			})
		}
		st := &stub{resp: http.Response{StatusCode: 200, Body: http.NoBody}}
		req := newPost(b, in)
		want, err := agentidemp.RequestKey(newPost(b, in))
		if err != nil {
			b.Fatal(err)
		}
		tr := agentidemp.NewTransport(st)
		noGetBody := *req
		noGetBody.GetBody = nil
		buf := make([]byte, len(in))

		run("JSONKeyCopy", func(b *testing.B) {
			buf = append(buf[:0], in...)
			sinkString, sinkErr = agentidemp.JSONKey(buf)
		})
		run("Bare", func(b *testing.B) {
			r := *req
			r.Body, _ = req.GetBody()
			_, sinkErr = st.RoundTrip(&r)
		})
		run("Middleware", func(b *testing.B) {
			_, sinkErr = agentidemp.Middleware(req, func(r *http.Request) (*http.Response, error) {
				if k := r.Header.Get("Idempotency-Key"); k != want {
					b.Fatalf("key %s, want %s", k, want)
				}
				return st.RoundTrip(r)
			})
		})
		run("Transport", func(b *testing.B) {
			_, sinkErr = tr.RoundTrip(req)
		})
		run("TransportNoGetBody", func(b *testing.B) {
			r := noGetBody
			r.Body = io.NopCloser(bytes.NewReader(in))
			_, sinkErr = tr.RoundTrip(&r)
		})
	}
}
