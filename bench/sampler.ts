import { HmacRandom, WeightedTable, type Random } from '@carnival/core';
import { mulberry32 } from './mulberry32.ts';

/** What `benchSampler` measures, in calls per second unless named otherwise. */
export interface SamplerFigures {
  /** Ints per second of the fast source alone, at the box table's bound: the floor under the draws. */
  sourcePerSecond: number;
  /** An 8-reward box with a 1-in-10,000 prize: one `random.int` per draw. */
  boxPerSecond: number;
  /** 10,000 rows of weights up to 2^32: n·H passes 2^48, so two `random.int`s per draw. */
  largePerSecond: number;
  /** The box table fed by HmacRandom, as the engine draws. */
  hmacPerSecond: number;
  /** Building the 10,000-row table once (done once per box definition). */
  largeBuildMs: number;
}

/** A festival box: a 1-in-10,000 jackpot down to 'thank you for playing', and a withdrawn row of weight 0. */
const BOX_WEIGHTS = [1, 9, 90, 400, 1500, 3000, 5000, 0];

/**
 * Box draws per second of the exact alias table (`WeightedTable.draw`), one thread, measured
 * after a warm-up. The sampling figures feed it from a fast deterministic source (mulberry32,
 * below), so they measure the table rather than SHA-256; the HmacRandom figure is what a box
 * open pays in the engine, where every command's randomness is an HMAC stream.
 *
 * @example
 * const { boxPerSecond, hmacPerSecond } = benchSampler(2);
 */
export function benchSampler(seconds = 1): SamplerFigures {
  const rows = (weights: readonly number[]) => weights.map((weight, index) => ({ weight, index }));
  const box = WeightedTable.of(rows(BOX_WEIGHTS));
  const largeWeights = Array.from({ length: 10_000 }, (_, i) => 1 + ((i * 2_654_435_761) % 2 ** 32));
  const built = performance.now();
  const large = WeightedTable.of(rows(largeWeights));
  const largeBuildMs = performance.now() - built;

  const source = mulberryRandom(1);
  const hmac = new HmacRandom('bench-seed', 'sampler');
  return {
    // The box table's bound: 8 columns of height 10,000 / gcd(8, 10,000) = 1,250.
    sourcePerSecond: perSecond(seconds, () => source.int(10_000)),
    boxPerSecond: perSecond(seconds, () => box.draw(source).index),
    largePerSecond: perSecond(seconds, () => large.draw(source).index),
    hmacPerSecond: perSecond(seconds, () => box.draw(hmac).index),
    largeBuildMs,
  };
}

/** Calls `fn` for about `seconds` after a warm-up, in batches, and keeps its results live. */
function perSecond(seconds: number, fn: () => number): number {
  let sink = 0;
  const run = (ms: number) => {
    let calls = 0;
    const started = performance.now();
    while (performance.now() - started < ms) {
      for (let i = 0; i < 10_000; i++) sink += fn();
      calls += 10_000;
    }
    return (calls / (performance.now() - started)) * 1000;
  };
  run(Math.min(500, seconds * 250));
  const rate = run(seconds * 1000);
  if (sink < 0) throw new Error('unreachable: the sum keeps the draws from being optimised away');
  return rate;
}

/**
 * mulberry32 32-bit words, turned into exactly uniform integers by rejection like HmacRandom:
 * one word for a bound ≤ 2^32, 48 bits from two words above it.
 */
function mulberryRandom(seed: number): Random {
  const word = mulberry32(seed);
  const uniform = (range: number, next: () => number, bound: number) => {
    const limit = range - (range % bound);
    for (;;) {
      const value = next();
      if (value < limit) return value % bound;
    }
  };
  return {
    int: (bound) => (bound <= 2 ** 32 ? uniform(2 ** 32, word, bound) : uniform(2 ** 48, () => (word() & 0xffff) * 2 ** 32 + word(), bound)),
  };
}
