package agentidemp

import (
	"os"
	"syscall"
)

// guarded returns a copy of b whose capacity runs spare bytes (at most a
// page) past its length into a page that can be neither read nor written,
// and a function that unmaps it; ok is false where no such page can be
// had. Under debug.SetPanicOnFault, a read of b's spare capacity panics.
func guarded(b []byte, spare int) (g []byte, free func(), ok bool) {
	ps := os.Getpagesize()
	body := (len(b) + ps - 1) / ps * ps
	mem, err := syscall.Mmap(-1, 0, body+ps, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_ANON|syscall.MAP_PRIVATE)
	if err != nil {
		return nil, nil, false
	}
	if err := syscall.Mprotect(mem[body:], syscall.PROT_NONE); err != nil {
		syscall.Munmap(mem)
		return nil, nil, false
	}
	g = mem[body-len(b) : body : body+min(spare, ps)]
	copy(g, b)
	return g, func() { syscall.Munmap(mem) }, true
}
