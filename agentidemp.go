// Package agentidemp derives Idempotency-Key values from request content, so
// that every retry of a request carries the same key as its first attempt,
// with no stored state.
//
// The key of a JSON request body, the same whichever serializer wrote it
// (ik_65f5796bf78f076f9e5cea79ced61d7a for the body of the package example):
//
//	key, err := agentidemp.JSONKey(body)
//
// One option keys every POST and PATCH request of a client of the Anthropic
// or OpenAI Go SDK ([Middleware]):
//
//	client := anthropic.NewClient(option.WithMiddleware(agentidemp.Middleware))
//
// The command line prints the same keys from a shell:
//
//	go install github.com/agentidemp/agentidemp-go/cmd/agentidemp@latest
//	agentidemp json body.json
//
// [JSONKey] hashes the body's RFC 8785 canonical form: member order,
// whitespace, escapes and number spellings do not matter, and JSON that
// readers could read two ways is refused ([AppendCanonicalJSON] lists
// what). The middleware keys a request by its method, target and body, so
// every attempt carries the same key; [NewTransport] does the same for any
// [net/http.Client], and [RequestKeys] sets the header, the methods, a scope
// and the key shape. The keys match those of the siblings agentidemp-py and
// agentidemp-rs byte for byte, as testdata/vectors.json pins; the [README]
// covers the specification, the siblings, memory and performance.
//
// # Key shapes
//
// A hex key is "ik_" followed by 32 lowercase hexadecimal digits: the first
// 16 bytes (128 bits) of a SHA-256 digest. It is always 35 bytes of
// [a-z0-9_]. [Sha256Hex], [ScopedSha256Hex], [ScopedKey], [JSONKey] and
// [ScopedJSONKey] return hex keys.
//
// A UUID key is an RFC 9562 UUID in its canonical lowercase 8-4-4-4-12 form,
// always 36 bytes of [0-9a-f-]. [UUID5Key] returns a name-based version-5 UUID
// (deterministic); [RandomKey] returns a random version-4 UUID (for requests
// that have no content to derive a key from).
//
// The output of every deterministic function is fixed: it never changes
// between releases, because a changed key would turn a retry into a new
// request.
//
// # What it does not do
//
// It does not store keys, detect duplicates or retry requests:
// deduplication is the job of the server or gateway that reads the
// Idempotency-Key header, and retrying that of the client.
// It does not decide what belongs in a key: hash exactly the bytes that make
// two requests the same request.
//
// [README]: https://github.com/agentidemp/agentidemp-go#readme
package agentidemp

import (
	"crypto/sha256"
	"encoding/binary"
)

// HexKeyPrefix starts every hex key.
const HexKeyPrefix = "ik_"

// HexKeyLen is the length in bytes of every hex key: len(HexKeyPrefix) plus
// 32 hexadecimal digits.
const HexKeyLen = len(HexKeyPrefix) + 32

// UUIDKeyLen is the length in bytes of every UUID key.
const UUIDKeyLen = 36

// Sha256Hex returns the hex key of content: "ik_" followed by the lowercase
// hexadecimal form of the first 16 bytes of SHA-256(content). The result is
// always HexKeyLen (35) bytes long and matches ^ik_[0-9a-f]{32}$.
func Sha256Hex(content []byte) string {
	var b [HexKeyLen]byte
	sum := sha256.Sum256(content)
	encodeHexKey(&b, &sum)
	return string(b[:])
}

// AppendSha256Hex appends the hex key of content, as returned by [Sha256Hex],
// to dst and returns the extended buffer. It does not allocate when dst has
// room for HexKeyLen more bytes.
func AppendSha256Hex(dst, content []byte) []byte {
	var b [HexKeyLen]byte
	sum := sha256.Sum256(content)
	encodeHexKey(&b, &sum)
	return append(dst, b[:]...)
}

// encodeHexKey writes "ik_" and the hex form of the first half of sum to b.
func encodeHexKey(b *[HexKeyLen]byte, sum *[sha256.Size]byte) {
	copy(b[:], HexKeyPrefix)
	for i := 0; i < 4; i++ {
		x := hex8(sum[4*i], sum[4*i+1], sum[4*i+2], sum[4*i+3])
		binary.LittleEndian.PutUint64(b[len(HexKeyPrefix)+8*i:], x)
	}
}
