// Package integration proves agentidemp's middleware and transport with the
// real clients a Go agent uses: the Anthropic and OpenAI Go SDKs and
// hashicorp/go-retryablehttp, against local test servers that fail the
// first attempts. It is a module of its own so that the library's go.mod
// keeps no require line.
package integration
