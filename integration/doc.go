// Package integration proves agentidemp's middleware and transport with the
// real clients a Go agent uses: the Anthropic and OpenAI Go SDKs,
// sashabaranov/go-openai in hand-written retry loops,
// hashicorp/go-retryablehttp and the MCP go-sdk (through a gateway that
// dedups tool calls by key), against local test servers that fail the
// first attempts. It is a module of its own so that the library's go.mod
// keeps no require line.
package integration
