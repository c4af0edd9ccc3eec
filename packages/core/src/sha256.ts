import { BoundedCache } from './bounded-cache.ts';

/**
 * SHA-256 (FIPS 180-4) of a short text, in plain JS: for the many small digests of a run (a
 * player's experiment variants), where `node:crypto`'s one-shot `hash` cost ~5 µs a call in a
 * large heap. Longer inputs (an order's kilobyte of JSON, a ticket list) are better left to
 * `node:crypto`.
 *
 * @example sha256('exp\np1'); // the 32 bytes of createHash('sha256').update('exp\np1').digest()
 */
export function sha256(text: string): Uint8Array {
  const length = intoScratch(text); // first: it may put a larger buffer in `scratch`
  return digestBytes(IV, scratch, length, 0, new Uint8Array(32));
}

/**
 * HMAC-SHA256 (RFC 2104 over FIPS 180-4) under a fixed key, for the engine's many short messages:
 * every seeded draw and every share code is one. The key's two padded blocks are compressed once,
 * so a message of up to 55 bytes costs two compressions and no native object. Measured on Node 20
 * (2 × AMD EPYC): ~1.1 µs a message, against ~3.6–5 µs for `node:crypto`'s `createHmac` with a
 * `KeyObject` (most of it making and collecting the native object each time) and ~3.5 µs for
 * @noble/hashes' keyed clone. The tests check it against `createHmac` and RFC 4231's vectors.
 *
 * @example
 * new KeyedHmac('secret').digest('label#0'); // the 32 bytes of createHmac('sha256', 'secret').update('label#0').digest()
 */
export class KeyedHmac {
  readonly #inner = new Int32Array(8);
  readonly #outer = new Int32Array(8);

  /** A text `key` is taken as UTF-8; a key longer than a block is hashed first, as RFC 2104 says. */
  constructor(key: string | Uint8Array) {
    let bytes = typeof key === 'string' ? encoder.encode(key) : key;
    if (bytes.length > BLOCK) {
      const roomy = new Uint8Array(bytes.length + PADDING);
      roomy.set(bytes);
      bytes = digestBytes(IV, roomy, bytes.length, 0, new Uint8Array(32));
    }
    const pad = new Uint8Array(BLOCK);
    pad.set(bytes);
    for (let i = 0; i < BLOCK; i++) pad[i]! ^= 0x36;
    this.#inner.set(IV);
    compress(this.#inner, pad, 0);
    for (let i = 0; i < BLOCK; i++) pad[i]! ^= 0x36 ^ 0x5c;
    this.#outer.set(IV);
    compress(this.#outer, pad, 0);
  }

  /** The MAC of `message` (taken as UTF-8) written into `out[0, 32)`. */
  digestInto(message: string, out: Uint8Array): Uint8Array {
    const length = intoScratch(message);
    digestBytes(this.#inner, scratch, length, BLOCK, scratch);
    return digestBytes(this.#outer, scratch, 32, BLOCK, out);
  }

  /** The MAC of `message` (taken as UTF-8), 32 fresh bytes. */
  digest(message: string): Uint8Array {
    return this.digestInto(message, new Uint8Array(32));
  }
}

/** The keyed HMAC of a secret, made once: a campaign's seed and the keys derived from it serve every command. */
export const keyedHmac = (secret: string): KeyedHmac => keyed.get(secret) ?? keyed.add(secret, new KeyedHmac(secret));

const keyed = new BoundedCache<string, KeyedHmac>(64);

const BLOCK = 64;
/** The most a message's padding adds: the 0x80 byte, zeros, and its length in 8 bytes. */
const PADDING = 72;
const encoder = new TextEncoder();
const IV = Int32Array.of(0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19);
// prettier-ignore
const K = Int32Array.of(
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
);

// Scratch space, safe to share: JavaScript runs one digest at a time, and a digest calls nothing.
const W = new Int32Array(64);
const state = new Int32Array(8);
let scratch = new Uint8Array(256);

/** Writes `message` as UTF-8 at the start of `scratch`, leaving room after it for the padding; returns its length. */
function intoScratch(message: string): number {
  // A UTF-16 unit takes at most 3 bytes of UTF-8.
  const room = message.length * 3 + PADDING;
  if (scratch.length < room) scratch = new Uint8Array(Math.max(room, scratch.length * 2));
  // Labels and ids are ASCII: copied here, without a call into the encoder for a few dozen bytes.
  for (let i = 0; i < message.length; i++) {
    const unit = message.charCodeAt(i);
    if (unit >= 0x80) return encoder.encodeInto(message, scratch).written;
    scratch[i] = unit;
  }
  return message.length;
}

/**
 * SHA-256 from `from` (the state after `before` bytes, a whole number of blocks) over
 * `bytes[0, length)`, written into `out[0, 32)`. Pads in place, so `bytes` must be ours, with
 * `PADDING` bytes of room past `length`.
 */
function digestBytes(from: Int32Array, bytes: Uint8Array, length: number, before: number, out: Uint8Array): Uint8Array {
  const padded = Math.ceil((length + 9) / BLOCK) * BLOCK;
  bytes.fill(0, length, padded);
  bytes[length] = 0x80;
  const bits = (before + length) * 8;
  writeWord(bytes, padded - 8, Math.floor(bits / 2 ** 32));
  writeWord(bytes, padded - 4, bits >>> 0);
  state.set(from);
  for (let at = 0; at < padded; at += BLOCK) compress(state, bytes, at);
  for (let i = 0; i < 8; i++) writeWord(out, i * 4, state[i]!);
  return out;
}

function writeWord(bytes: Uint8Array, at: number, word: number): void {
  bytes[at] = word >>> 24;
  bytes[at + 1] = word >>> 16;
  bytes[at + 2] = word >>> 8;
  bytes[at + 3] = word;
}

/** FIPS 180-4 §6.2.2: one 64-byte block of `bytes` at `at` into `h`. */
function compress(h: Int32Array, bytes: Uint8Array, at: number): void {
  for (let i = 0; i < 16; i++, at += 4) W[i] = (bytes[at]! << 24) | (bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!;
  for (let i = 16; i < 64; i++) {
    const x = W[i - 15]!;
    const y = W[i - 2]!;
    const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
    const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
    W[i] = (W[i - 16]! + s0 + W[i - 7]! + s1) | 0;
  }
  let a = h[0]!, b = h[1]!, c = h[2]!, d = h[3]!, e = h[4]!, f = h[5]!, g = h[6]!, k = h[7]!;
  for (let i = 0; i < 64; i++) {
    const s1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const t1 = (k + s1 + ((e & f) ^ (~e & g)) + K[i]! + W[i]!) | 0;
    const s0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const t2 = (s0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
    k = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  h[0] = (h[0]! + a) | 0;
  h[1] = (h[1]! + b) | 0;
  h[2] = (h[2]! + c) | 0;
  h[3] = (h[3]! + d) | 0;
  h[4] = (h[4]! + e) | 0;
  h[5] = (h[5]! + f) | 0;
  h[6] = (h[6]! + g) | 0;
  h[7] = (h[7]! + k) | 0;
}
