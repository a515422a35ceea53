package main

import (
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
