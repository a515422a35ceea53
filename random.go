// Random keys: version-4 UUIDs for requests with no content to derive from.

package agentidemp

import "crypto/rand"

// RandomUUID returns a random RFC 9562 version-4 UUID: 122 bits from
// crypto/rand, the version field set to 4 and the variant to RFC 9562's.
// If the operating system fails to provide random bytes, it panics when
// built with Go 1.22 or 1.23; from Go 1.24 on, crypto/rand itself ends the
// program instead.
func RandomUUID() UUID {
	var u UUID
	if _, err := rand.Read(u[:]); err != nil {
		panic("agentidemp: crypto/rand failed: " + err.Error())
	}
	u.setVersion(4)
	return u
}

// RandomKey returns a new random version-4 UUID in canonical form: 36 bytes,
// lowercase 8-4-4-4-12, matching
// ^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$.
// Every call gives a new key: keep it for every retry of the request.
func RandomKey() string {
	return RandomUUID().String()
}
