//go:build linux

package jsontext

// An interleaved harness, for a machine shared with other work: it runs the
// contenders of each shape in turn, round after round, rotating which goes
// first, and measures the process's CPU time (user and system, garbage
// collection included) as well as wall time. CPU time is what load from
// other processes disturbs least; the ratios are taken within each round,
// so each compares runs made seconds apart in one process.
//
//	go test -run TestInterleaved -rounds 9 -v . | grep -v '^[=-]'
//
// For each shape and contender it prints the median, least and greatest
// CPU time an op over the rounds and the median wall time; then, for each
// round, CanonicalJSON's CPU time divided by jsontext's (with the copy of
// the input subtracted), by json.Valid's and, for the large objects, by
// that of sorting the names: their median, least and greatest.

import (
	"encoding/json"
	"flag"
	"fmt"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/agentidemp/agentidemp-go"
)

var (
	rounds = flag.Int("rounds", 0, "run TestInterleaved with this many rounds (0 skips it)")
	only   = flag.String("shapes", "", "run TestInterleaved only on the shapes whose name contains this")
)

// batchCPU is the least CPU time one contender's batch of ops takes.
const batchCPU = 20 * time.Millisecond

// cpuTime returns the CPU time the process has used so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		panic(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

type contender struct {
	name string
	op   func()
	n    int       // ops a batch
	cpu  []float64 // CPU ns an op, one a round
	wall []float64
}

// measure runs n ops and returns the CPU and wall time an op, in ns.
func (c *contender) measure(n int) (cpu, wall float64) {
	c0, w0 := cpuTime(), time.Now()
	for i := 0; i < n; i++ {
		c.op()
	}
	return float64(cpuTime()-c0) / float64(n), float64(time.Since(w0)) / float64(n)
}

// calibrate sets c.n so that a batch takes about batchCPU.
func (c *contender) calibrate() {
	c.n = 1
	for {
		cpu, _ := c.measure(c.n)
		if total := cpu * float64(c.n); total >= float64(batchCPU) || c.n >= 1<<20 {
			return
		} else if total < float64(batchCPU)/100 {
			c.n *= 100
		} else {
			c.n = int(float64(c.n)*float64(batchCPU)/total) + 1
		}
	}
}

// spread returns the median, least and greatest of xs.
func spread(xs []float64) (med, lo, hi float64) {
	s := slices.Sorted(slices.Values(xs))
	n := len(s)
	med = s[n/2]
	if n%2 == 0 {
		med = (s[n/2-1] + s[n/2]) / 2
	}
	return med, s[0], s[n-1]
}

func TestInterleaved(t *testing.T) {
	if *rounds <= 0 {
		t.Skip("run with -rounds N")
	}
	for _, ls := range allShapes(t) {
		if strings.Contains(ls.name, *only) {
			interleave(t, ls.get())
		}
	}
}

func interleave(t *testing.T, s shape) {
	in := s.data
	buf := make([]byte, 0, 2*len(in))
	var err error
	cs := []*contender{
		{name: "CanonicalJSON", op: func() { sinkBytes, sinkErr = agentidemp.CanonicalJSON(in) }},
		{name: "JSONText", op: func() { sinkBytes, buf, sinkErr = canonicalize(buf, in) }},
		{name: "CopyFloor", op: func() { buf = append(buf[:0], in...); sinkBytes = buf }},
		{name: "ValidFloor", op: func() { sinkBool = json.Valid(in) }},
	}
	if s.names != nil {
		work := make([]string, len(s.names))
		cs = append(cs, &contender{name: "SortNames", op: func() {
			copy(work, s.names)
			slices.Sort(work)
			sinkString = work[0]
		}})
	}
	if _, err = agentidemp.CanonicalJSON(in); err != nil {
		t.Fatalf("%s: %v", s.name, err)
	}
	for _, c := range cs {
		c.calibrate()
	}
	var vsJSONText, vsValid, vsSort []float64
	for r := 0; r < *rounds; r++ {
		for k := range cs {
			c := cs[(k+r)%len(cs)]
			cpu, wall := c.measure(c.n)
			c.cpu, c.wall = append(c.cpu, cpu), append(c.wall, wall)
		}
		ours := cs[0].cpu[r]
		vsJSONText = append(vsJSONText, ours/(cs[1].cpu[r]-cs[2].cpu[r]))
		vsValid = append(vsValid, ours/cs[3].cpu[r])
		if s.names != nil {
			vsSort = append(vsSort, ours/cs[4].cpu[r])
		}
	}
	for _, c := range cs {
		med, lo, hi := spread(c.cpu)
		wall, _, _ := spread(c.wall)
		fmt.Printf("shape=%s impl=%s bytes=%d ops/batch=%d cpu-ns/op: median %.0f least %.0f greatest %.0f; wall-ns/op: median %.0f\n",
			s.name, c.name, len(in), c.n, med, lo, hi, wall)
	}
	for _, q := range []struct {
		name string
		xs   []float64
	}{{"JSONText-minus-CopyFloor", vsJSONText}, {"ValidFloor", vsValid}, {"SortNames", vsSort}} {
		if q.xs != nil {
			med, lo, hi := spread(q.xs)
			fmt.Printf("shape=%s CanonicalJSON/%s cpu ratio: median %.3f least %.3f greatest %.3f\n", s.name, q.name, med, lo, hi)
		}
	}
}
