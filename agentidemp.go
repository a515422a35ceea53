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
// [JSONKey] hashes the body's RFC 8785 canonical form, so member order,
// whitespace, escapes and number spellings do not matter; JSON that readers
// could read two ways is refused ([AppendCanonicalJSON] lists what).
// [NewTransport] keys the requests of any [net/http.Client] as the
// middleware does, and [RequestKeys] chooses the header, the methods, a
// scope and the key shape. The keys match those of the siblings
// agentidemp-py and agentidemp-rs byte for byte, as testdata/vectors.json
// pins; the [README] covers the specification, the siblings, memory and
// performance.
//
// # Key shapes
//
// A hex key ([Sha256Hex], [ScopedSha256Hex], [ScopedKey], [JSONKey],
// [ScopedJSONKey]) is "ik_" and 32 lowercase hexadecimal digits, the first
// 16 bytes (128 bits) of a SHA-256 digest: always 35 bytes of [a-z0-9_]. A
// UUID key is an RFC 9562 UUID in canonical lowercase 8-4-4-4-12 form,
// always 36 bytes of [0-9a-f-]: name-based version 5 from [UUID5Key], random
// version 4 from [RandomKey] for requests with no content to derive a key
// from. The output of every deterministic function never changes between
// releases: a changed key would turn a retry into a new request.
//
// # What it does not do
//
// It does not store keys, detect duplicates or retry requests, and it does
// not decide what belongs in a key: hash exactly the bytes that make two
// requests the same request.
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
