import { KeyedHmac, keyedHmac } from './sha256.ts';

/**
 * Randomness a rule may use. Every draw goes through `int`, so a test can script it and an
 * auditor can recompute it.
 */
export interface Random {
  /** A uniformly distributed integer in [0, bound), for 1 ≤ bound ≤ 2^48. */
  int(bound: number): number;
}

const RANGE = 2 ** 48;

/**
 * A deterministic stream: HMAC-SHA256(key, label ‖ counter) blocks, read 48 bits at a time,
 * turned into integers by rejection sampling so that no outcome is favoured by a modulo.
 */
export class HmacRandom implements Random {
  readonly #key: KeyedHmac;
  readonly #label: string;
  #counter = 0;
  readonly #block = new Uint8Array(32);
  #offset = 32;

  constructor(key: KeyedHmac | string, label: string) {
    this.#key = typeof key === 'string' ? keyedHmac(key) : key;
    this.#label = label;
  }

  int(bound: number): number {
    if (!Number.isSafeInteger(bound) || bound < 1 || bound > RANGE) {
      throw new RangeError(`Random.int bound must be an integer in [1, 2^48], got ${bound}`);
    }
    const limit = RANGE - (RANGE % bound);
    for (;;) {
      const value = this.#next48();
      if (value < limit) return value % bound;
    }
  }

  #next48(): number {
    const block = this.#block;
    if (this.#offset + 6 > block.length) {
      this.#key.digestInto(`${this.#label}#${this.#counter++}`, block);
      this.#offset = 0;
    }
    const at = this.#offset;
    this.#offset += 6;
    // 48 bits, big-endian: the high 16, then the low 32 (unsigned).
    return ((block[at]! << 8) | block[at + 1]!) * 2 ** 32 + (((block[at + 2]! << 24) | (block[at + 3]! << 16) | (block[at + 4]! << 8) | block[at + 5]!) >>> 0);
  }
}

/**
 * The randomness of one command: derived from the campaign's secret seed, the player and the
 * command key, so a draw is the same on any store and in any order of arrival, and cannot be
 * predicted by a client that does not know the seed.
 */
export function commandRandom(seed: string, campaignId: string, playerId: string, commandKey: string): Random {
  return new HmacRandom(keyedHmac(seed), `${campaignId}\u0000${playerId}\u0000${commandKey}`);
}

/** Crockford's base32 digits: no I, L, O or U, so a code read aloud or typed is not misread. */
export const CROCKFORD_UPPER = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * `length` characters of `alphabet`, uniformly distributed, from the stream: ids and codes that
 * are unguessable (the stream is secret) yet the same on a retry of the command. Each draw
 * yields as many characters as 48 bits hold (nine of 32), its digits in base `alphabet.length`:
 * a draw per character took four HMAC blocks for an order id instead of one.
 *
 * @example randomCode(commandRandom(seed, campaignId, playerId, key), CROCKFORD_UPPER, 10) // 'Q7K2MXW3DP'
 */
export function randomCode(random: Random, alphabet: string, length: number): string {
  const base = alphabet.length;
  if (base < 2) throw new RangeError(`randomCode needs an alphabet of at least 2 characters, got ${JSON.stringify(alphabet)}`);
  let perDraw = 1;
  while (base ** (perDraw + 1) <= RANGE) perDraw++;
  let code = '';
  for (let left = length; left > 0; left -= perDraw) {
    const digits = Math.min(perDraw, left);
    let value = random.int(base ** digits);
    for (let i = 0; i < digits; i++) {
      code += alphabet[value % base];
      value = Math.floor(value / base);
    }
  }
  return code;
}

/**
 * `size` uniformly distributed bytes from the stream, six to a draw.
 *
 * @example randomBytes(commandRandom(seed, campaignId, playerId, key), 16) // Uint8Array(16) [...]
 */
export function randomBytes(random: Random, size: number): Uint8Array {
  const bytes = new Uint8Array(size);
  for (let at = 0; at < size; at += 6) {
    let value = random.int(RANGE);
    for (let i = at; i < Math.min(at + 6, size); i++) {
      bytes[i] = value % 256;
      value = Math.floor(value / 256);
    }
  }
  return bytes;
}

/**
 * Test double: returns the scripted values in order (each must be below the bound asked for).
 *
 * @example
 * const random = scriptedRandom([0, 699]); // first draw 0, then 699
 */
export function scriptedRandom(values: readonly number[]): Random {
  let i = 0;
  return {
    int(bound) {
      const value = values[i++];
      if (value === undefined) throw new Error('scriptedRandom ran out of values');
      if (value < 0 || value >= bound) throw new RangeError(`scripted value ${value} is outside [0, ${bound})`);
      return value;
    },
  };
}
