package main

import (
	"io"
	"os"
)

// readAll reads r to its end into one buffer. When r is a regular file (as
// standard input is under "< file"), the buffer is sized from its length
// up front, as os.ReadFile does, so a large input is read into memory once
// rather than copied each time the buffer grows.
func readAll(r io.Reader) ([]byte, error) {
	size := 512
	if f, ok := r.(interface{ Stat() (os.FileInfo, error) }); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() {
			if n := fi.Size(); n > 0 && int64(int(n)) == n && int(n) < int(^uint(0)>>1) {
				size = int(n) + 1 // one byte more, to see the end without growing
			}
		}
	}
	data := make([]byte, 0, size)
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
