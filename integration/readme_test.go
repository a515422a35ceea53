package integration

import (
	"os"
	"strings"
	"testing"
)

// The README's "Works with" table gives, for each client, the version these
// tests run: the one go.mod pins.
func TestReadmeWorksWith(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(readme), "\n## Works with\n")
	section, _, _ = strings.Cut(section, "\n## ")
	if !ok {
		t.Fatal(`no "## Works with" section in the README`)
	}
	gomod, err := os.ReadFile("go.mod")
	if err != nil {
		t.Fatal(err)
	}
	pinned := map[string]string{} // module: version, from the require lines
	for _, line := range strings.Split(string(gomod), "\n") {
		f := strings.Fields(strings.TrimPrefix(line, "require "))
		if len(f) >= 2 && strings.HasPrefix(f[1], "v") {
			pinned[f[0]] = f[1]
		}
	}
	modules := map[string]string{ // the table's first column: the module
		"anthropic-sdk-go": "github.com/anthropics/anthropic-sdk-go/v2",
		"openai-go":        "github.com/openai/openai-go/v3",
		"go-retryablehttp": "github.com/hashicorp/go-retryablehttp",
		"go-openai":        "github.com/sashabaranov/go-openai",
		"MCP go-sdk":       "github.com/modelcontextprotocol/go-sdk",
	}
	seen := map[string]bool{}
	for _, line := range strings.Split(section, "\n") {
		cells := strings.Split(strings.Trim(line, "| "), " | ")
		if module, ok := modules[cells[0]]; ok {
			seen[cells[0]] = true
			if v := cells[len(cells)-1]; v != pinned[module] {
				t.Errorf("the README gives %s %s; go.mod pins %s", cells[0], v, pinned[module])
			}
		}
	}
	for client := range modules {
		if !seen[client] {
			t.Errorf("no row for %s", client)
		}
	}
	// The retry loops of the go-openai row.
	for name, module := range map[string]string{"retry-go": "github.com/avast/retry-go/v4", "backoff": "github.com/cenkalti/backoff/v5"} {
		if v := pinned[module]; v == "" || !strings.Contains(section, name+" "+v) {
			t.Errorf("the README does not give %s %s", name, v)
		}
	}
}
