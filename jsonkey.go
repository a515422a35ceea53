// Keys of JSON documents: the hash of their RFC 8785 canonical form.

package agentidemp

import (
	"crypto/sha256"
	"hash"
)

// JSONKey returns the hex key of the JSON document data: Sha256Hex of its
// RFC 8785 canonical form (see [AppendCanonicalJSON]), the same for every
// serialization of the same JSON value. The key is 35 bytes long and matches
// ^ik_[0-9a-f]{32}$; for a document that is already canonical it equals
// Sha256Hex(data), the key the siblings compute from the same bytes. Input
// that [AppendCanonicalJSON] refuses returns "" and its *[JSONError]. The
// canonical form streams into the hash and is never held: once warm, the
// returned string is the only allocation, whatever the document's length,
// within the scratch budget that AppendCanonicalJSON states.
func JSONKey(data []byte) (string, error) {
	var b [HexKeyLen]byte
	if err := jsonKey(&b, data, false, ""); err != nil {
		return "", err
	}
	return string(b[:]), nil
}

// AppendJSONKey appends the key returned by [JSONKey] to dst and returns the
// extended buffer. On error it returns dst unchanged and a *[JSONError].
func AppendJSONKey(dst, data []byte) ([]byte, error) {
	var b [HexKeyLen]byte
	if err := jsonKey(&b, data, false, ""); err != nil {
		return dst, err
	}
	return append(dst, b[:]...), nil
}

// ScopedJSONKey returns the hex key of the JSON document data within scope:
// ScopedSha256Hex(scope, canonical) where canonical is the RFC 8785 form of
// data. Input that [AppendCanonicalJSON] refuses returns "" and its
// *[JSONError].
func ScopedJSONKey(scope string, data []byte) (string, error) {
	var b [HexKeyLen]byte
	if err := jsonKey(&b, data, true, scope); err != nil {
		return "", err
	}
	return string(b[:]), nil
}

// AppendScopedJSONKey appends the key returned by [ScopedJSONKey] to dst and
// returns the extended buffer. On error it returns dst unchanged and a
// *[JSONError].
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

// writeCanonical writes the canonical form of data to h, streaming it
// through a fixed buffer. On error it has written nothing to h and returns
// the *JSONError.
func writeCanonical(h hash.Hash, data []byte) error {
	c := getCanon(data)
	defer putCanon(c)
	if err := c.parse(); err != nil {
		return err
	}
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
