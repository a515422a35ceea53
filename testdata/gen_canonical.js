'use strict';
// Generates testdata/canonical_corpus.json.gz: random JSON documents, each
// written in several spellings, with the RFC 8785 canonical form that every
// spelling must produce.
//
// Regenerate, from the repository root:
//
//     node testdata/gen_canonical.js [OUTDIR]
//
// It writes canonical_corpus.json.gz into OUTDIR, by default the directory of this script
// (CI passes a temporary directory and compares the decompressed result with
// the committed file).
//
// Needs only Node itself (no npm packages). The output is deterministic: the
// documents come from a fixed-seed PRNG written here, and the gzip stream is
// written at a fixed compression level with the header's mtime left at 0, so
// rerunning with the same Node build rewrites identical bytes.
//
// The decompressed file is a JSON array of objects
//
//     {"inputs": ["<spelling>", ...], "canonical": "<canonical form>"}
//
// JavaScript itself is the reference for the canonical form, as RFC 8785
// defines it: object members sorted by the default JavaScript string order
// (which compares UTF-16 code units), numbers as String(x), strings as
// JSON.stringify(s), no whitespace.
//
// The spellings of a document are: JSON.stringify output, compact and
// indented; random whitespace between tokens; members in another order;
// string characters randomly written as \u escapes (surrogate pairs for
// characters outside the BMP, hex digits in either case, "/" as "\/");
// numbers respelled (1.5 as 15e-1 or 1.50, 100 as 1e2 or 1E+2, and so on);
// and all of these at once. Every spelling is checked here: it parses
// (JSON.parse) to a value with the same canonical form, and every respelled
// number reads back as exactly the same double. No spelling has a duplicate
// member name, a lone surrogate, or an integer literal above 2^53 other than
// the String(x) form of the double it denotes.

const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

const NDOCS = 3200;
if (process.argv.length > 3) throw new Error('usage: gen_canonical.js [OUTDIR]');
const OUT = path.join(process.argv[2] || __dirname, 'canonical_corpus.json.gz');

// ---------------------------------------------------------------------------
// PRNG: sfc32 with a fixed seed.

let sa = 0x9e3779b9 | 0;
let sb = 0x243f6a88 | 0;
let sc = 0xb7e15162 | 0;
let sd = 1;

function u32() {
  sa >>>= 0; sb >>>= 0; sc >>>= 0; sd >>>= 0;
  let t = (sa + sb) | 0;
  sa = sb ^ (sb >>> 9);
  sb = (sc + (sc << 3)) | 0;
  sc = (sc << 21) | (sc >>> 11);
  sd = (sd + 1) | 0;
  t = (t + sd) | 0;
  sc = (sc + t) | 0;
  return t >>> 0;
}

for (let i = 0; i < 20; i++) u32();

// int returns an integer in [0, n).
function int(n) {
  return Math.floor((u32() / 4294967296) * n);
}

// between returns an integer in [lo, hi].
function between(lo, hi) {
  return lo + int(hi - lo + 1);
}

function chance(p) {
  return u32() / 4294967296 < p;
}

function pick(arr) {
  return arr[int(arr.length)];
}

