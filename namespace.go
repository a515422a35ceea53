// Name-based UUIDs: the RFC 9562 namespaces and version-5 UUIDs and keys.

package agentidemp

import "crypto/sha1"

// dnsNamespace is the RFC 9562 DNS namespace as the package hashes it in
// the UUID shape of [RequestKeys]: unexported, so that no caller can change
// that key.
var dnsNamespace = UUID{0x6b, 0xa7, 0xb8, 0x10, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8}

// The namespace UUIDs of RFC 9562 section 6.6, variables only because Go has
// no array constants. No key the package computes itself reads them.
var (
	NamespaceDNS  = dnsNamespace
	NamespaceURL  = UUID{0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8}
	NamespaceOID  = UUID{0x6b, 0xa7, 0xb8, 0x12, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8}
	NamespaceX500 = UUID{0x6b, 0xa7, 0xb8, 0x14, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8}
)

// NamespaceAnthropic is the namespace of the siblings' UUID keys: the
// RFC 9562 DNS namespace itself, equal to [NamespaceDNS].
var NamespaceAnthropic = dnsNamespace

// UUID5 returns the RFC 9562 version-5 UUID of name, any bytes, in
// namespace: the first 16 bytes of SHA-1(namespace || name), version 5.
func UUID5(namespace UUID, name []byte) UUID {
	var sum [sha1.Size]byte
	if len(name) <= 112 {
		// Short names: one contiguous block on the stack hashes faster
		// than two writes.
		var buf [128]byte
		copy(buf[:], namespace[:])
		n := copy(buf[16:], name)
		sum = sha1.Sum(buf[:16+n])
	} else {
		h := sha1.New()
		h.Write(namespace[:])
		h.Write(name)
		h.Sum(sum[:0])
	}
	var u UUID
	copy(u[:], sum[:16])
	u.setVersion(5)
	return u
}

// UUID5Key returns [UUID5](namespace, name) in canonical form: 36 bytes
// matching ^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$.
func UUID5Key(namespace UUID, name []byte) string {
	return UUID5(namespace, name).String()
}

// AppendUUID5Key appends [UUID5Key](namespace, name) to dst. It does not
// allocate when dst has room for 36 more bytes.
func AppendUUID5Key(dst []byte, namespace UUID, name []byte) []byte {
	var b [UUIDKeyLen]byte
	u := UUID5(namespace, name)
	encodeUUID(&b, &u)
	return append(dst, b[:]...)
}
