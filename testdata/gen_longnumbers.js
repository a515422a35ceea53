'use strict';
// Generates testdata/longnumbers.txt.gz: long JSON number literals (many
// digits, long zero runs, exponents far beyond the double range balanced by
// their digits, exact midpoints between adjacent doubles and literals a hair
// either side of them) with the double that Node's Number() reads them as,
// written by String(). Number() rounds correctly, so these are the values
// RFC 8785 asks for.
//
// Regenerate, from the repository root:
//
//     node testdata/gen_longnumbers.js [OUTDIR]
//
// (OUTDIR defaults to this directory; CI writes into a temporary one and
// compares.)
//
// Needs Node and python3 (no packages): every row is cross-checked against
// Python's float(), and the script stops if the two disagree on any bit. The
// output is deterministic: the cases come from a fixed-seed PRNG and fixed
// lists, and the gzip stream is written at a fixed level with the header's
// mtime left at 0, so rerunning rewrites identical bytes.
//
// Each line of the decompressed file is one case, three fields separated by
// single spaces:
//
//     <mark> <literal> <String(Number(literal))>
//
// where mark says what the canonicalizer must do with the literal alone:
//
//     f  a literal with a fraction or an exponent: its canonical form is
//        the third field;
//     i  an integer literal (no fraction, no exponent) that passes the
//        integer rule: its magnitude is at most 2^53, or it is already the
//        third field; its canonical form is the third field;
//     u  an integer literal beyond 2^53 that is not the third field:
//        refused with ErrUnsafeInteger;
//     r  a literal whose double is infinite (the third field is Infinity or
//        -Infinity): refused with ErrNumberRange.
//
// With --table it writes nothing and prints instead, for each recipe in
// TABLE below, the recipe, its mark and String(Number(literal)): the rows of
// TestLongNumberTable in parse_long_number_test.go, whose expected values were
// produced by
//
//     node testdata/gen_longnumbers.js --table
//
// A recipe is a literal written as space-separated pieces, concatenated:
// "X*N" is X repeated N times; "mid(H)" is the exact midpoint between the
// double with bit pattern H (16 hex digits) and the next double up, as
// digits, "e" and an exponent; "mid(H)+Z" and "mid(H)-Z" are that midpoint
// plus or minus one unit Z+1 places below its last digit; anything else
// stands for itself.

const fs = require('fs');
const path = require('path');
const zlib = require('zlib');
const { splitmix64, fromBits, toBits } = require('./numgen.js');
const { spawnSync } = require('child_process');

// The cases come from a SplitMix64 stream with a fixed seed.
const { next64, nextInt } = splitmix64(0x10c0ffee5eed7a11n);

// Uniform integer in [lo, hi].
function between(lo, hi) {
  return lo + nextInt(hi - lo + 1);
}

function chance(percent) {
  return nextInt(100) < percent;
}

// n random decimal digits, the first one nonzero.
function randomDigits(n) {
  let s = String(1 + nextInt(9));
  while (s.length < n) {
    s += String(nextInt(10));
  }
  return s;
}

// A random positive finite double: any bit pattern, or one near a binade
// edge, the subnormals or the top of the range.
function randomDouble() {
  for (;;) {
    let b;
    switch (nextInt(4)) {
      case 0:
        b = next64() & ((1n << 63n) - 1n);
        break;
      case 1: // subnormal
        b = next64() & ((1n << 52n) - 1n);
        break;
      case 2: // near the top
        b = 0x7fefffffffffffffn - (next64() & 0xffffn);
        break;
      default: // moderate magnitudes
        b = (BigInt(between(0x3b0, 0x450)) << 52n) | (next64() & ((1n << 52n) - 1n));
    }
    const x = fromBits(b);
    if (Number.isFinite(x) && x > 0) {
      return x;
    }
  }
}

