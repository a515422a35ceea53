// The request command: the key that the HTTP middleware sets.

package main

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"

	"github.com/agentidemp/agentidemp-go"
)

// request prints the key that RequestKeys, the HTTP middleware, sets on a
// request with the given method, target, body and Content-Type. It warns on
// standard error, and still prints the key and exits 0, when the default
// middleware would set no key on the request (its method is not POST or
// PATCH), and when the body is not empty and the middleware hashes it as
// it is for want of a better form: a JSON-typed body that the
// canonicalizer refuses, or a multipart-typed one that does not parse.
// -omit pointers that RequestKeys refuses are misuse, reported before the
// input is read.
func (c *cli) request(cmd *command, o *options, pos []string) int {
	method, target := pos[0], pos[1]
	if err := checkPointers(o.omit); err != nil {
		return c.misuse(cmd, "-omit: "+strings.TrimPrefix(err.Error(), "agentidemp: "))
	}
	name, body, status, done := c.readInput(cmd, pos[2:])
	if done {
		return status
	}
	req, err := newRequest(method, target, o.mediaType, body)
	if err != nil {
		return c.misuse(cmd, strings.TrimPrefix(err.Error(), "net/http: "))
	}
	if !strings.HasPrefix(target, "/") && (req.URL.Scheme == "" || req.URL.Host == "") {
		return c.misuse(cmd, fmt.Sprintf("TARGET %q: want a path starting with '/' or an absolute URL", target))
	}
	keys := agentidemp.RequestKeys{
		Scope:   func(*http.Request) string { return o.scope },
		Omit:    o.omit,
		MaxBody: -1, // the body is in memory already
	}
	if o.uuid {
		keys.Shape = agentidemp.UUIDKey
	}
	// The key that the middleware sets, if it sets one: the middleware
	// itself decides which methods it keys.
	var key string
	_, err = keys.Middleware(req, func(r *http.Request) (*http.Response, error) {
		key = r.Header.Get(agentidemp.DefaultIdempotencyHeader)
		return nil, nil
	})
	if err == nil && key == "" {
		fmt.Fprintf(c.stderr, "agentidemp request: warning: the middleware sets no key on a %s request, only on POST and PATCH (RequestKeys.Methods); this is the key RequestKey gives\n", req.Method)
		key, err = keys.RequestKey(req)
	}
	if err != nil {
		fmt.Fprintf(c.stderr, "agentidemp request: %v\n", err)
		return exitRefused
	}
	// An empty body is keyed as empty whatever its type: nothing to warn of.
	if len(body) > 0 {
		switch kindOf(o.mediaType) {
		case jsonKind:
			// The one call that tells whether the canonicalizer refuses the
			// body, and where.
			if _, err := agentidemp.JSONKey(body); err != nil {
				c.reportJSON(name, body, err, "warning: the canonicalizer refuses the body, so it is hashed as it is, as the middleware does: ")
			}
		case multipartKind:
			hexKey := key
			if o.uuid {
				hexKeys := keys
				hexKeys.Shape = agentidemp.HexKey
				// It cannot fail where the first call did not.
				r, _ := newRequest(method, target, o.mediaType, body)
				hexKey, _ = hexKeys.RequestKey(r)
			}
			if hexKey == rawMultipartKey(o.scope, req, body) {
				fmt.Fprintf(c.stderr, "%s: warning: the body does not parse as multipart with the boundary of its Content-Type (or that has none), so it is hashed as it is, as the middleware does\n", name)
			}
		}
	}
	return c.printKey(key)
}

// checkPointers returns the error that RequestKeys gives every request
// when ptrs, as its Omit, are not valid, and nil when they are: it keys a
// request that nothing else can fail, so that the rule is the library's,
// checked before the input is read.
func checkPointers(ptrs []string) error {
	// It cannot fail: the method and target are valid.
	req, _ := newRequest(http.MethodPost, "/", "", nil)
	_, err := agentidemp.RequestKeys{Omit: ptrs}.RequestKey(req)
	return err
}

// newRequest returns the request that request keys: method, target and
// body, with the Content-Type mt unless mt is "".
func newRequest(method, target, mt string, body []byte) (*http.Request, error) {
	req, err := http.NewRequest(method, target, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	if mt != "" {
		req.Header.Set("Content-Type", mt)
	}
	return req, nil
}

// rawMultipartKey returns the hex key that RequestKeys gives req, in scope,
// when its multipart body does not parse: its documentation makes body'
// 0x00 || the raw body then, so the key is ScopedKey(scope, METHOD,
// target, "\x00"+body), written here with an empty part before the body,
// which the layout separates from it by the same 0x00. Any other body' of
// a multipart body starts with 0x01, and of an empty body is empty. The
// conversion copies the body once more, for a multipart body only.
func rawMultipartKey(scope string, req *http.Request, body []byte) string {
	return agentidemp.ScopedKey(scope, req.Method, req.URL.RequestURI(), "", string(body))
}

// A bodyKind is how the middleware takes a body of some media type.
type bodyKind int

const (
	rawKind       bodyKind = iota // hashed as it is
	jsonKind                      // by its canonical form, or as it is when refused
	multipartKind                 // by its parts, or as it is when it does not parse
)

// kindOf returns how the middleware takes a body of media type mt. It
// asks the library, so that the rule is written once, with bodies whose
// keys tell the kinds apart: " 0" and "0" share a key only when they are
// taken as JSON, which canonicalizes both to "0"; and "x", in which no
// multipart grammar finds a delimiter, is keyed as a multipart body that
// does not parse only under a multipart type.
func kindOf(mt string) bodyKind {
	key := func(body string) string {
		// Neither call can fail: the method and target are valid and the
		// body is in memory.
		req, _ := newRequest(http.MethodPost, "/", mt, []byte(body))
		k, _ := agentidemp.RequestKey(req)
		return k
	}
	switch {
	case key(" 0") == key("0"):
		return jsonKind
	case key("x") == agentidemp.ScopedKey("", http.MethodPost, "/", "", "x"):
		return multipartKind
	}
	return rawKind
}