function shuffle(arr) {
  const a = arr.slice();
  for (let i = a.length - 1; i > 0; i--) {
    const j = int(i + 1);
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
  return a;
}

// ---------------------------------------------------------------------------
// Values. An object is an Obj holding its members as [name, value] pairs in
// insertion order (a plain JavaScript object would move array-index names
// such as "1" to the front); an array is a JavaScript array; the rest are
// JavaScript strings, numbers, booleans and null.

class Obj {
  constructor(members) {
    this.members = members;
  }
}

const view = new DataView(new ArrayBuffer(8));

function fromWords(hi, lo) {
  view.setUint32(0, hi);
  view.setUint32(4, lo);
  return view.getFloat64(0);
}

function toWords(x) {
  view.setFloat64(0, x);
  return [view.getUint32(0), view.getUint32(4)];
}

const TWO53 = 9007199254740992;

const SPECIAL_NUMBERS = [
  0, -0, 1, -1, 0.1, 0.5, 1.5, -1.5, 100, 1e20, 1e21, 1e-6, 1e-7, 1e-5,
  123456789012345680000, 5e-324, -5e-324, 2.2250738585072014e-308,
  2.225073858507201e-308, 1.7976931348623157e308, -1.7976931348623157e308,
  TWO53, -TWO53, TWO53 - 1, -(TWO53 - 1), 4294967295, 4294967296,
  333333333.3333333, 1e23, 9.999999999999999e22, 0.30000000000000004,
  1424953923781206.2, 295147905179352830000, 2 ** 70, 2 ** -1074 * 3,
  0.000001, 0.0000001, 999999999999999900000, 1e300, 1e-300,
];

function randomNumber() {
  switch (int(12)) {
    case 0:
      return between(-1000, 1000);
    case 1: {
      // An integer of up to 53 bits.
      const bits = between(1, 53);
      const hi = bits > 32 ? int(2 ** (bits - 32)) : 0;
      const lo = bits >= 32 ? u32() : int(2 ** bits);
      const v = hi * 4294967296 + lo;
      return chance(0.5) ? -v : v;
    }
    case 2:
    case 3:
      // Random bits: any finite double.
      for (;;) {
        const x = fromWords(u32(), u32());
        if (Number.isFinite(x)) return x;
      }
    case 4: {
      // A short decimal fraction such as 3.25 or -0.007.
      const v = between(-99999, 99999) / 10 ** between(1, 6);
      return v;
    }
    case 5: {
      // A tiny or huge exponent.
      const m = (between(1, 9999999) / 1000000).toString();
      const e = between(-330, 308);
      const x = Number(m + 'e' + e);
      if (Number.isFinite(x)) return chance(0.5) ? -x : x;
      return 1e308;
    }
    case 6: {
      // A subnormal.
      const x = fromWords(u32() & 0x000fffff, u32());
      return chance(0.5) ? -x : x;
    }
    case 7: {
      // An integer-valued double above 2^53.
      const x = (between(1, 2 ** 20) * 2 ** 33 + u32()) * 2 ** between(1, 200);
      return chance(0.5) ? -x : x;
    }
    case 8:
      return pick(SPECIAL_NUMBERS);
    case 9: {
      // A double near a power of ten.
      const x = 10 ** between(-30, 30);
      const [hi, lo] = toWords(x);
      return fromWords(hi, (lo + between(-2, 2)) >>> 0);
    }
    case 10:
      return chance(0.5) ? -0 : 0;
    default:
      return between(0, 20);
  }
}

// Code points by category.
function randomCodePoint() {
  switch (int(14)) {
    case 0:
    case 1:
    case 2:
    case 3:
      return between(0x20, 0x7e);
    case 4:
      return between(0x00, 0x1f);
    case 5:
      return pick([0x22, 0x5c, 0x2f, 0x7f, 0x2028, 0x2029, 0x22, 0x5c]);
    case 6:
      return between(0x80, 0x7ff);
    case 7:
      for (;;) {
        const c = between(0x800, 0xffff);
        if (c < 0xd800 || c > 0xdfff) return c;
      }
    case 8:
      return between(0x10000, 0x10ffff);
    case 9:
      return between(0x1f300, 0x1faff); // emoji
    case 10:
      return pick([0xe000, 0xffff, 0xfffe, 0xfeff, 0xfb33, 0xff61, 0xd7ff,
        0x10000, 0x10ffff, 0x1f600, 0x80, 0xa0, 0x7ff, 0x800]);
    case 11:
      return between(0x4e00, 0x9fff); // CJK
    case 12:
      return between(0x3b1, 0x3c9); // Greek
    default:
      return between(0x61, 0x7a);
  }
}

function randomString(maxLen) {
  const n = chance(0.1) ? 0 : between(1, maxLen);
  let s = '';
  for (let i = 0; i < n; i++) s += String.fromCodePoint(randomCodePoint());
  return s;
}

// Names whose UTF-16 order differs from their code point (UTF-8) order, and
// other names that sort in interesting ways.
const NAME_POOL = [
  '', 'a', 'b', 'A', 'Z', 'aa', 'ab', 'a\u0000', '1', '10', '2', '-1',
  '\ud83d\ude00', '\uffff', '\ue000', '\ufb33', '\uff61', '\u{10000}',
  '\u{10ffff}', '\u20ac', '\u00f6', '\u0080', '\r', '\u007f', '\u00e9',
  'e\u0301', 'model', 'messages', 'role', 'content', '__proto__', 'id',
  'key with spaces', '"', '\\', '/', '\u2028', '\u2029', 'caf\u00e9',
  '\ud83d\ude00a', '\ufffe', '\u{1f468}\u200d\u{1f469}', '\t', '\u001f',
];

function randomName() {
  return chance(0.6) ? pick(NAME_POOL) : randomString(8);
}

function randomValue(depth) {
  const r = int(100);
  if (depth < 4 && r < 16) {
    const n = chance(0.1) ? 0 : between(1, 4);
    const a = [];
    for (let i = 0; i < n; i++) a.push(randomValue(depth + 1));
    return a;
  }
  if (depth < 4 && r < 32) {
    const n = chance(0.1) ? 0 : between(1, 4);
    const seen = new Set();
    const members = [];
    for (let i = 0; i < n; i++) {
      const k = randomName();
      if (seen.has(k)) continue;
      seen.add(k);
      members.push([k, randomValue(depth + 1)]);
    }
    return new Obj(members);
  }
  if (r < 62) return randomNumber();
  if (r < 88) return randomString(chance(0.1) ? 40 : 12);
  return pick([true, false, null]);
}

function randomDocument() {
  const r = int(100);
  if (r < 6) return randomValue(4); // a top-level scalar
  if (r < 30) {
    const a = [];
    const n = between(1, 6);
    for (let i = 0; i < n; i++) a.push(randomValue(1));
    return a;
  }
  const seen = new Set();
  const members = [];
  const n = between(1, 6);
  for (let i = 0; i < n; i++) {
    const k = randomName();
    if (seen.has(k)) continue;
    seen.add(k);
    members.push([k, randomValue(1)]);
  }
  return new Obj(members);
}

// ---------------------------------------------------------------------------
// The reference canonical form.

function canonical(v) {
  if (v instanceof Obj) {
    const sorted = v.members.slice().sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
    return '{' + sorted.map(([k, w]) => JSON.stringify(k) + ':' + canonical(w)).join(',') + '}';
  }
  if (Array.isArray(v)) return '[' + v.map(canonical).join(',') + ']';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return JSON.stringify(v);
  return String(v);
}

// canonicalParsed is the same for a value from JSON.parse, used to check
// every spelling.
function canonicalParsed(v) {
  if (Array.isArray(v)) return '[' + v.map(canonicalParsed).join(',') + ']';
  if (v !== null && typeof v === 'object') {
    const keys = Object.keys(v).sort();
    return '{' + keys.map((k) => JSON.stringify(k) + ':' + canonicalParsed(v[k])).join(',') + '}';
  }
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return JSON.stringify(v);
  return String(v);
}

function toJS(v) {
  if (v instanceof Obj) {
    const o = Object.create(null);
    for (const [k, w] of v.members) o[k] = toJS(w);
    return o;
  }
  if (Array.isArray(v)) return v.map(toJS);
  return v;
}

// ---------------------------------------------------------------------------
// Spellings.

const NUMBER_RE = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$/;

function hex4(c) {
  const h = c.toString(16).padStart(4, '0');
  return chance(0.3) ? h.toUpperCase() : h;
}

const SHORT_ESCAPES = { 0x22: '\\"', 0x5c: '\\\\', 0x08: '\\b', 0x0c: '\\f', 0x0a: '\\n', 0x0d: '\\r', 0x09: '\\t' };

// escapeString writes s as a JSON string, choosing for each character among
// the spellings that denote it.
function escapeString(s, p) {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0);
    const u = chance(p);
    if (c >= 0x10000) {
      if (u) {
        const v = c - 0x10000;
        out += '\\u' + hex4(0xd800 + (v >> 10)) + '\\u' + hex4(0xdc00 + (v & 0x3ff));
      } else {
        out += ch;
      }
    } else if (c in SHORT_ESCAPES) {
      out += u ? '\\u' + hex4(c) : SHORT_ESCAPES[c];
    } else if (c < 0x20) {
      out += '\\u' + hex4(c);
    } else if (c === 0x2f) {
      out += u ? pick(['\\/', '\\u' + hex4(c)]) : '/';
    } else {
      out += u ? '\\u' + hex4(c) : ch;
    }
  }
  return out + '"';
}

