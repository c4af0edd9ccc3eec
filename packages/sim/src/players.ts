import type { PlayerClaims } from '@carnival/core';
import type { Population, Segment } from './population.ts';
import { Rng } from './rng.ts';

/** One simulated shopper: who they are, how they behave, and who their friends are. */
export interface SimPlayer {
  readonly index: number;
  readonly id: string;
  readonly segment: Segment;
  readonly segmentIndex: number;
  readonly claims: PlayerClaims;
  /** Their own behaviour stream: their choices do not depend on anyone else's. */
  readonly rng: Rng;
  /** Indexes of the players they will invite, in the order they invite them. */
  readonly friends: readonly number[];
}

/** Pareto tail index of friend counts: heavy-tailed like referral networks (a few invite hundreds). */
const FRIEND_TAIL = 1.8;
const FRIEND_TAIL_MEAN = FRIEND_TAIL / (FRIEND_TAIL - 1);
const MAX_FRIENDS = 500;

/** Player ids sort as their index does: `p0000001`. */
export const playerId = (index: number) => `p${String(index + 1).padStart(7, '0')}`;

/**
 * The population's players: segments apportioned exactly by share (largest remainder, ties to the
 * earlier segment) and shuffled; claims drawn per player; friends over a random graph whose
 * out-degrees are Pareto-distributed around each segment's mean.
 */
export function makePlayers(population: Population, count: number, seed: string): SimPlayer[] {
  const rng = Rng.of(seed, 'population');
  const segments = population.segments;
  const order = apportion(segments.map((s) => s.share), count).flatMap((n, i) => Array<number>(n).fill(i));
  for (let i = order.length - 1; i > 0; i--) {
    const j = rng.below(i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order.map((segmentIndex, index) => {
    const segment = segments[segmentIndex]!;
    const own = Rng.of(seed, 'player', String(index));
    const claims: PlayerClaims = {};
    if (own.chance(segment.newCustomers)) claims.newCustomer = true;
    const tiers = Object.entries(segment.tiers);
    let draw = own.float();
    for (const [tier, share] of tiers) {
      if (draw < share) {
        claims.tier = tier;
        break;
      }
      draw -= share;
    }
    const mean = segment.social?.friends ?? 0;
    const wanted = mean > 0 ? Math.min(MAX_FRIENDS, count - 1, Math.floor((mean * own.pareto(FRIEND_TAIL)) / FRIEND_TAIL_MEAN + own.float())) : 0;
    const friends = new Set<number>();
    while (friends.size < wanted) {
      const friend = own.below(count);
      if (friend !== index) friends.add(friend);
    }
    return { index, id: playerId(index), segment, segmentIndex, claims, rng: own, friends: [...friends] };
  });
}

/** Splits `total` in proportion to `weights` exactly: floors, then the largest remainders get one more. */
export function apportion(weights: readonly number[], total: number): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (w * total) / sum);
  const counts = exact.map(Math.floor);
  let left = total - counts.reduce((a, b) => a + b, 0);
  const byRemainder = exact.map((x, i) => ({ i, r: x - Math.floor(x) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of byRemainder) {
    if (left-- <= 0) break;
    counts[i]!++;
  }
  return counts;
}
