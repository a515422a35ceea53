// Reading the input: FILE or standard input.

package main

import (
	"fmt"
	"io"
	"os"
)

// readAll reads r to its end into one buffer, holding the input in memory
// about once. When r is a regular file (FILE, or standard input under
// "< file"), the buffer is sized from the file's length up front, as
// os.ReadFile does. Otherwise (a pipe) the input is read in chunks of
// growing size and gathered into one buffer of its exact length at the end,
// so that no growing buffer leaves copies of the input behind.
func readAll(r io.Reader) ([]byte, error) {
	if f, ok := r.(interface{ Stat() (os.FileInfo, error) }); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() && fi.Size() > 0 && fi.Size() < 1<<62 {
			// One byte more, to see the end without growing.
			return readSized(r, make([]byte, 0, fi.Size()+1))
		}
	}
	var chunks [][]byte
	total := 0
	for size := 64 << 10; ; {
		chunk := make([]byte, size)
		n, err := io.ReadFull(r, chunk)
		chunks = append(chunks, chunk[:n])
		total += n
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			break
		}
		if err != nil {
			return nil, err
		}
		if size < 16<<20 {
			size *= 2
		}
	}
	if len(chunks) == 1 {
		return chunks[0], nil
	}
	data := make([]byte, 0, total)
	for _, c := range chunks {
		data = append(data, c...)
	}
	return data, nil
}

// readSized reads r to its end into data, growing it if r holds more than
// its capacity.
func readSized(r io.Reader, data []byte) ([]byte, error) {
	for {
		if len(data) == cap(data) {
			data = append(data, 0)[:len(data)]
		}
		n, err := r.Read(data[len(data):cap(data)])
		data = data[:len(data)+n]
		if err == io.EOF {
			return data, nil
		}
		if err != nil {
			return nil, err
		}
	}
}

// An input is what key, json, canon and request work on: FILE or standard
// input, and its name for messages.
type input struct {
	name string
	r    io.Reader
	file *os.File // FILE, which close closes; nil for standard input
}

// open opens the input named by the positional arguments pos (a FILE, "-",
// or nothing for standard input), or returns done with the exit status when
// FILE cannot be opened.
func (c *cli) open(cmd *command, pos []string) (in input, status int, done bool) {
	if len(pos) == 0 || pos[0] == "-" {
		return input{name: stdinName, r: c.stdin}, exitOK, false
	}
	f, err := os.Open(pos[0])
	if err != nil {
		return in, c.misuse(cmd, err.Error()), true
	}
	return input{name: pos[0], r: f, file: f}, exitOK, false
}

// close closes FILE, if the input is one.
func (in *input) close() {
	if in.file != nil {
		in.file.Close()
	}
}

// readError reports err, met reading the input, as misuse: the input is
// unreadable.
func (c *cli) readError(cmd *command, in *input, err error) int {
	if in.file == nil {
		err = fmt.Errorf("reading standard input: %w", err)
	}
	return c.misuse(cmd, err.Error())
}

// readInput reads all of the input named by pos (see open). It returns the
// name for messages, or done with the exit status when the input cannot be
// read.
func (c *cli) readInput(cmd *command, pos []string) (name string, data []byte, status int, done bool) {
	in, status, done := c.open(cmd, pos)
	if done {
		return in.name, nil, status, true
	}
	data, status, done = c.readOpened(cmd, &in)
	return in.name, data, status, done
}

// readOpened reads all of the opened input in and closes it, or returns
// done with the exit status when it cannot be read.
func (c *cli) readOpened(cmd *command, in *input) (data []byte, status int, done bool) {
	defer in.close()
	data, err := readAll(in.r)
	if err != nil {
		return nil, c.readError(cmd, in, err), true
	}
	return data, exitOK, false
}