// The exact midpoint between the positive double x and the next double up
// (for the largest double, the point where rounding turns to infinity), as
// [digits, e]: the value digits × 10^e, digits an integer without trailing
// zeros.
function midpoint(x) {
  const b = toBits(x);
  const be = Number((b >> 52n) & 0x7ffn);
  let m = b & ((1n << 52n) - 1n);
  let k = -1074;
  if (be !== 0) {
    m |= 1n << 52n;
    k = be - 1075;
  }
  const odd = 2n * m + 1n;
  if (k - 1 >= 0) {
    return trimZeros((odd << BigInt(k - 1)).toString(), 0);
  }
  return trimZeros((odd * 5n ** BigInt(1 - k)).toString(), -(1 - k));
}

function trimZeros(digits, e) {
  while (digits.length > 1 && digits.endsWith('0')) {
    digits = digits.slice(0, -1);
    e++;
  }
  return [digits, e];
}

// digits × 10^e nudged by one unit z places below its last digit, up or
// down.
function nudge(digits, e, z, up) {
  if (up) {
    return [digits + '0'.repeat(z) + '1', e - z - 1];
  }
  const v = BigInt(digits) * 10n ** BigInt(z + 1) - 1n;
  return [v.toString(), e - z - 1];
}

// The exponent part for e: a random choice of 'e' or 'E', an explicit '+',
// and leading zeros.
function exponent(e) {
  let s = chance(20) ? 'E' : 'e';
  if (e < 0) {
    s += '-';
  } else if (chance(30)) {
    s += '+';
  }
  if (chance(10)) {
    s += '0'.repeat(between(1, 30));
  }
  return s + String(Math.abs(e));
}

// A JSON literal for digits × 10^e (digits starting with a nonzero digit),
// spelled at random in one of several forms that all have a fraction or an
// exponent. Plain decimal notation is used only when it stays short.
function spell(digits, e, neg) {
  const n = digits.length;
  let s;
  switch (nextInt(5)) {
    case 0: // d.ddd e±x
      s = digits[0] + (n > 1 ? '.' + digits.slice(1) : '') + exponent(e + n - 1);
      break;
    case 1: // ddd e±x
      s = digits + exponent(e);
      break;
    case 2: { // 0.000ddd e±x
      const z = between(0, 40);
      s = '0.' + '0'.repeat(z) + digits + exponent(e + n + z);
      break;
    }
    case 3: { // the point somewhere inside the digits
      const at = between(1, n);
      s = digits.slice(0, at) + '.' + (at < n ? digits.slice(at) : '0') + exponent(e + n - at);
      break;
    }
    default: // plain decimal notation when short enough
      if (e < 0 && -e < n) {
        s = digits.slice(0, n + e) + '.' + digits.slice(n + e);
      } else if (e < 0 && -e - n <= 2000) {
        s = '0.' + '0'.repeat(-e - n) + digits;
      } else if (e >= 0 && e <= 400) {
        s = digits + '0'.repeat(e) + '.' + '0'.repeat(between(1, 3));
      } else {
        s = digits[0] + (n > 1 ? '.' + digits.slice(1) : '') + exponent(e + n - 1);
      }
  }
  return (neg ? '-' : '') + s;
}

function isInteger(lit) {
  return !/[.eE]/.test(lit);
}

// The mark of a literal (see the top of this file) and String(Number(lit)).
function classify(lit) {
  if (!/^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?$/.test(lit)) {
    throw new Error('not a JSON number: ' + lit.slice(0, 80));
  }
  const x = Number(lit);
  const s = String(x);
  let mark = 'f';
  if (!Number.isFinite(x)) {
    mark = 'r';
  } else if (isInteger(lit)) {
    const mag = BigInt(lit.replace('-', ''));
    mark = s === lit || mag <= 2n ** 53n ? 'i' : 'u';
  }
  return [mark, s];
}

