import { describe, expect, it } from 'vitest';
import { commitment, drawWinners, verifyDraw as coreVerify } from '@carnival/core';
import { ticketsHashOf, verifyDraw } from './verify.ts';

/** A draw as the server publishes it, made with core's own functions. */
function published(players: number, tickets: number, prizes: { tier: string; count: number }[], maxWinsPerPlayer?: number) {
  const list = Array.from({ length: tickets }, (_, i) => ({ code: `T${((i * 7919) % 100_003).toString(36).toUpperCase()}-${i}`, playerId: `p${i % players}` }));
  const seed = `seed-${players}-${tickets}`;
  const publicValue = 'drand round 1234: abcdef';
  const { ticketsHash, winners } = drawWinners({ seed, publicValue, tickets: list, prizes, ...(maxWinsPerPlayer ? { maxWinsPerPlayer } : {}) });
  return { commitment: commitment(seed), seed, publicValue, ticketsHash, tickets: list, prizes, maxWinsPerPlayer, winners };
}

describe('the page’s own verification of a draw', () => {
  it('agrees with core on draws of every shape', async () => {
    for (const draw of [
      published(2, 2, [{ tier: 'grand', count: 11 }]),
      published(5, 40, [{ tier: 'grand', count: 2 }, { tier: 'small', count: 10 }]),
      published(3, 60, [{ tier: 'a', count: 4 }, { tier: 'b', count: 5 }], 2),
      published(30, 300, [{ tier: 'one', count: 1 }, { tier: 'none', count: 0 }]),
    ]) {
      expect(coreVerify(draw)).toEqual({ ok: true });
      expect(await verifyDraw(draw)).toEqual({ ok: true });
    }
  });

  it('hashes the frozen list as core does', async () => {
    const draw = published(4, 25, [{ tier: 'x', count: 1 }]);
    expect((await ticketsHashOf([...draw.tickets].reverse())).hash).toBe(draw.ticketsHash);
  });

  it('catches a seed, a list or a winner changed after the fact', async () => {
    const draw = published(5, 40, [{ tier: 'grand', count: 3 }]);
    expect(await verifyDraw({ ...draw, seed: 'another seed' })).toEqual({ ok: false, problem: 'seed ≠ commitment' });
    expect(await verifyDraw({ ...draw, tickets: draw.tickets.slice(1) })).toEqual({ ok: false, problem: 'ticket list ≠ ticketsHash' });
    const swapped = [draw.winners[1]!, draw.winners[0]!, draw.winners[2]!];
    expect(await verifyDraw({ ...draw, winners: swapped })).toEqual({ ok: false, problem: 'winners ≠ the draw' });
    expect(await verifyDraw({ ...draw, publicValue: 'a value chosen later' })).toEqual({ ok: false, problem: 'winners ≠ the draw' });
  });
});
