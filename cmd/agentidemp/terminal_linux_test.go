package main

import (
	"bytes"
	"errors"
	"io"
	"os"
	"os/exec"
	"strconv"
	"syscall"
	"testing"
	"unsafe"
)

// openPTY opens a pseudo-terminal pair: the master, and the terminal a
// child can write to.
func openPTY(t *testing.T) (master, tty *os.File) {
	t.Helper()
	master, err := os.OpenFile("/dev/ptmx", os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Fatal(err)
	}
	var unlock int32
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, master.Fd(), syscall.TIOCSPTLCK, uintptr(unsafe.Pointer(&unlock))); e != 0 {
		master.Close()
		t.Fatal("unlocking the pseudo-terminal:", e)
	}
	var n uint32
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, master.Fd(), syscall.TIOCGPTN, uintptr(unsafe.Pointer(&n))); e != 0 {
		master.Close()
		t.Fatal("numbering the pseudo-terminal:", e)
	}
	tty, err = os.OpenFile("/dev/pts/"+strconv.Itoa(int(n)), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		master.Close()
		t.Fatal(err)
	}
	return master, tty
}

// TestCanonTerminal checks that canon ends its output with a newline when
// standard output is a terminal, and only then.
func TestCanonTerminal(t *testing.T) {
	master, tty := openPTY(t)
	defer master.Close()
	cmd := exec.Command(binary, "canon")
	cmd.Stdin = bytes.NewReader([]byte(`{"b": [1.50, 2E2], "a": "\u00e9"}`))
	cmd.Stdout = tty
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err := cmd.Run()
	tty.Close()
	if err != nil {
		t.Fatalf("canon to a terminal: %v, stderr %q", err, stderr.String())
	}
	// Read what the terminal got; once the writer is gone, the master
	// reports EIO after the last byte.
	var got []byte
	buf := make([]byte, 4096)
	for {
		n, err := master.Read(buf)
		got = append(got, buf[:n]...)
		if err != nil {
			if !errors.Is(err, syscall.EIO) && err != io.EOF {
				t.Fatal(err)
			}
			break
		}
	}
	// The terminal's output processing turns "\n" into "\r\n".
	want := "{\"a\":\"\u00e9\",\"b\":[1.5,200]}\r\n"
	if string(got) != want {
		t.Errorf("the terminal got %q, want %q", got, want)
	}
	// The same command into a pipe adds nothing.
	if r := run(t, []byte(`{"b": [1.50, 2E2], "a": "\u00e9"}`), "canon"); r.stdout != want[:len(want)-2] {
		t.Errorf("into a pipe: %q", r.stdout)
	}
}
