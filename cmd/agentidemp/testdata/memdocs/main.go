// Command memdocs writes the documents on which the README's command-line
// memory table is measured (see ../memory.sh): for each of 10, 50 and 200
// MB, as many elements as keep the document within that many bytes of
//
//	strings-N.json  {"images": [...]}, strings of 100,000 base64 characters
//	objects-N.json  [{"role": "user", "id": 7, "score": 7.25, "ok": true}, ...]
//
// It writes them into the directory named by its one argument. The base64
// characters come from a fixed pseudo-random sequence, so every run writes
// the same bytes.
package main

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
)

const base64Chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: memdocs DIR")
		os.Exit(2)
	}
	for _, mb := range []int{10, 50, 200} {
		limit := mb * 1000 * 1000
		image := make([]byte, 100000)
		state := uint64(1)
		str := func() []byte {
			for i := range image {
				// xorshift64: any fixed sequence of base64 characters will do.
				state ^= state << 13
				state ^= state >> 7
				state ^= state << 17
				image[i] = base64Chars[state%64]
			}
			return append(append([]byte{'"'}, image...), '"')
		}
		write(filepath.Join(os.Args[1], fmt.Sprintf("strings-%d.json", mb)), `{"images": [`, "]}", limit, str)
		object := []byte(`{"role": "user", "id": 7, "score": 7.25, "ok": true}`)
		write(filepath.Join(os.Args[1], fmt.Sprintf("objects-%d.json", mb)), "[", "]", limit, func() []byte { return object })
	}
}

// write writes open, as many elements from next as keep the document
// within limit bytes, separated by ", ", and close to the file at path.
func write(path, open, close string, limit int, next func() []byte) {
	f, err := os.Create(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	w := bufio.NewWriter(f)
	w.WriteString(open)
	n := len(open) + len(close)
	for first := true; ; first = false {
		e := next()
		sep := ""
		if !first {
			sep = ", "
		}
		if n+len(sep)+len(e) > limit {
			break
		}
		w.WriteString(sep)
		w.Write(e)
		n += len(sep) + len(e)
	}
	w.WriteString(close)
	if err := w.Flush(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := f.Close(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
