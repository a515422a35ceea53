package agentidemp_test

import (
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/agentidemp/agentidemp-go"
)

// Callers use the exported constants in ordinary int expressions. This file
// compiles only if each of them fits in an int on the platform it is built
// for; CI builds and runs it with GOARCH=386, where int has 32 bits.
func TestConstantsInCallerExpressions(t *testing.T) {
	b := []byte(`{"a":1}`)
	if len(b) > agentidemp.MaxJSONLen {
		t.Fatalf("a %d-byte input is beyond MaxJSONLen", len(b))
	}
	depth := 1
	if depth > agentidemp.MaxJSONDepth {
		t.Fatalf("depth %d is beyond MaxJSONDepth", depth)
	}
	var maxLen, maxDepth int = agentidemp.MaxJSONLen, agentidemp.MaxJSONDepth
	var hexKey [agentidemp.HexKeyLen]byte
	var uuidKey [agentidemp.UUIDKeyLen]byte

	// Every slice length the platform allows is within MaxJSONLen, and no
	// input beyond 4 GiB − 1 is accepted anywhere.
	if maxLen < math.MaxInt32 || uint64(maxLen) > 1<<32-1 {
		t.Errorf("MaxJSONLen = %d where int has %d bits", maxLen, strconv.IntSize)
	}
	if maxDepth != 10000 {
		t.Errorf("MaxJSONDepth = %d, want 10000", maxDepth)
	}
	if len(hexKey) != 35 || len(uuidKey) != 36 {
		t.Errorf("HexKeyLen = %d, UUIDKeyLen = %d; want 35, 36", len(hexKey), len(uuidKey))
	}
	if n := len(agentidemp.AppendSha256Hex(hexKey[:0], b)); n != agentidemp.HexKeyLen {
		t.Errorf("AppendSha256Hex wrote %d bytes, HexKeyLen is %d", n, agentidemp.HexKeyLen)
	}
	if n := len(agentidemp.AppendUUID5Key(uuidKey[:0], agentidemp.NamespaceDNS, b)); n != agentidemp.UUIDKeyLen {
		t.Errorf("AppendUUID5Key wrote %d bytes, UUIDKeyLen is %d", n, agentidemp.UUIDKeyLen)
	}
	if !strings.HasPrefix(string(hexKey[:]), agentidemp.HexKeyPrefix) {
		t.Errorf("hex key %q does not start with HexKeyPrefix %q", hexKey, agentidemp.HexKeyPrefix)
	}
}
