// Closing the readers behind a request body: the body sent closes the copy
// read for the key and the caller's body, once each, and never one that is
// the body sent itself.

package agentidemp

import (
	"io"
	"net/http"
	"reflect"
	"strings"
	"sync"
)

// readCloser is a body read from one reader and closed through another.
type readCloser struct {
	io.Reader
	c io.Closer
}

func (r readCloser) Close() error { return r.c.Close() }

// closing returns body, made to close the others as well when it is
// closed: each once, after body, and none that is body itself or an
// earlier one of them (see sameReader), nor one whose Close does nothing
// (io.NopCloser's, http.NoBody). When there is nothing else to close it
// returns body itself.
func closing(body io.ReadCloser, others ...io.ReadCloser) io.ReadCloser {
	var keep [3]io.ReadCloser
	n := 0
	for _, o := range others {
		if o == nil || o == http.NoBody || isNopCloser(o) || sameReader(o, body) {
			continue
		}
		dup := false
		for _, seen := range keep[:n] {
			dup = dup || sameReader(o, seen)
		}
		if !dup {
			keep[n] = o
			n++
		}
	}
	if n == 0 {
		return body
	}
	b := &sentBody{ReadCloser: body, others: keep, n: n}
	if wt, ok := body.(io.WriterTo); ok {
		// The transport copies a body with a WriteTo method through it,
		// which gives the pieces, and so the chunks, of a chunked body.
		return sentBodyWriterTo{b, wt}
	}
	return b
}

// A sentBody is a body that closes up to three other readers after
// itself: the copies from GetBody that were read for the key (a second for
// the raw bytes of a multipart body that does not parse), and the
// request's original body, which the body sent may share state with.
type sentBody struct {
	io.ReadCloser
	others [3]io.ReadCloser
	n      int
	once   sync.Once
}

func (b *sentBody) Close() error {
	err := b.ReadCloser.Close()
	b.once.Do(func() {
		for _, o := range b.others[:b.n] {
			o.Close()
		}
	})
	return err
}

// A sentBodyWriterTo is a sentBody whose body has a WriteTo method, which
// it keeps.
type sentBodyWriterTo struct {
	*sentBody
	wt io.WriterTo
}

func (b sentBodyWriterTo) WriteTo(w io.Writer) (int64, error) { return b.wt.WriteTo(w) }

// The types of the values io.NopCloser returns: one for readers that
// implement io.WriterTo, one for the others.
var nopCloserTypes = [2]reflect.Type{
	reflect.TypeOf(io.NopCloser(nil)),
	reflect.TypeOf(io.NopCloser(strings.NewReader(""))),
}

// isNopCloser reports whether r was made by io.NopCloser, whose Close does
// nothing.
func isNopCloser(r io.ReadCloser) bool {
	t := reflect.TypeOf(r)
	return t == nopCloserTypes[0] || t == nopCloserTypes[1]
}

// sameReader reports whether a and b are provably the same reader: equal
// interface values of one dynamic type whose values == can compare
// without panicking. Values that == cannot compare (func-typed readers, or
// structs holding them, as io.NopCloser around one) are never the same.
func sameReader(a, b io.ReadCloser) bool {
	return reflect.TypeOf(a) == reflect.TypeOf(b) && reflect.ValueOf(a).Comparable() && a == b
}
