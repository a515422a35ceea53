package main

import (
	"bytes"
	"net/http"
	"testing"

	"github.com/agentidemp/agentidemp-go"
)

// TestEmptyScope checks that -scope "" is the same as no -scope for every
// command that takes the flag: key and json print the unscoped key
// (Sha256Hex, JSONKey), not the key in the empty scope, and request the
// key of RequestKeys without a Scope function, whose scope is "". So a
// script that passes -scope "$TENANT" gets, with an empty TENANT, the keys
// it would get without the flag, from every command.
func TestEmptyScope(t *testing.T) {
	body := []byte(`{"b": 2, "a": [1.0, "x"]}`)
	req, err := http.NewRequest(http.MethodPost, "/v1/x", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	requestKey, err := agentidemp.RequestKey(req)
	if err != nil {
		t.Fatal(err)
	}
	jsonKey, err := agentidemp.JSONKey(body)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args []string // the command line, before -scope and after it
		rest []string
		want string // the key without a scope, from the library
	}{
		{[]string{"key"}, nil, agentidemp.Sha256Hex(body)},
		{[]string{"json"}, nil, jsonKey},
		{[]string{"request"}, []string{"POST", "/v1/x"}, requestKey},
	} {
		plain := append(append([]string{}, tc.args...), tc.rest...)
		empty := append(append(append([]string{}, tc.args...), "-scope", ""), tc.rest...)
		equals := append(append(append([]string{}, tc.args...), "-scope="), tc.rest...)
		scoped := append(append(append([]string{}, tc.args...), "-scope", "t"), tc.rest...)
		wantKey(t, tc.args[0]+" without -scope", run(t, body, plain...), tc.want)
		wantKey(t, tc.args[0]+` -scope ""`, run(t, body, empty...), tc.want)
		wantKey(t, tc.args[0]+" -scope=", run(t, body, equals...), tc.want)
		if r := run(t, body, scoped...); r.code != 0 || r.stdout == tc.want+"\n" {
			t.Errorf("%s -scope t: exit %d, stdout %q: want another key than without a scope", tc.args[0], r.code, r.stdout)
		}
	}
}