// exactDecimal returns the exact decimal value of the finite double x, or
// null when it is longer than maxLen characters.
function exactDecimal(x, maxLen) {
  const [hi, lo] = toWords(x);
  const neg = hi >>> 31 === 1;
  const bexp = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let e2;
  if (bexp === 0) {
    e2 = -1074;
  } else {
    mant |= 1n << 52n;
    e2 = bexp - 1075;
  }
  let s;
  if (e2 >= 0) {
    s = (mant << BigInt(e2)).toString();
    if (Math.abs(x) > TWO53) s += '.0';
  } else {
    const digits = (mant * 5n ** BigInt(-e2)).toString().padStart(-e2 + 1, '0');
    const ip = digits.slice(0, digits.length + e2);
    let fp = digits.slice(digits.length + e2).replace(/0+$/, '');
    s = fp === '' ? ip : ip + '.' + fp;
  }
  if (neg) s = '-' + s;
  return s.length <= maxLen ? s : null;
}

const ZEROS = ['0', '0.0', '0e0', '0E+0', '0.000', '0e-7', '0.0E5', '0e+00'];

// respellOnce writes the finite double x in a randomly chosen form that
// denotes it.
function respellOnce(x) {
  if (x === 0) {
    const z = pick(ZEROS);
    return Object.is(x, -0) ? '-' + z : z;
  }
  if (chance(0.08)) {
    const s = exactDecimal(x, 60);
    if (s !== null) return s;
  }
  const sign = x < 0 ? '-' : '';
  // x = D × 10^E with D the shortest digits as an integer.
  const m = Math.abs(x).toExponential();
  const [mpart, epart] = m.split('e');
  let digits = mpart.replace('.', '');
  let exp = Number(epart) - (digits.length - 1);
  if (chance(0.1)) {
    // More digits than needed, still reading as x.
    digits += '0'.repeat(between(0, 3)) + between(1, 9);
    exp -= digits.length - mpart.replace('.', '').length;
  } else if (chance(0.5)) {
    const z = between(1, 3);
    digits += '0'.repeat(z);
    exp -= z;
  }
  // Place the decimal point after p digits (p may be 0, giving "0.").
  let lead = '';
  if (chance(0.15)) lead = '0'.repeat(between(1, 3));
  const all = lead + digits;
  const p = int(all.length + 1);
  let ip = all.slice(0, p).replace(/^0+/, '');
  if (ip === '') ip = '0';
  const fp = all.slice(p);
  const e10 = exp + fp.length;
  let s = sign + ip + (fp === '' ? '' : '.' + fp);
  if (e10 !== 0 || chance(0.3)) {
    let es = String(Math.abs(e10)).padStart(between(1, 3), '0');
    if (e10 < 0) es = '-' + es;
    else if (chance(0.5)) es = '+' + es;
    s += (chance(0.5) ? 'e' : 'E') + es;
  }
  return s;
}

