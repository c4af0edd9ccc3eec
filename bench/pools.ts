import { splitPool } from '@carnival/core';
import { mulberry32 } from './mulberry32.ts';

/**
 * The Double 11 pool at full size: ¥2,000,000,000 (2 × 10^11 cents) split by candy over 10 million
 * players, at most ¥10,000 each and nothing for a share below ¥0.01. The candy is heavy-tailed
 * like real balances: 5% of players have none, the rest a Pareto tail (α = 1.2, from 100 candy),
 * so some 16,000 whales hit the maximum while millions hold the same few small balances.
 * Generated from a fixed seed, so every run splits the same pool.
 *
 * `ms` is one cold call, JIT warm-up included. `rssMiB` is the process's peak resident set
 * (Node itself, the 80 MiB basis and the split's working memory); `heapMiB` is how much more
 * JavaScript heap and array-buffer memory is in use after the split than before it: with
 * --expose-gc, what the split holds on to (the 76 MiB of payouts it returns); without, its
 * scratch arrays too, not yet collected.
 */
export async function benchPools(players = 10_000_000): Promise<{ players: number; ms: number; rssMiB: number; heapMiB: number }> {
  const total = 200_000_000_000;
  const basis = candy(players);
  collect();
  const before = heapInUse();
  const start = performance.now();
  const { payouts, unallocated } = splitPool(total, basis, { maximum: 1_000_000, minimum: { amount: 1, below: 'nothing' } });
  const ms = performance.now() - start;
  let paid = 0;
  for (let i = 0; i < payouts.length; i++) paid += payouts[i]!;
  if (paid + unallocated !== total) throw new Error(`benchPools: paid ${paid} + unallocated ${unallocated} is not ${total}`);
  collect();
  const held = heapInUse() - before;
  const mib = (bytes: number) => Math.round(bytes / 2 ** 20);
  // Reading the payouts after measuring keeps them alive through it.
  return { players: payouts.length, ms: Math.round(ms), rssMiB: mib(process.resourceUsage().maxRSS * 1024), heapMiB: mib(held) };
}

/** Heavy-tailed candy balances from a fixed seed (mulberry32 uniforms). */
function candy(players: number): Float64Array {
  const basis = new Float64Array(players);
  const word = mulberry32(0x11_11);
  for (let i = 0; i < players; i++) {
    const u = (word() + 1) / 2 ** 32;
    basis[i] = u > 0.95 ? 0 : Math.floor(100 * (1 / u) ** (1 / 1.2));
  }
  return basis;
}

const heapInUse = () => {
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return heapUsed + arrayBuffers;
};

/** Collects garbage when run with --expose-gc, so that before and after compare live memory. */
const collect = () => (globalThis as { gc?: () => void }).gc?.();
