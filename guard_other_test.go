//go:build !linux

package agentidemp

// guarded is guard_linux_test.go's, which needs mmap and mprotect: here
// it reports that no guarded copy can be had.
func guarded(b []byte, spare int) (g []byte, free func(), ok bool) {
	return nil, nil, false
}