function respell(x) {
  for (let i = 0; i < 10; i++) {
    const s = respellOnce(x);
    if (!NUMBER_RE.test(s)) throw new Error('bad number spelling ' + s);
    if (!Object.is(Number(s), x)) continue;
    if (/^-?[0-9]+$/.test(s) && Math.abs(x) > TWO53 && s !== String(x)) continue;
    return s;
  }
  return String(x);
}

function randomWhitespace() {
  if (chance(0.5)) return '';
  let w = '';
  const n = between(1, 3);
  for (let i = 0; i < n; i++) w += pick([' ', '\t', '\n', '\r']);
  return w;
}

// serialize writes v with the given options:
//   order:   'insertion', 'reverse' or 'shuffle' member order;
//   escape:  probability that a string character is written as an escape;
//   respell: whether numbers are respelled;
//   ws:      whether random whitespace goes between tokens.
function serialize(v, opt) {
  const w = opt.ws ? randomWhitespace : () => '';
  function rec(v) {
    if (v instanceof Obj) {
      let ms = v.members;
      if (opt.order === 'reverse') ms = ms.slice().reverse();
      else if (opt.order === 'shuffle') ms = shuffle(ms);
      if (ms.length === 0) return '{' + w() + '}';
      return '{' + ms.map(([k, x]) => w() + str(k) + w() + ':' + w() + rec(x) + w()).join(',') + '}';
    }
    if (Array.isArray(v)) {
      if (v.length === 0) return '[' + w() + ']';
      return '[' + v.map((x) => w() + rec(x) + w()).join(',') + ']';
    }
    if (typeof v === 'number') {
      if (opt.respell) return respell(v);
      return String(v);
    }
    if (typeof v === 'string') return str(v);
    return String(v);
  }
  function str(s) {
    return opt.escape > 0 ? escapeString(s, opt.escape) : JSON.stringify(s);
  }
  return w() + rec(v) + w();
}

