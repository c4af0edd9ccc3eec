import { createHmac } from 'node:crypto';

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
  readonly #key: Buffer;
  readonly #label: string;
  #counter = 0;
  #block: Buffer = Buffer.alloc(0);
  #offset = 0;

  constructor(key: Buffer | string, label: string) {
    this.#key = typeof key === 'string' ? Buffer.from(key, 'utf8') : key;
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
    if (this.#offset + 6 > this.#block.length) {
      this.#block = createHmac('sha256', this.#key).update(`${this.#label}#${this.#counter++}`).digest();
      this.#offset = 0;
    }
    const value = this.#block.readUIntBE(this.#offset, 6);
    this.#offset += 6;
    return value;
  }
}

/**
 * The randomness of one command: derived from the campaign's secret seed, the player and the
 * command key, so a draw is the same on any store and in any order of arrival, and cannot be
 * predicted by a client that does not know the seed.
 */
export function commandRandom(seed: string, campaignId: string, playerId: string, commandKey: string): Random {
  return new HmacRandom(seed, `${campaignId}\u0000${playerId}\u0000${commandKey}`);
}

/** Crockford's base32 digits: no I, L, O or U, so a code read aloud or typed is not misread. */
export const CROCKFORD_UPPER = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * `length` characters of `alphabet`, each drawn uniformly from the stream: ids and codes that are
 * unguessable (the stream is secret) yet the same on a retry of the command.
 *
 * @example randomCode(commandRandom(seed, campaignId, playerId, key), CROCKFORD_UPPER, 10) // 'Q7K2MXW3DP'
 */
export function randomCode(random: Random, alphabet: string, length: number): string {
  let code = '';
  for (let i = 0; i < length; i++) code += alphabet[random.int(alphabet.length)];
  return code;
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
