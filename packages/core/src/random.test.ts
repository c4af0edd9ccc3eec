import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KeyedHmac } from './sha256.ts';
import { commandRandom, CROCKFORD_UPPER, HmacRandom, randomBytes, randomCode, scriptedRandom, type Random } from './random.ts';

const draws = (random: Random, bound: number, n = 20) => Array.from({ length: n }, () => random.int(bound));

describe('HmacRandom', () => {
  it('gives the same stream for the same key and label', () => {
    expect(draws(new HmacRandom('key', 'label'), 1000)).toEqual(draws(new HmacRandom('key', 'label'), 1000));
    expect(draws(new HmacRandom(new KeyedHmac('key'), 'label'), 1000)).toEqual(draws(new HmacRandom('key', 'label'), 1000));
  });

  it('gives a different stream for a different key or label', () => {
    const base = draws(new HmacRandom('key', 'label'), 2 ** 48);
    expect(draws(new HmacRandom('key2', 'label'), 2 ** 48)).not.toEqual(base);
    expect(draws(new HmacRandom('key', 'label2'), 2 ** 48)).not.toEqual(base);
  });

  it('keeps every int(bound) in [0, bound)', () => {
    fc.assert(
      fc.property(fc.string(), fc.array(fc.integer({ min: 1, max: 2 ** 48 }), { minLength: 1, maxLength: 30 }), (key, bounds) => {
        const random = new HmacRandom(key, 'test');
        for (const bound of bounds) {
          const value = random.int(bound);
          expect(Number.isSafeInteger(value) && value >= 0 && value < bound).toBe(true);
        }
      }),
    );
  });

  it('reaches both ends of a small range, roughly evenly', () => {
    const counts = [0, 0, 0];
    for (const value of draws(new HmacRandom('key', 'spread'), 3, 3000)) counts[value]! += 1;
    for (const count of counts) expect(count).toBeGreaterThan(900);
  });

  it('refuses a bound it cannot draw from without bias', () => {
    const random = new HmacRandom('key', 'label');
    for (const bound of [0, -1, 1.5, 2 ** 48 + 1, Number.NaN]) expect(() => random.int(bound)).toThrow(RangeError);
  });
});

describe('commandRandom', () => {
  it('depends on the seed, the campaign, the player and the command key', () => {
    const base = draws(commandRandom('seed', 'c', 'p', 'k'), 2 ** 40);
    expect(draws(commandRandom('seed', 'c', 'p', 'k'), 2 ** 40)).toEqual(base);
    for (const other of [commandRandom('seed2', 'c', 'p', 'k'), commandRandom('seed', 'c2', 'p', 'k'), commandRandom('seed', 'c', 'p2', 'k'), commandRandom('seed', 'c', 'p', 'k2')]) {
      expect(draws(other, 2 ** 40)).not.toEqual(base);
    }
  });

  it('keeps its parts apart: player "a" with key "bc" is not player "ab" with key "c"', () => {
    expect(draws(commandRandom('seed', 'c', 'a', 'bc'), 2 ** 40)).not.toEqual(draws(commandRandom('seed', 'c', 'ab', 'c'), 2 ** 40));
  });
});

/** A Random that notes every bound it is asked for. */
function recording(random: Random): { random: Random; bounds: number[] } {
  const bounds: number[] = [];
  return { bounds, random: { int: (bound) => (bounds.push(bound), random.int(bound)) } };
}

describe('randomCode', () => {
  it('spells the draws in base alphabet.length, as many characters per draw as 48 bits hold', () => {
    // 32 ** 9 = 2 ** 45 fits in 48 bits, 32 ** 10 does not: 16 characters take two draws.
    const { random, bounds } = recording(scriptedRandom([1 + 2 * 32, 31]));
    expect(randomCode(random, CROCKFORD_UPPER, 16)).toBe('12000000' + '0' + 'Z' + '000000');
    expect(bounds).toEqual([32 ** 9, 32 ** 7]);
  });

  it('draws each character of a code uniformly', () => {
    const counts = new Map<string, number>();
    const random = new HmacRandom('key', 'codes');
    for (let i = 0; i < 400; i++) for (const c of randomCode(random, 'abcd', 25)) counts.set(c, (counts.get(c) ?? 0) + 1);
    expect([...counts.keys()].sort()).toEqual(['a', 'b', 'c', 'd']);
    for (const count of counts.values()) expect(count).toBeGreaterThan(2300);
  });

  it('gives codes of the asked length from the alphabet, the same for the same stream', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 2, maxLength: 70 }), fc.integer({ min: 0, max: 40 }), (alphabet, length) => {
        const code = randomCode(new HmacRandom('key', alphabet), alphabet, length);
        expect(code).toHaveLength(length);
        expect([...code].every((c) => alphabet.includes(c))).toBe(true);
        expect(randomCode(new HmacRandom('key', alphabet), alphabet, length)).toBe(code);
      }),
    );
  });

  it('refuses an alphabet of fewer than two characters', () => {
    expect(() => randomCode(new HmacRandom('key', 'label'), 'x', 4)).toThrow(RangeError);
  });
});

describe('randomBytes', () => {
  it('takes six bytes from each 48-bit draw, lowest first', () => {
    const { random, bounds } = recording(scriptedRandom([0x0605_0403_0201, 0x0807]));
    expect([...randomBytes(random, 8)]).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(bounds).toEqual([2 ** 48, 2 ** 48]);
  });

  it('covers every byte value', () => {
    const seen = new Set(randomBytes(new HmacRandom('key', 'bytes'), 6000));
    expect(seen.size).toBe(256);
  });
});

describe('scriptedRandom', () => {
  it('returns the scripted values in order, then throws when out of values', () => {
    const random = scriptedRandom([2, 0, 699]);
    expect([random.int(3), random.int(1), random.int(700)]).toEqual([2, 0, 699]);
    expect(() => random.int(10)).toThrow('scriptedRandom ran out of values');
  });

  it('throws for a value outside the bound asked for', () => {
    expect(() => scriptedRandom([5]).int(5)).toThrow(RangeError);
  });
});