function spellings(v) {
  const js = toJS(v);
  const out = [
    JSON.stringify(js),
    JSON.stringify(js, null, pick([2, 4, '\t'])),
    serialize(v, { order: 'insertion', escape: 0, respell: false, ws: true }),
    serialize(v, { order: pick(['reverse', 'shuffle']), escape: 0, respell: false, ws: false }),
    serialize(v, { order: 'insertion', escape: pick([0.3, 0.6, 1]), respell: false, ws: false }),
    serialize(v, { order: 'insertion', escape: 0, respell: true, ws: false }),
    serialize(v, { order: 'shuffle', escape: pick([0.2, 0.5]), respell: true, ws: true }),
  ];
  return [...new Set(out)];
}

// ---------------------------------------------------------------------------
// Fixed documents, then random ones.

function allControls() {
  let s = '';
  for (let c = 0; c < 0x20; c++) s += String.fromCharCode(c);
  return s + '"\\/\u007f\u2028\u2029\u0080\u00ff\ud83d\ude00';
}

const FIXED = [
  allControls(),
  new Obj([[allControls(), allControls()]]),
  new Obj([['\ufb33', 1], ['\ud83d\ude00', 2], ['\uffff', 3], ['\ue000', 4], ['\u{10000}', 5], ['\u{10ffff}', 6], ['\uff61', 7]]),
  new Obj([['\u20ac', 'Euro Sign'], ['\r', 'Carriage Return'], ['\ufb33', 'Hebrew Letter Dalet With Dagesh'],
    ['1', 'One'], ['\ud83d\ude00', 'Emoji: Grinning Face'], ['\u0080', 'Control'], ['\u00f6', 'Latin Small Letter O With Diaeresis']]),
  [], new Obj([]), [[]], [new Obj([])], new Obj([['', new Obj([])], ['a', []]]),
  [[[[[[[[[[]]]]]]]]]],
  -0, 0, true, false, null, '', '/', '\u2028\u2029',
  new Obj([['numbers', [333333333.3333333, 1e30, 4.5, 2e-3, 0.000000000000000000000000001]],
    ['string', '\u20ac$\u000f\nA\'B"\\\\"/'], ['literals', [null, true, false]]]),
  new Obj([['b', 1], ['a', 2], ['10', 3], ['2', 4], ['1', 5], ['__proto__', 6], ['-1', 7], ['01', 8]]),
  SPECIAL_NUMBERS,
  new Obj([['model', 'claude-sonnet-4-20250514'], ['messages', [new Obj([['role', 'user'], ['content', 'hi']])]]]),
];

function main() {
  const docs = [];
  const addDoc = (v) => {
    const c = canonical(v);
    const inputs = spellings(v);
    for (const s of inputs) {
      const got = canonicalParsed(JSON.parse(s));
      if (got !== c) throw new Error('spelling check failed:\n' + s + '\n' + got + '\n' + c);
    }
    docs.push({ inputs, canonical: c });
  };
  for (const v of FIXED) addDoc(v);
  while (docs.length < NDOCS) addDoc(randomDocument());

  const text = '[\n' + docs.map((d) => JSON.stringify(d)).join(',\n') + '\n]\n';
  const gz = zlib.gzipSync(Buffer.from(text, 'utf8'), { level: 9 });
  fs.writeFileSync(OUT, gz);
  const nin = docs.reduce((n, d) => n + d.inputs.length, 0);
  console.log(`${docs.length} documents, ${nin} inputs, ${text.length} characters, ${gz.length} bytes gzipped`);
}

main();
