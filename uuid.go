// The UUID type: parsing, formatting and text marshaling.

package agentidemp

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// A UUID is a 128-bit RFC 9562 UUID in network byte order: the version is
// the high 4 bits of byte 6, the variant the high 2 bits of byte 8 (binary
// 10 for RFC 9562 UUIDs). It converts directly to and from the UUID types of
// github.com/google/uuid and github.com/gofrs/uuid: uuid.UUID(u).
type UUID [16]byte

// ErrInvalidUUID is matched, with errors.Is, by every error of [ParseUUID] and
// [UUID.UnmarshalText].
var ErrInvalidUUID = errors.New("agentidemp: invalid UUID")

// A UUIDError reports why a string is not a UUID in canonical form.
type UUIDError struct {
	// Offset is the byte offset of the offending character, or -1 when the
	// length is wrong.
	Offset int
	// Len is the length of the input.
	Len int
	// Char is the offending byte, when Offset >= 0.
	Char byte
}

func (e *UUIDError) Error() string {
	switch {
	case e.Offset < 0:
		return fmt.Sprintf("agentidemp: invalid UUID: length %d, want 36", e.Len)
	case isHyphenOffset(e.Offset):
		return fmt.Sprintf("agentidemp: invalid UUID: %s at offset %d, want '-'", describeByte(e.Char), e.Offset)
	default:
		return fmt.Sprintf("agentidemp: invalid UUID: %s at offset %d, want a hex digit", describeByte(e.Char), e.Offset)
	}
}

// Unwrap returns [ErrInvalidUUID].
func (e *UUIDError) Unwrap() error { return ErrInvalidUUID }

func isHyphenOffset(i int) bool { return i == 8 || i == 13 || i == 18 || i == 23 }

// ParseUUID parses the canonical 36-byte form of a UUID, hex digits in
// either case, and nothing else (no braces, no "urn:uuid:", no missing
// hyphens). Other input returns a *[UUIDError] (SPEC.md section 2.3).
func ParseUUID(s string) (UUID, error) {
	return parseUUID(s)
}

// parseUUID is [ParseUUID] for text held in a string or a byte slice, so that
// [UUID.UnmarshalText] need not copy its input into a string.
func parseUUID[T ~string | ~[]byte](s T) (UUID, error) {
	var u UUID
	if len(s) != UUIDKeyLen {
		return u, &UUIDError{Offset: -1, Len: len(s)}
	}
	j := 0
	for i := 0; i < UUIDKeyLen; i++ {
		c := s[i]
		if isHyphenOffset(i) {
			if c != '-' {
				return UUID{}, &UUIDError{Offset: i, Len: len(s), Char: c}
			}
			continue
		}
		v := hexValue(c)
		if v > 0x0f {
			return UUID{}, &UUIDError{Offset: i, Len: len(s), Char: c}
		}
		u[j/2] |= v << (4 * (1 - j%2))
		j++
	}
	return u, nil
}

// String returns u in canonical form: 36 bytes, lowercase 8-4-4-4-12.
func (u UUID) String() string {
	var b [UUIDKeyLen]byte
	encodeUUID(&b, &u)
	return string(b[:])
}

// AppendText appends [UUID.String] to b and never fails. It does not
// allocate when b has room for 36 more bytes.
func (u UUID) AppendText(b []byte) ([]byte, error) {
	var t [UUIDKeyLen]byte
	encodeUUID(&t, &u)
	return append(b, t[:]...), nil
}

// MarshalText implements encoding.TextMarshaler: the canonical form of u.
func (u UUID) MarshalText() ([]byte, error) {
	return u.AppendText(make([]byte, 0, UUIDKeyLen))
}

// UnmarshalText implements encoding.TextUnmarshaler as [ParseUUID] does,
// leaving u unchanged on error, without allocating for a valid UUID.
func (u *UUID) UnmarshalText(text []byte) error {
	v, err := parseUUID(text)
	if err != nil {
		return err
	}
	*u = v
	return nil
}

// Version returns the version field of u: the high 4 bits of byte 6.
func (u UUID) Version() int { return int(u[6] >> 4) }

// setVersion sets the version field of u and its variant to RFC 9562's
// (binary 10).
func (u *UUID) setVersion(v byte) {
	u[6] = u[6]&0x0f | v<<4
	u[8] = u[8]&0x3f | 0x80
}

// encodeUUID writes the canonical form of u to b.
func encodeUUID(b *[UUIDKeyLen]byte, u *UUID) {
	x := hex8(u[0], u[1], u[2], u[3])
	binary.LittleEndian.PutUint64(b[0:], x)
	b[8] = '-'
	x = hex8(u[4], u[5], u[6], u[7])
	binary.LittleEndian.PutUint32(b[9:], uint32(x))
	b[13] = '-'
	binary.LittleEndian.PutUint32(b[14:], uint32(x>>32))
	b[18] = '-'
	x = hex8(u[8], u[9], u[10], u[11])
	binary.LittleEndian.PutUint32(b[19:], uint32(x))
	b[23] = '-'
	binary.LittleEndian.PutUint32(b[24:], uint32(x>>32))
	binary.LittleEndian.PutUint64(b[28:], hex8(u[12], u[13], u[14], u[15]))
}
