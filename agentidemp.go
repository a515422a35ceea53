// Package agentidemp derives Idempotency-Key values from request content, so
// that every retry of a request carries the same key as its first attempt
// without any stored state.
//
// Its hex, scoped and UUIDv5 keys are the same, byte for byte, as those its
// siblings agentidemp-py (Python) and agentidemp-rs (Rust) compute from the
// same bytes: [ScopedKey] is agentidemp-py's scoped_key (agentidemp-rs has
// only the one-part form, [ScopedSha256Hex]). The siblings take scopes, and
// agentidemp-py UUIDv5 names, as text, so they can express only the inputs
// that are valid UTF-8. The golden vectors in testdata/vectors.json, computed
// with Python's hashlib and uuid, pin every key for ports.
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
// # Canonical JSON
//
// [JSONKey] hashes the RFC 8785 canonical form of a JSON document, so that a
// request keeps its key whichever serializer wrote it: member order,
// whitespace, escapes and number spellings do not matter. Input is refused
// with an error rather than guessed at: invalid JSON, and JSON that readers
// disagree on (duplicate member names, integer literals beyond 2^53 not in
// their canonical form, lone surrogates).
//
// # Keys on the wire
//
// [Middleware] sets the key of each POST and PATCH request as its
// Idempotency-Key header, in one line, in the Anthropic and OpenAI Go SDKs
// (option.WithMiddleware(agentidemp.Middleware)); [NewTransport] does the
// same for any [net/http.Client]; [RequestKey] returns the key of a request
// for callers that set headers themselves; [RequestKeys] configures the
// header name, the methods, a scope, the key shape and a body-size limit.
// The key is that of the request's method, target and body (canonical JSON
// for a JSON body), so every attempt carries the same key, also from
// another process after a restart. A command-line tool, cmd/agentidemp,
// prints every key from a shell.
//
// # What it does not do
//
// It does not store keys, detect duplicates or retry requests:
// deduplication is the job of the server or gateway that reads the
// Idempotency-Key header, and retrying that of the client.
// It does not decide what belongs in a key: hash exactly the bytes that make
// two requests the same request.
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
