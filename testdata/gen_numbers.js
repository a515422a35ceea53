'use strict';
// Generates testdata/numbers.txt.gz: test vectors for ECMAScript number
// serialization (ECMA-262 Number::toString, as used by RFC 8785).
//
// Regenerate, from the repository root:
//
//     node testdata/gen_numbers.js [OUTDIR]
//
// It writes numbers.txt.gz into OUTDIR, by default the directory of this script
// (CI passes a temporary directory and compares the decompressed result with
// the committed file).
//
// Needs only Node itself (no npm packages). The output is deterministic: the
// cases come from a fixed-seed PRNG and fixed lists, and the gzip stream is
// written at a fixed compression level with the header's mtime left at 0 (zlib's
// default), so rerunning with the same Node build rewrites identical bytes.
//
// Each line of the decompressed file is one case:
//
//     <16 lowercase hex digits: IEEE-754 binary64 bit pattern> <space> <String(x)>
//
// Only finite doubles are written. Lines are in generation order, without
// duplicate bit patterns.

const fs = require('fs');
const path = require('path');
const zlib = require('zlib');
const { splitmix64, fromBits, toBits, MASK64 } = require('./numgen.js');

const SIGN = 1n << 63n;
const EXP_MASK = 0x7ffn << 52n;

function isFiniteBits(b) {
  return (b & EXP_MASK) !== EXP_MASK;
}

function hex16(b) {
  return b.toString(16).padStart(16, '0');
}

// The cases come from a SplitMix64 stream with a fixed seed.
const { next64, nextInt } = splitmix64(0x5eed0f0e4a5c0de5n);

const lines = [];
const seen = new Set();

function addBits(b) {
  b &= MASK64;
  if (!isFiniteBits(b) || seen.has(b)) {
    return;
  }
  seen.add(b);
  lines.push(hex16(b) + ' ' + String(fromBits(b)));
}

// Adds the double x (any sign) and, when neighbours > 0, that many doubles on
// each side of it (adjacent bit patterns of the same sign; the magnitude's
// predecessor of 0 is skipped).
function add(x, neighbours = 0) {
  const b = toBits(x);
  addBits(b);
  const sign = b & SIGN;
  const mag = b & ~SIGN;
  for (let i = 1n; i <= BigInt(neighbours); i++) {
    if (mag - i >= 0n) {
      addBits(sign | (mag - i));
    }
    addBits(sign | (mag + i));
  }
}

function addBoth(x, neighbours = 0) {
  add(x, neighbours);
  add(-x, neighbours);
}

// 1. RFC 8785, Appendix B ("Number Serialization Samples"): every finite row,
//    IEEE-754 bit pattern and expected serialization as published. Node's
//    output must agree with the RFC on each of them.
const rfc8785AppendixB = [
  ['0000000000000000', '0'],
  ['8000000000000000', '0'],
  ['0000000000000001', '5e-324'],
  ['8000000000000001', '-5e-324'],
  ['7fefffffffffffff', '1.7976931348623157e+308'],
  ['ffefffffffffffff', '-1.7976931348623157e+308'],
  ['4340000000000000', '9007199254740992'],
  ['c340000000000000', '-9007199254740992'],
  ['4430000000000000', '295147905179352830000'],
  ['44b52d02c7e14af5', '9.999999999999997e+22'],
  ['44b52d02c7e14af6', '1e+23'],
  ['44b52d02c7e14af7', '1.0000000000000001e+23'],
  ['444b1ae4d6e2ef4e', '999999999999999700000'],
  ['444b1ae4d6e2ef4f', '999999999999999900000'],
  ['444b1ae4d6e2ef50', '1e+21'],
  ['3eb0c6f7a0b5ed8c', '9.999999999999997e-7'],
  ['3eb0c6f7a0b5ed8d', '0.000001'],
  ['41b3de4355555553', '333333333.3333332'],
  ['41b3de4355555554', '333333333.33333325'],
  ['41b3de4355555555', '333333333.3333333'],
  ['41b3de4355555556', '333333333.3333334'],
  ['41b3de4355555557', '333333333.33333343'],
  ['becbf647612f3696', '-0.0000033333333333333333'],
  ['43143ff3c1cb0959', '1424953923781206.2'],
];
for (const [h, want] of rfc8785AppendixB) {
  const b = BigInt('0x' + h);
  const got = String(fromBits(b));
  if (got !== want) {
    throw new Error(`RFC 8785 Appendix B row ${h}: node gives ${got}, RFC says ${want}`);
  }
  addBits(b);
}

// 2. Named edge values.
addBoth(0); // +0 and -0
addBits(1n); // MIN_VALUE, 5e-324
addBits(SIGN | 1n);
for (const b of [
  0x0000000000000002n, // 1e-323
  0x000fffffffffffffn, // largest subnormal
  0x0010000000000000n, // smallest normal
  0x0010000000000001n,
  0x0008000000000000n, // middle of the subnormals
  0x7fefffffffffffffn, // MAX_VALUE
  0x7feffffffffffffen,
  0x7fe0000000000000n,
  0x3ff0000000000000n, // 1 and its neighbours
]) {
  addBits(b);
  addBits(b | SIGN);
  addBits(b + 1n);
  addBits((b + 1n) | SIGN);
  if (b > 0n) {
    addBits(b - 1n);
    addBits((b - 1n) | SIGN);
  }
}
for (const x of [
  Number.MAX_VALUE, Number.MIN_VALUE, Number.EPSILON,
  Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER,
  0.1, 0.2, 0.3, 0.1 + 0.2, 1 / 3, 2 / 3, Math.PI, Math.E, Math.SQRT2,
  0.5, 1.5, 2.5, 123.456, 1e21 - 65536, 4.35, 0.000001, 0.0000001,
  1e-5, 1.5e-7, 1.2345e-6, 9.99e-7, 123456789012345680000, 1e300 * 1.5,
]) {
  addBoth(x, 2);
}