// The literal a recipe stands for (see the top of this file).
function expand(recipe) {
  let lit = '';
  for (const piece of recipe.split(' ')) {
    const rep = /^([^*]+)\*([0-9]+)$/.exec(piece);
    const mid = /^mid\(([0-9a-f]{16})\)(?:([-+])([0-9]+))?$/.exec(piece);
    if (rep) {
      lit += rep[1].repeat(Number(rep[2]));
    } else if (mid) {
      let [d, e] = midpoint(fromBits(BigInt('0x' + mid[1])));
      if (mid[2]) {
        [d, e] = nudge(d, e, Number(mid[3]), mid[2] === '+');
      }
      lit += d + 'e' + String(e);
    } else {
      lit += piece;
    }
  }
  return lit;
}

// The cases of TestLongNumberTable.
const TABLE = [
  // From the issue: more than 800 significant digits.
  '9007199254740993 0*1000 1e-1001',
  '9007199254740993 0*790 1e-791',
  '9007199254740993 0*1000 e-1000',
  '9007199254740993 . 0*1000 1',
  '9007199254740992 . 9*1000',
  '9007199254740993 0*1000',
  // From the issue: long zero runs against long exponents.
  '0. 0*99999 1e100000',
  '1 0*99999 e-100000',
  '1 e 0*100000 5',
  '- 1 . 0*50 1 E+ 0*40 3',
  '1*2000 e-1990',
  // Exponents beyond any saturation point.
  '0e99999999999999999999',
  '-0e-99999999999999999999',
  '0. 0*1000 e99999999999999999999',
  '1e-99999999999999999999',
  '1e99999999999999999999',
  '0. 0*1000 1e99999999999999999999',
  '1 0*1000 e-99999999999999999999',
  '1 0*1000 e-1000',
  '1 0*1000 e-1309',
  '1 0*1000 e-692',
  // Integer literals and the range.
  '1 0*308',
  '1 0*400',
  '- 1 0*400',
  '1 0*400 .5',
  '17976931348623158 0*292',
  '17976931348623159 0*292',
  // Midpoints between adjacent doubles, and a hair either side.
  'mid(0000000000000000)',
  'mid(0000000000000000)+0',
  'mid(0000000000000000)-0',
  'mid(0000000000000001)',
  'mid(0000000000000001)+1000',
  'mid(0000000000000001)-1000',
  'mid(000fffffffffffff)',
  'mid(000fffffffffffff)+10',
  'mid(000fffffffffffff)-10',
  'mid(000ffffffffffffe)',
  'mid(0010000000000000)',
  'mid(3fb999999999999a)',
  'mid(3fb999999999999a)+800',
  'mid(3fb999999999999a)-800',
  'mid(3ff0000000000000)',
  'mid(3ff0000000000000)+800',
  'mid(3ff0000000000000)-800',
  'mid(4340000000000000)',
  'mid(7fefffffffffffff)',
  'mid(7fefffffffffffff)+0',
  'mid(7fefffffffffffff)-0',
  'mid(7fefffffffffffff)-3000',
  '- mid(7feffffffffffffe)+3000',
  '0.1000000000000000055511151231257827021181583404541015625',
  '2.2250738585072011 0*800 e-308',
  '2.2250738585072012 0*800 e-308',
];

if (process.argv[2] === '--table') {
  for (const recipe of TABLE) {
    const [mark, s] = classify(expand(recipe));
    console.log(`{${JSON.stringify(recipe)}, '${mark}', ${JSON.stringify(s)}},`);
  }
  process.exit(0);
}

const rows = [];
const seen = new Set();

function add(lit) {
  if (seen.has(lit)) {
    return;
  }
  seen.add(lit);
  rows.push([classify(lit)[0], lit, classify(lit)[1]]);
}

function randomSign(percent) {
  return chance(percent);
}

// 1. Long random mantissas, 17 to 1200 digits, with decimal exponents
// spread over the double range and a little beyond it on both sides.
for (let i = 0; i < 700; i++) {
  const n = chance(70) ? between(17, 300) : between(300, 1200);
  const digits = randomDigits(n);
  const p = between(-335, 315); // the value lies in [10^(p-1), 10^p)
  add(spell(digits, p - n, randomSign(30)));
}

