package agentidemp

import "testing"

func TestRandomVersionVariant(t *testing.T) {
	for i := 0; i < 10000; i++ {
		u := RandomUUID()
		if u[6]>>4 != 4 || u[8]>>6 != 2 {
			t.Fatalf("RandomUUID() = %s: version %d, variant bits %02b", u, u[6]>>4, u[8]>>6)
		}
		k := RandomKey()
		if !uuid4RE.MatchString(k) {
			t.Fatalf("RandomKey() = %q, does not match %s", k, uuid4RE)
		}
	}
}

func TestRandomUnique(t *testing.T) {
	if testing.Short() {
		t.Skip("generates a million keys")
	}
	const n = 1000000
	seen := make(map[UUID]struct{}, n)
	for i := 0; i < n; i++ {
		u := RandomUUID()
		if _, dup := seen[u]; dup {
			t.Fatalf("RandomUUID repeated %s after %d calls", u, i)
		}
		seen[u] = struct{}{}
	}
	keys := make(map[string]struct{}, 10000)
	for i := 0; i < 10000; i++ {
		k := RandomKey()
		if _, dup := keys[k]; dup {
			t.Fatalf("RandomKey repeated %s after %d calls", k, i)
		}
		keys[k] = struct{}{}
	}
}

// TestRandomBitBalance checks that each of the 122 random bits is set in
// 40% to 60% of 10,000 UUIDs. For a fair bit the count has a standard
// deviation of 50, so the bounds are 20 standard deviations away: a false
// failure has a probability far below 1e-80. The 6 fixed bits must always
// hold their values.
func TestRandomBitBalance(t *testing.T) {
	const n = 10000
	var counts [128]int
	for i := 0; i < n; i++ {
		u := RandomUUID()
		for bit := 0; bit < 128; bit++ {
			if u[bit/8]&(0x80>>(bit%8)) != 0 {
				counts[bit]++
			}
		}
	}
	fixed := map[int]int{
		48: 0, 49: 1, 50: 0, 51: 0, // version 0100, bits 0-3 of byte 6
		64: 1, 65: 0, // variant 10, bits 0-1 of byte 8
	}
	random := 0
	for bit, c := range counts {
		if v, ok := fixed[bit]; ok {
			if c != v*n {
				t.Errorf("fixed bit %d set in %d of %d UUIDs, want %d", bit, c, n, v*n)
			}
			continue
		}
		random++
		if c < n*40/100 || c > n*60/100 {
			t.Errorf("random bit %d set in %d of %d UUIDs, want 40%% to 60%%", bit, c, n)
		}
	}
	if random != 122 {
		t.Errorf("%d random bits, want 122", random)
	}
}

func BenchmarkRandomKey(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		sinkString = RandomKey()
	}
}

func BenchmarkRandomUUID(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		sinkUUID = RandomUUID()
	}
}
