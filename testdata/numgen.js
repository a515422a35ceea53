'use strict';
// What the number generators (gen_numbers.js, gen_longnumbers.js) share:
// a seeded SplitMix64 stream over BigInt, so that every run writes the same
// cases, and the conversions between a double and its 64-bit pattern. Not
// a generator itself (.ci/check-generated runs only gen_*.js).

const MASK64 = (1n << 64n) - 1n;

// splitmix64 returns next64, a uniform 64-bit BigInt, and nextInt(n), a
// uniform integer in [0, n) for n < 2^32 (the bias is negligible), drawn
// from a SplitMix64 stream started at seed.
function splitmix64(seed) {
  let state = seed & MASK64;
  function next64() {
    state = (state + 0x9e3779b97f4a7c15n) & MASK64;
    let z = state;
    z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
    z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64;
    return z ^ (z >> 31n);
  }
  function nextInt(n) {
    return Number(next64() >> 32n) % n;
  }
  return { next64, nextInt };
}

const view = new DataView(new ArrayBuffer(8));

// fromBits returns the double whose IEEE-754 bit pattern is b.
function fromBits(b) {
  view.setBigUint64(0, b & MASK64);
  return view.getFloat64(0);
}

// toBits returns the IEEE-754 bit pattern of the double x.
function toBits(x) {
  view.setFloat64(0, x);
  return view.getBigUint64(0);
}

module.exports = { splitmix64, fromBits, toBits, MASK64 };