// 2. Midpoints between adjacent doubles: exact, and nudged up or down by
// one unit just past their last digit or far below it.
for (let i = 0; i < 350; i++) {
  const x = randomDouble();
  const [d, e] = midpoint(x);
  const neg = randomSign(30);
  add(spell(d, e, neg));
  const z = chance(60) ? between(0, 30) : between(30, 2000);
  const [du, eu] = nudge(d, e, z, true);
  add(spell(du, eu, neg));
  const [dd, ed] = nudge(d, e, chance(60) ? between(0, 30) : between(30, 2000), false);
  add(spell(dd, ed, neg));
}

// 3. The edges: the least subnormal and its midpoint with zero, the
// largest subnormal, the least normal, the largest double and the point
// where rounding turns to infinity, with long tails.
const edges = [
  fromBits(1n), fromBits(2n), fromBits(3n), fromBits(0x000fffffffffffffn),
  fromBits(0x0010000000000000n), fromBits(0x0010000000000001n),
  fromBits(0x7fefffffffffffffn), fromBits(0x7feffffffffffffen),
  1, 2 ** 53, 2 ** 53 + 2, 2 ** 54, 1e23, 0.1, 1e21, 1e-7,
];
for (const x of edges) {
  const [d, e] = midpoint(x);
  for (const neg of [false, true]) {
    add(spell(d, e, neg));
    for (const z of [0, 1, 17, 400, 800, 3000]) {
      const [du, eu] = nudge(d, e, z, true);
      add(spell(du, eu, neg));
      const [dd, ed] = nudge(d, e, z, false);
      add(spell(dd, ed, neg));
    }
  }
  // The double itself followed by a long run of random digits.
  const short = x.toExponential().replace('+', '');
  const [mant, exp] = short.split('e');
  const md = mant.replace('.', '');
  for (let t = 0; t < 3; t++) {
    const tail = '0'.repeat(between(0, 300)) + randomDigits(between(1, 900));
    add(spell(md + tail, Number(exp) - (md.length - 1) - tail.length, randomSign(30)));
  }
}
// The midpoint of zero and the least subnormal, 2^-1075.
{
  const [d, e] = [(5n ** 1075n).toString(), -1075];
  add(spell(d, e, false));
  add(spell(d, e, true));
  add(spell(...nudge(d, e, 5, true), false));
  add(spell(...nudge(d, e, 5, false), false));
  add(spell(...nudge(d, e, 2000, true), true));
}

// 4. Long zero runs before and after the point.
for (let i = 0; i < 400; i++) {
  const neg = randomSign(30);
  const digits = randomDigits(between(1, 40));
  const z = chance(70) ? between(20, 400) : between(400, 3000);
  switch (nextInt(4)) {
    case 0: // 0.000…0ddd, in range when z is small enough, else zero
      add((neg ? '-' : '') + '0.' + '0'.repeat(Math.min(z, 330)) + digits);
      break;
    case 1: // ddd.000…0
      add((neg ? '-' : '') + digits + '.' + '0'.repeat(z));
      break;
    case 2: // ddd000…0ddd with an exponent that brings it back
      add((neg ? '-' : '') + digits + '0'.repeat(z) + randomDigits(between(1, 20)) + exponent(-z - between(0, 20)));
      break;
    default: // d.ddd000…0 e±x
      add((neg ? '-' : '') + digits[0] + '.' + digits.slice(1) + '0'.repeat(z) + exponent(between(-320, 300)));
  }
}

