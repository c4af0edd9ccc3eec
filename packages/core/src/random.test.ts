import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { commandRandom, HmacRandom, scriptedRandom, type Random } from './random.ts';

const draws = (random: Random, bound: number, n = 20) => Array.from({ length: n }, () => random.int(bound));

describe('HmacRandom', () => {
  it('gives the same stream for the same key and label', () => {
    expect(draws(new HmacRandom('key', 'label'), 1000)).toEqual(draws(new HmacRandom('key', 'label'), 1000));
    expect(draws(new HmacRandom(Buffer.from('key'), 'label'), 1000)).toEqual(draws(new HmacRandom('key', 'label'), 1000));
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
