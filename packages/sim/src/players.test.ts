import { describe, expect, it } from 'vitest';
import { apportion, makePlayers } from './players.ts';
import { Population } from './population.ts';

const social = (friends: number) =>
  Population.parse({ name: 'social', segments: [{ id: 'inviters', share: 1, activeDays: 1, visitsPerDay: 1, tasks: {}, social: { friends, accept: 0.5 } }, { id: 'quiet', share: 1, activeDays: 1, visitsPerDay: 1, tasks: {} }] });

const ascending = (values: number[]) => [...values].sort((a, b) => a - b);

describe('makePlayers', () => {
  it('gives friend counts with a heavy tail around the segment mean, like a referral network', () => {
    const players = makePlayers(social(5), 20_000, 'graph');
    const inviters = players.filter((p) => p.segment.id === 'inviters');
    const counts = ascending(inviters.map((p) => p.friends.length));
    const mean = counts.reduce((a, b) => a + b, 0) / counts.length;
    expect(inviters.length).toBe(10_000);
    expect(mean).toBeGreaterThan(4.5);
    expect(mean).toBeLessThan(5.5);
    const median = counts[counts.length >> 1]!;
    // Pareto (α 1.8): most invite a few, a few invite hundreds. An exponential of the same mean
    // would put 0.03% of players above 8 times the mean; this tail holds about 0.5%.
    expect(median).toBeLessThan(mean);
    expect(counts.at(-1)!).toBeGreaterThanOrEqual(20 * median);
    expect(counts.filter((c) => c > 8 * mean).length / counts.length).toBeGreaterThan(0.002);
    // The top 1% of inviters send a large share of all invitations.
    const top = counts.slice(-counts.length / 100).reduce((a, b) => a + b, 0);
    expect(top / counts.reduce((a, b) => a + b, 0)).toBeGreaterThan(0.08);
  });

  it('invites distinct other players, and none from a segment without social behaviour', () => {
    const players = makePlayers(social(3), 2_000, 'distinct');
    for (const player of players) {
      expect(new Set(player.friends).size).toBe(player.friends.length);
      expect(player.friends).not.toContain(player.index);
      for (const friend of player.friends) expect(friend >= 0 && friend < players.length).toBe(true);
      if (player.segment.id === 'quiet') expect(player.friends).toEqual([]);
    }
  });

  it('is the same population for the same seed, and another for another seed', () => {
    const shape = (seed: string) => makePlayers(social(4), 500, seed).map((p) => `${p.segment.id}:${p.friends.join(',')}`);
    expect(shape('a')).toEqual(shape('a'));
    expect(shape('b')).not.toEqual(shape('a'));
  });
});

describe('apportion', () => {
  it('splits a total exactly by weights, largest remainders first', () => {
    expect(apportion([1, 1, 1], 10)).toEqual([4, 3, 3]);
    expect(apportion([75, 20, 5], 7)).toEqual([5, 2, 0]);
  });
});