// 3. The boundaries where ECMAScript switches layout: n = 21/22 (1e21) and
//    n = -5/-6 (1e-6, 1e-7), with a wide band of neighbours, plus the other
//    decade edges nearby.
for (const x of [1e21, 1e-6, 1e-7]) {
  addBoth(x, 200);
}
for (const x of [1e20, 1e22, 1e-5, 1e-8, 1e15, 1e16, 1e17]) {
  addBoth(x, 20);
}

// 4. Powers of ten 1e-324 .. 1e308 (as parsed by Number) and powers of two
//    2^-1074 .. 2^1023, each with neighbours.
for (let e = -324; e <= 308; e++) {
  const x = Number('1e' + e);
  add(x, 2);
  if (e % 4 === 0) {
    add(-x, 1);
  }
}
for (let e = -1074; e <= 1023; e++) {
  const x = 2 ** e;
  add(x, 1);
  if (e % 8 === 0) {
    add(-x);
  }
}

// 5. Integers.
for (let i = 0; i <= 5000; i++) {
  add(i);
}
for (let i = 1; i <= 1000; i++) {
  add(-i);
}
// Around 2^53 (where odd integers stop being representable) and 2^54.
for (let i = -1000; i <= 1000; i++) {
  add(2 ** 53 + i);
  add(-(2 ** 53) - i);
}
for (let i = -100; i <= 100; i++) {
  add(2 ** 54 + i * 4);
}
// Integers with a random number of digits, 1..25 (so past 2^53 and 1e21),
// and random multiples of powers of ten (trailing zeros).
for (let i = 0; i < 6000; i++) {
  const digits = 1 + nextInt(25);
  let s = String(1 + nextInt(9));
  for (let d = 1; d < digits; d++) {
    s += String(nextInt(10));
  }
  const x = Number(s);
  add(i % 3 === 0 ? -x : x);
}
for (let i = 0; i < 3000; i++) {
  const x = (1 + nextInt(99999)) * 10 ** nextInt(30);
  add(i % 2 === 0 ? -x : x);
}
// Huge integral doubles: random bit patterns with exponent 2^53..2^1023.
for (let i = 0; i < 3000; i++) {
  const exp = BigInt(1023 + 53 + nextInt(1023 - 53 + 1));
  const frac = next64() & ((1n << 52n) - 1n);
  addBits((i % 2 === 0 ? 0n : SIGN) | (exp << 52n) | frac);
}

// 6. Short decimals such as people write: 1..17 random significant digits
//    with a decimal exponent over the whole range, and a denser band where
//    the layout changes (values about 10^-25 .. 10^24).
function randomDecimal(minExp, maxExp) {
  const digits = 1 + nextInt(17);
  let s = String(1 + nextInt(9));
  for (let d = 1; d < digits; d++) {
    s += String(nextInt(10));
  }
  const e = minExp + nextInt(maxExp - minExp + 1);
  return Number(s + 'e' + e);
}
for (let i = 0; i < 6000; i++) {
  const x = randomDecimal(-340, 308);
  add(i % 4 === 0 ? -x : x);
}
for (let i = 0; i < 9000; i++) {
  const x = randomDecimal(-25, 7);
  add(i % 4 === 0 ? -x : x);
}

// 7. Subnormals: random bit patterns below the smallest normal.
for (let i = 0; i < 3000; i++) {
  const frac = next64() >> BigInt(12 + nextInt(52));
  addBits((i % 2 === 0 ? 0n : SIGN) | frac);
}

// 8. Runs of consecutive doubles (adjacent bit patterns), which exercise the
//    choice of the last digit: from random starting points spread over the
//    binary exponents, and across the normal/subnormal and 2^53 edges.
for (const start of [0x000ffffffffffc00n, 0x433ffffffffffc00n, 0x3feffffffffffc00n]) {
  for (let i = 0n; i < 2048n; i++) {
    addBits(start + i);
  }
}
for (let r = 0; r < 96; r++) {
  const exp = BigInt(nextInt(0x7ff));
  const start = (exp << 52n) | (next64() & ((1n << 52n) - 1n) & ~0x3ffn);
  for (let i = 0n; i < 500n; i++) {
    addBits(start + i);
  }
}

// 9. Uniformly random bit patterns (non-finite ones are skipped).
for (let i = 0; i < 12000; i++) {
  addBits(next64());
}

const MIN_CASES = 100000;
if (lines.length < MIN_CASES) {
  throw new Error(`only ${lines.length} cases, want at least ${MIN_CASES}`);
}

// Sanity: every line must read back as its own bit pattern.
for (const line of lines) {
  const [h, s] = line.split(' ');
  const b = BigInt('0x' + h);
  const x = Number(s);
  if (toBits(x) !== b && !(x === 0 && fromBits(b) === 0)) {
    throw new Error(`round trip failed for ${line}`);
  }
}

if (process.argv.length > 3) throw new Error('usage: gen_numbers.js [OUTDIR]');
const out = path.join(process.argv[2] || __dirname, 'numbers.txt.gz');
const gz = zlib.gzipSync(Buffer.from(lines.join('\n') + '\n', 'latin1'), { level: 9 });
fs.writeFileSync(out, gz);
console.log(`wrote ${lines.length} cases, ${gz.length} bytes`);
