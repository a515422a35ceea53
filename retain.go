// The retention rule of the pools: how long pooled scratch memory outlives
// the calls that do not need it.

package agentidemp

// Pooled scratch memory (a canonicalizer's, a request body's JSON buffer)
// is kept for the next call whatever its size, so that a steady stream of
// large documents does not allocate; but after maxStrikes calls in a row
// that each used less than a quarter of it, it is dropped, so that steady
// small traffic after one burst of large documents holds little. Scratch
// memory of up to keptAlways bytes is never dropped.
//
// The constants:
//   - a quarter: memory that grows by doubling holds up to twice what its
//     largest call needed; a quarter leaves another factor of two below
//     that, so traffic whose size varies within a factor of two of its peak
//     never counts a strike;
//   - maxStrikes = 4: one small call between large ones (a short prompt in
//     a run of long ones) must not cost the next large call its memory;
//     four in a row mean the traffic has changed;
//   - keptAlways = 256 KiB: the memory of a document of some 20,000 values
//     (a typical chat request holds far fewer), small enough that keeping
//     it in every pooled object costs little and large enough that ordinary
//     traffic never reallocates.
//
// (Objects left idle in a pool are dropped by sync.Pool itself within two
// garbage collections; the canonicalizers' pool also has a budget, see
// poolBudget.)
const (
	maxStrikes = 4
	keptAlways = 256 << 10
)

// keepScratch applies the retention rule after a call that used used bytes
// of the held bytes of scratch memory: it counts the call in *strikes (the
// small calls in a row so far) and reports whether to keep the memory. When
// it reports false it has reset *strikes, and the caller drops the memory.
func keepScratch(strikes *int, held, used int) bool {
	if held > keptAlways && used < held/4 {
		*strikes++
	} else {
		*strikes = 0
	}
	if *strikes >= maxStrikes {
		*strikes = 0
		return false
	}
	return true
}
