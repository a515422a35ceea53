package integration

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"github.com/agentidemp/agentidemp-go"
	"github.com/anthropics/anthropic-sdk-go/v2"
	"github.com/hashicorp/go-retryablehttp"
	"github.com/openai/openai-go/v3"
)

// File uploads are multipart bodies whose boundary the client draws at
// random on every call; their key must not depend on it.

const (
	uploadName    = "notes.txt"
	uploadContent = "Refund order 1234\n"
)

func anthropicFileOK(*http.Request) (int, string) {
	return http.StatusOK, `{"id":"file_01","type":"file","filename":"notes.txt","mime_type":"text/plain",` +
		`"size_bytes":18,"created_at":"2026-01-01T00:00:00Z","downloadable":false}`
}

func openaiFileOK(*http.Request) (int, string) {
	return http.StatusOK, `{"id":"file-1","object":"file","bytes":18,"created_at":1,"filename":"notes.txt",` +
		`"purpose":"user_data","status":"processed"}`
}

// uploads are the calls under test: each uploads a file with content to
// the API at url with ctx, through the one-line setup of its client.
var uploads = map[string]struct {
	ok     func(*http.Request) (int, string)
	upload func(ctx context.Context, url, content string) error
}{
	"anthropic-beta-files-upload": {anthropicFileOK, func(ctx context.Context, url, content string) error {
		client := anthropicClient(url)
		_, err := client.Beta.Files.Upload(ctx, anthropic.BetaFileUploadParams{
			File: anthropic.File(strings.NewReader(content), uploadName, "text/plain")})
		return err
	}},
	"anthropic-files-upload": {anthropicFileOK, func(ctx context.Context, url, content string) error {
		client := anthropicClient(url)
		_, err := client.Files.Upload(ctx, anthropic.FileUploadParams{
			File: anthropic.File(strings.NewReader(content), uploadName, "text/plain")})
		return err
	}},
	"openai-files-new": {openaiFileOK, func(ctx context.Context, url, content string) error {
		client := openaiClient(url)
		_, err := client.Files.New(ctx, openai.FileNewParams{
			File:    openai.File(strings.NewReader(content), uploadName, "text/plain"),
			Purpose: openai.FilePurposeUserData,
		})
		return err
	}},
}

func init() {
	for name, u := range uploads {
		children[name] = func(url string) error { return u.upload(context.Background(), url, uploadContent) }
	}
}

// multipartFormulaKey is the documented key of a recorded upload, computed
// in scope here from the parts of the body as Go's mime/multipart frames
// it ("--B" CRLF, the parts joined by CRLF "--B" CRLF, then CRLF "--B--"
// CRLF): "ik_" and the hex of the first 16 bytes of SHA-256(scope || 0x00 || method
// || 0x00 || target || 0x00 || 0x01 || for each part u64be(len(H)) ||
// SHA-256(H) || u64be(len(C)) || SHA-256(C)).
func multipartFormulaKey(t *testing.T, scope string, a attempt) string {
	t.Helper()
	body := string(a.Body)
	d, _, _ := strings.Cut(body, "\r\n")
	closing := "\r\n" + d + "--\r\n"
	if !strings.HasPrefix(d, "--") || !strings.HasSuffix(body, closing) {
		t.Fatalf("recorded body %q is not framed as mime/multipart writes it", body)
	}
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00%s\x00\x01", scope, a.Method, a.Path)
	for _, part := range strings.Split(body[len(d)+2:len(body)-len(closing)], "\r\n"+d+"\r\n") {
		header, content, ok := strings.Cut(part, "\r\n\r\n")
		if !ok {
			t.Fatalf("part %q has no empty line", part)
		}
		for _, e := range []string{header, content} {
			h.Write(binary.BigEndian.AppendUint64(nil, uint64(len(e))))
			sum := sha256.Sum256([]byte(e))
			h.Write(sum[:])
		}
	}
	return "ik_" + hex.EncodeToString(h.Sum(nil)[:16])
}

