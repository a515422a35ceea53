// Package agentidemp derives Idempotency-Key values from request content,
// so that every retry of a request carries the same key as its first
// attempt, with no stored state.
//
//	key, err := agentidemp.JSONKey(body) // the same for every serialization of body
//	client := anthropic.NewClient(option.WithMiddleware(agentidemp.Middleware))
//
// [JSONKey] hashes the RFC 8785 form of a JSON body, refusing JSON that
// readers could read two ways. [Middleware], [NewTransport] and
// [RequestKeys] key an SDK's or a [net/http.Client]'s POST and PATCH
// requests by method, target and body: not JSONKey(body). A hex key is "ik_"
// and 32 lowercase hex digits (35 bytes); a UUID key, from [UUID5Key] or
// [RandomKey], is an RFC 9562 UUID in canonical lowercase form (36 bytes).
// Deterministic keys never change between releases, and match those of
// the siblings agentidemp-py and agentidemp-rs byte for byte; [SPEC.md]
// defines them.
//
// The package does not store keys, detect duplicates or retry requests, and
// does not decide what belongs in a key: hash exactly the bytes that make
// two requests the same request.
//
// [SPEC.md]: https://github.com/agentidemp/agentidemp-go/blob/main/SPEC.md
package agentidemp

import (
	"crypto/sha256"
	"encoding/binary"
)

// HexKeyPrefix starts every hex key.
const HexKeyPrefix = "ik_"

// HexKeyLen is the length in bytes of every hex key: "ik_" and 32 hex digits.
const HexKeyLen = len(HexKeyPrefix) + 32

// UUIDKeyLen is the length in bytes of every UUID key.
const UUIDKeyLen = 36

// Sha256Hex returns the hex key of content: "ik_" and the lowercase hex of
// the first 16 bytes of SHA-256(content), 35 bytes matching ^ik_[0-9a-f]{32}$.
func Sha256Hex(content []byte) string {
	var b [HexKeyLen]byte
	sum := sha256.Sum256(content)
	encodeHexKey(&b, &sum)
	return string(b[:])
}

// AppendSha256Hex appends [Sha256Hex](content) to dst. It does not allocate
// when dst has room for HexKeyLen more bytes.
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
