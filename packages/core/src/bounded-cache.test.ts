import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BoundedCache } from './bounded-cache.ts';

describe('BoundedCache', () => {
  it('answers what was added until it is full, then starts over with the newest entry', () => {
    const cache = new BoundedCache<string, number>(2);
    expect(cache.add('a', 1)).toBe(1);
    cache.add('b', 2);
    expect([cache.get('a'), cache.get('b'), cache.size]).toEqual([1, 2, 2]);
    cache.add('b', 3);
    expect([cache.get('a'), cache.get('b')]).toEqual([1, 3]);
    cache.add('c', 4);
    expect([cache.get('a'), cache.get('b'), cache.get('c'), cache.size]).toEqual([undefined, undefined, 4, 1]);
  });

  it('never holds more than its bound, and never answers a value other than the last added', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.array(fc.tuple(fc.integer({ min: 0, max: 8 }), fc.integer())), (bound, adds) => {
        const cache = new BoundedCache<number, number>(bound);
        const last = new Map<number, number>();
        for (const [key, value] of adds) {
          cache.add(key, value);
          last.set(key, value);
          expect(cache.size).toBeLessThanOrEqual(bound);
          for (const [k, v] of last) expect([undefined, v]).toContain(cache.get(k));
          expect(cache.get(key)).toBe(value);
        }
      }),
    );
  });

  it('refuses a bound below one', () => {
    for (const bound of [0, -1, 1.5]) expect(() => new BoundedCache(bound)).toThrow(RangeError);
  });
});
