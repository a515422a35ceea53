package main

import (
	"bytes"
	"flag"
	"fmt"
	"net/http"
	"strings"

	"github.com/agentidemp/agentidemp-go"
)

// request prints the key that RequestKeys, the HTTP middleware, sets on a
// request with the given method, target, body and Content-Type. It warns on
// standard error, and still prints the key and exits 0, when the default
// middleware would set no key on the request (its method is not POST or
// PATCH), and when the body is JSON-typed but refused by the canonicalizer,
// so that it is hashed as it is.
func (c *cli) request(cmd *command, args []string) int {
	fs := flag.NewFlagSet(cmd.name, flag.ContinueOnError)
	scope := fs.String("scope", "", "")
	mediaType := fs.String("type", "application/json", "")
	uuid := fs.Bool("uuid", false, "")
	pos, status, done := c.parseFlags(cmd, fs, args, 2, 3)
	if done {
		return status
	}
	method, target := pos[0], pos[1]
	name, body, status, done := c.readInput(cmd, pos[2:])
	if done {
		return status
	}
	req, err := http.NewRequest(method, target, bytes.NewReader(body))
	if err != nil {
		return c.misuse(cmd, strings.TrimPrefix(err.Error(), "net/http: "))
	}
	if !strings.HasPrefix(target, "/") && (req.URL.Scheme == "" || req.URL.Host == "") {
		return c.misuse(cmd, fmt.Sprintf("TARGET %q: want a path starting with '/' or an absolute URL", target))
	}
	if *mediaType != "" {
		req.Header.Set("Content-Type", *mediaType)
	}
	keys := agentidemp.RequestKeys{
		Scope:   func(*http.Request) string { return *scope },
		MaxBody: -1, // the body is in memory already
	}
	if *uuid {
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
	if _, err := agentidemp.JSONKey(body); err != nil && jsonTyped(*mediaType) {
		c.reportJSON(name, body, err, "warning: the canonicalizer refuses the body, so it is hashed as it is, as the middleware does: ")
	}
	return c.printKey(key)
}

// jsonTyped reports whether the middleware takes a body of media type mt
// as JSON. It asks the library, so that the rule is written once: the
// bodies " 0" and "0" share a key only when they are taken as JSON, which
// canonicalizes both to "0" (raw, or as a multipart body that does not
// parse, they differ).
func jsonTyped(mt string) bool {
	key := func(body string) string {
		// Neither call can fail: the method and target are valid and the
		// body is in memory.
		req, _ := http.NewRequest(http.MethodPost, "/", strings.NewReader(body))
		if mt != "" {
			req.Header.Set("Content-Type", mt)
		}
		k, _ := agentidemp.RequestKey(req)
		return k
	}
	return key(" 0") == key("0")
}
