// The commands but request and help: key, json, canon, scoped, uuid5,
// random and version.

package main

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"runtime/debug"

	"github.com/agentidemp/agentidemp-go"
)

// key streams the input into SHA-256, holding none of it: the key is
// Sha256Hex of the input, or with a scope other than "" ScopedSha256Hex,
// of scope || 0x00 || the input, as those functions' contracts define it:
// "ik_" and the lowercase hex form of the first 16 bytes of the digest.
func (c *cli) key(cmd *command, o *options, pos []string) int {
	in, status, done := c.open(cmd, pos)
	if done {
		return status
	}
	defer in.close()
	h := sha256.New()
	if o.scope != "" {
		io.WriteString(h, o.scope)
		h.Write([]byte{0})
	}
	if _, err := io.Copy(h, in.r); err != nil {
		return c.readError(cmd, &in, err)
	}
	var sum [sha256.Size]byte
	b := make([]byte, 0, agentidemp.HexKeyLen+1)
	b = append(b, agentidemp.HexKeyPrefix...)
	b = hex.AppendEncode(b, h.Sum(sum[:0])[:16])
	return c.write(c.stdout, append(b, '\n'))
}

func (c *cli) json(cmd *command, o *options, pos []string) int {
	name, data, status, done := c.readInput(cmd, pos)
	if done {
		return status
	}
	var key string
	var err error
	if o.scope != "" {
		key, err = agentidemp.ScopedJSONKey(o.scope, data)
	} else {
		key, err = agentidemp.JSONKey(data)
	}
	if err != nil {
		return c.refuseJSON(name, data, err)
	}
	return c.printKey(key)
}

func (c *cli) canon(cmd *command, o *options, pos []string) int {
	name, data, status, done := c.readInput(cmd, pos)
	if done {
		return status
	}
	out, err := agentidemp.CanonicalJSON(data)
	if err != nil {
		return c.refuseJSON(name, data, err)
	}
	if status := c.write(c.stdout, out); status != exitOK {
		return status
	}
	if c.terminal {
		// Written on its own: appending could copy a large output.
		return c.write(c.stdout, []byte{'\n'})
	}
	return exitOK
}

func (c *cli) scoped(cmd *command, o *options, pos []string) int {
	return c.printKey(agentidemp.ScopedKey(pos[0], pos[1:]...))
}

func (c *cli) uuid5(cmd *command, o *options, pos []string) int {
	ns, ok := namespace(o.ns)
	if !ok {
		return c.badNamespace(cmd, o.ns)
	}
	var name []byte
	if len(pos) == 1 {
		name = []byte(pos[0])
	} else {
		var err error
		if name, err = readAll(c.stdin); err != nil {
			return c.misuse(cmd, "reading standard input: "+err.Error())
		}
	}
	return c.printKey(agentidemp.UUID5Key(ns, name))
}

func (c *cli) random(cmd *command, o *options, pos []string) int {
	return c.printKey(agentidemp.RandomKey())
}

func (c *cli) version(cmd *command, o *options, pos []string) int {
	return c.printKey(buildVersion())
}

// buildVersion returns the version of the main module from the build
// information: a release version or pseudo-version when the command was
// installed with go install or built by a toolchain that stamps version
// control information, and "(devel)" otherwise (a build from a checkout
// without it).
func buildVersion() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok || bi.Main.Version == "" {
		return "(devel)"
	}
	return bi.Main.Version
}
