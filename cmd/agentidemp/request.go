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
// request with the given method, target, body and Content-Type.
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
	_, body, status, done := c.readInput(cmd, pos[2:])
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
	key, err := keys.RequestKey(req)
	if err != nil {
		fmt.Fprintf(c.stderr, "agentidemp request: %v\n", err)
		return exitRefused
	}
	return c.printKey(key)
}