// 5. Exponents far beyond ±400 balanced by long digit runs, so the value
// is in range; and a few exponents with digit runs far longer.
for (let i = 0; i < 300; i++) {
  const neg = randomSign(30);
  const z = between(400, 5000);
  const digits = randomDigits(between(1, 60));
  const p = between(-320, 305); // where the value should land
  if (chance(50)) {
    // 0.000…0ddd e+(z + p): z zeros after the point push it down by z.
    add((neg ? '-' : '') + '0.' + '0'.repeat(z) + digits + exponent(z + p));
  } else {
    // ddd000…0 e-(…): z zeros after the digits push it up by z.
    add((neg ? '-' : '') + digits + '0'.repeat(z) + exponent(p - digits.length - z));
  }
}
for (const z of [99999, 100000]) {
  add('0.' + '0'.repeat(z) + '1e' + String(z + 1)); // 1
  add('1' + '0'.repeat(z) + 'e-' + String(z + 1)); // 0.1
  add('-0.' + '0'.repeat(z) + '15e' + String(z + 400)); // 1.5e+399: out of range
  add('0.' + '0'.repeat(z) + '25e' + String(z - 300)); // 2.5e-301
}

// 6. Integer literals: around and above 2^53, canonical spellings padded
// with zeros, and long ones, some beyond the double range.
for (let i = 0; i < 300; i++) {
  const neg = randomSign(30);
  const sign = neg ? '-' : '';
  switch (nextInt(5)) {
    case 0: // 16 to 25 random digits
      add(sign + randomDigits(between(16, 25)));
      break;
    case 1: { // the canonical spelling of a double in [2^53, 1e21)
      const x = 2 ** 53 * (1 + (Number(next64() >> 11n) / 2 ** 53) * 110000);
      if (x < 1e21) {
        add(sign + String(x));
      }
      break;
    }
    case 2: // the exact midpoint above an integer double beyond 2^53
    {
      const x = 2 ** 53 * (1 + Number(next64() >> 11n) / 2 ** 53 * 100);
      const [d, e] = midpoint(x);
      add(sign + d + '0'.repeat(e));
      break;
    }
    case 3: // 33 to 330 digits
      add(sign + randomDigits(between(33, 330)));
      break;
    default: // beyond the range, or a long canonical prefix of one
      add(sign + randomDigits(between(300, 1200)));
  }
}
add('9007199254740993' + '0'.repeat(1000));
add('1' + '0'.repeat(308));
add('17976931348623157' + '0'.repeat(292));
add('17976931348623158' + '0'.repeat(292));
add('-' + '1' + '0'.repeat(400));

// Cross-check every row against Python's float().
{
  const py = spawnSync('python3', ['-c', [
    'import struct, sys',
    'for line in sys.stdin:',
    '    print(struct.pack(">d", float(line)).hex())',
  ].join('\n')], { input: rows.map((r) => r[1]).join('\n') + '\n', maxBuffer: 1 << 28 });
  if (py.status !== 0) {
    throw new Error('python3 failed: ' + py.stderr.toString());
  }
  const got = py.stdout.toString().trim().split('\n');
  if (got.length !== rows.length) {
    throw new Error(`python3 gave ${got.length} values for ${rows.length} rows`);
  }
  for (let i = 0; i < rows.length; i++) {
    const want = toBits(Number(rows[i][1])).toString(16).padStart(16, '0');
    if (got[i] !== want) {
      throw new Error(`row ${i + 1}: Node reads ${want}, Python ${got[i]}: ${rows[i][1].slice(0, 80)}`);
    }
  }
}

const counts = {};
for (const [mark] of rows) {
  counts[mark] = (counts[mark] || 0) + 1;
}
const out = path.join(process.argv[2] || __dirname, 'longnumbers.txt.gz');
const text = rows.map((r) => r.join(' ')).join('\n') + '\n';
const gz = zlib.gzipSync(Buffer.from(text, 'latin1'), { level: 9 });
fs.writeFileSync(out, gz);
console.error(`wrote ${rows.length} rows (${JSON.stringify(counts)}), ` +
  `${text.length} bytes, ${gz.length} gzipped, to ${path.relative(process.cwd(), out)}`);
