package agentidemp

import (
	"context"
	"io"
)

// readChunks reads r into the chunks of a held body, as req.Body with a
// ContentLength of size is read without GetBody, and returns them.
func readChunks(r io.Reader, size, limit int64) (chunks, error) {
	b, err := new(bodyScratch).hold(context.Background(), r, size, limit, false)
	return b.c, err
}
