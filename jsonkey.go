// Keys of JSON documents: the hash of their RFC 8785 canonical form.

package agentidemp

import (
	"crypto/sha256"
	"hash"
)

// JSONKey returns Sha256Hex of the RFC 8785 form of the JSON document data,
// the same for every serialization of the same value (35 bytes matching
// ^ik_[0-9a-f]{32}$), or "" and the *[JSONError] of a refused input. Once
// warm, the key is its only allocation, whatever the document's length.
func JSONKey(data []byte) (string, error) {
	var b [HexKeyLen]byte
	if err := jsonKey(&b, data, false, ""); err != nil {
		return "", err
	}
	return string(b[:]), nil
}

// AppendJSONKey appends [JSONKey](data) to dst. On error it returns dst
// unchanged and a *[JSONError].
func AppendJSONKey(dst, data []byte) ([]byte, error) {
	var b [HexKeyLen]byte
	if err := jsonKey(&b, data, false, ""); err != nil {
		return dst, err
	}
	return append(dst, b[:]...), nil
}

// ScopedJSONKey returns ScopedSha256Hex(scope, c), c being the RFC 8785 form
// of the JSON document data, or "" and the *[JSONError] of a refused input.
func ScopedJSONKey(scope string, data []byte) (string, error) {
	var b [HexKeyLen]byte
	if err := jsonKey(&b, data, true, scope); err != nil {
		return "", err
	}
	return string(b[:]), nil
}

// AppendScopedJSONKey appends [ScopedJSONKey](scope, data) to dst. On error
// it returns dst unchanged and a *[JSONError].
func AppendScopedJSONKey(dst []byte, scope string, data []byte) ([]byte, error) {
	var b [HexKeyLen]byte
	if err := jsonKey(&b, data, true, scope); err != nil {
		return dst, err
	}
	return append(dst, b[:]...), nil
}

// jsonKey writes to b the hex key of the canonical form of data, within
// scope when scoped is set. The canonical form streams into the hash
// through a fixed buffer and is never held whole.
func jsonKey(b *[HexKeyLen]byte, data []byte, scoped bool, scope string) error {
	c := getCanon(data)
	defer putCanon(c)
	if err := c.parse(); err != nil {
		return err
	}
	h := c.sha256()
	c.writeTo(h, scope, scoped)
	h.Sum(c.sum[:0])
	encodeHexKey(b, &c.sum)
	return nil
}

// writeCanonical writes the canonical form of data, less the members that
// omit names (nil for none), to h, streaming it through a fixed buffer. On
// error it has written nothing to h and returns the *JSONError.
func writeCanonical(h hash.Hash, data []byte, omit *omitList) error {
	c := getCanon(data)
	defer putCanon(c)
	if err := c.parse(); err != nil {
		return err
	}
	c.omit = omit // until recycle
	c.writeTo(h, "", false)
	return nil
}

// sha256 returns c's SHA-256 digest, reset.
func (c *canon) sha256() hash.Hash {
	if c.sha == nil {
		c.sha = sha256.New()
	}
	c.sha.Reset()
	return c.sha
}
