// Random keys: version-4 UUIDs for requests with no content to derive from.

package agentidemp

import "crypto/rand"

// RandomUUID returns a random RFC 9562 version-4 UUID: 122 bits from
// crypto/rand. Should the system give no random bytes, it panics (Go 1.22
// and 1.23), or crypto/rand ends the program (Go 1.24 on).
func RandomUUID() UUID {
	var u UUID
	if _, err := rand.Read(u[:]); err != nil {
		panic("agentidemp: crypto/rand failed: " + err.Error())
	}
	u.setVersion(4)
	return u
}

// RandomKey returns a new random version-4 UUID in canonical form: 36 bytes
// matching ^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$.
// Keep it for every retry of the request.
func RandomKey() string {
	return RandomUUID().String()
}