func TestUploads(t *testing.T) {
	for name, u := range uploads {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			// One call through 429, 500, 529 and a dropped connection: one
			// key, the formula's.
			srv := newFakeAPI(t, failures, u.ok)
			if err := u.upload(ctx, srv.URL, uploadContent); err != nil {
				t.Fatal(err)
			}
			key, first := srv.oneKey(t)
			if first.Method != "POST" || !strings.HasPrefix(first.Path, "/v1/files") {
				t.Fatalf("sent %s %s", first.Method, first.Path)
			}
			if want := multipartFormulaKey(t, "", first); key != want {
				t.Errorf("key %s, formula over the recorded parts %s", key, want)
			}
			t.Logf("%d attempts, key %s, body %q", len(srv.attempts()), key, first.Body)

			// A second call draws another boundary and sends the same key.
			again := newFakeAPI(t, []int{http.StatusInternalServerError}, u.ok)
			if err := u.upload(ctx, again.URL, uploadContent); err != nil {
				t.Fatal(err)
			}
			againKey, againFirst := again.oneKey(t)
			if bytes.Equal(againFirst.Body, first.Body) {
				t.Fatalf("two calls sent the same bytes %q: the test shows nothing", first.Body)
			}
			if againKey != key {
				t.Errorf("second call sent key %s, first %s", againKey, key)
			}

			// The same upload made with WithScope: the formula's key in
			// that scope.
			scoped := newFakeAPI(t, failures[1:], u.ok)
			if err := u.upload(agentidemp.WithScope(ctx, testScope), scoped.URL, uploadContent); err != nil {
				t.Fatal(err)
			}
			scopedKey, scopedFirst := scoped.oneKey(t)
			if want := multipartFormulaKey(t, testScope, scopedFirst); scopedKey != want || scopedKey == key {
				t.Errorf("key %s in scope %q, formula %s, unscoped key %s", scopedKey, testScope, want, key)
			}

			// So does a second process.
			other := newFakeAPI(t, []int{http.StatusTooManyRequests}, u.ok)
			inChild(t, name, other.URL)
			if childKey, _ := other.oneKey(t); childKey != key {
				t.Errorf("child process sent key %s, this process %s", childKey, key)
			}

			// Another file: another key.
			diff := newFakeAPI(t, nil, u.ok)
			if err := u.upload(ctx, diff.URL, "Refund order 1235\n"); err != nil {
				t.Fatal(err)
			}
			if k, _ := diff.oneKey(t); k == key {
				t.Errorf("another file sent the same key %s", k)
			}
		})
	}
}

// formUpload is a multipart body as a program builds it with
// mime/multipart, under a random boundary, and its Content-Type.
func formUpload(t *testing.T, content string) ([]byte, string) {
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	f, err := w.CreateFormFile("file", uploadName)
	if err != nil {
		t.Fatal(err)
	}
	f.Write([]byte(content))
	w.WriteField("purpose", "user_data")
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), w.FormDataContentType()
}

// go-retryablehttp with NewTransport: two uploads of one file, each with
// its own boundary and its own retries, send one key.
func TestRetryableHTTPUpload(t *testing.T) {
	var keys []string
	var bodies [][]byte
	for _, content := range []string{uploadContent, uploadContent, "Refund order 1235\n"} {
		srv := newFakeAPI(t, failures, plainOK)
		body, ct := formUpload(t, content)
		req, err := retryablehttp.NewRequest("POST", srv.URL+"/v1/files", body)
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", ct)
		resp, err := retryableClient().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		key, first := srv.oneKey(t)
		if want := multipartFormulaKey(t, "", first); key != want {
			t.Errorf("key %s, formula %s", key, want)
		}
		keys, bodies = append(keys, key), append(bodies, first.Body)
	}
	if bytes.Equal(bodies[0], bodies[1]) {
		t.Fatalf("two uploads sent the same bytes: the test shows nothing")
	}
	if keys[0] != keys[1] || keys[0] == keys[2] {
		t.Errorf("keys %v: want the first two equal and the third another", keys)
	}
}
