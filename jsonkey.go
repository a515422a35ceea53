package agentidemp

// JSONKey returns the hex key of the JSON document data: Sha256Hex of its
// RFC 8785 canonical form (see [AppendCanonicalJSON]). Serializations of the
// same JSON value get the same key, whatever their member order,
// whitespace, escapes or number spellings. The key is 35 bytes long and
// matches ^ik_[0-9a-f]{32}$. For a document that is already canonical it
// equals Sha256Hex(data), the key the siblings compute from the same bytes.
//
// Input that [AppendCanonicalJSON] refuses returns "" and its *[JSONError].
// Once warm, the returned string is its only allocation.
func JSONKey(data []byte) (string, error) {
	c := getCanon(data)
	defer putCanon(c)
	canonical, err := c.canonical()
	if err != nil {
		return "", err
	}
	return Sha256Hex(canonical), nil
}

// AppendJSONKey appends the key returned by [JSONKey] to dst and returns the
// extended buffer. On error it returns dst unchanged and a *[JSONError].
func AppendJSONKey(dst, data []byte) ([]byte, error) {
	c := getCanon(data)
	defer putCanon(c)
	canonical, err := c.canonical()
	if err != nil {
		return dst, err
	}
	return AppendSha256Hex(dst, canonical), nil
}

// ScopedJSONKey returns the hex key of the JSON document data within scope:
// ScopedSha256Hex(scope, canonical) where canonical is the RFC 8785 form of
// data. Input that [AppendCanonicalJSON] refuses returns "" and its
// *[JSONError].
//
// For other key shapes, canonicalize first and pass the result on, for
// example UUID5Key(namespace, canonical) for a UUID key.
func ScopedJSONKey(scope string, data []byte) (string, error) {
	c := getCanon(data)
	defer putCanon(c)
	canonical, err := c.canonical()
	if err != nil {
		return "", err
	}
	return ScopedSha256Hex(scope, canonical), nil
}

// canonical canonicalizes c.in into the reusable buffer c.out.
func (c *canon) canonical() ([]byte, error) {
	if err := c.parse(); err != nil {
		return nil, err
	}
	out, err := c.emit(c.out[:0])
	c.out = out
	return out, err
}
