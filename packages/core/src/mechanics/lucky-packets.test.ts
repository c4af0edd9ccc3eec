import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { budgetBurn } from '../budget.ts';
import { compileCampaign } from '../campaign.ts';
import type { Command } from '../command.ts';
import { accounts } from '../keys.ts';
import { at, outcome, play, refusal } from '../testing.ts';
import { luckyPacketState } from './lucky-packets.ts';

const now = at('2026-11-05 10:00');
const HOUR = 3_600_000;
const send: Command = { type: 'lucky.send', packetId: 'team' };
const grab = (code: string): Command => ({ type: 'lucky.grab', code });

async function festival(packet: { amount?: number; packets?: number; stock?: number; limits?: { perDay?: number; total?: number }; phases?: string[] } = {}, budget = 1_000_000, seed?: string) {
  const game = await play(
    {
      budgets: [{ id: 'lucky', title: 'Lucky packets', amount: budget }],
      luckyPackets: [{ id: 'team', title: 'Team lucky packet', amount: 888, packets: 5, budget: 'lucky', ...packet }],
    },
    seed === undefined ? {} : { seed },
  );
  const campaign = compileCampaign(game.definition, 1, seed ?? 'test-seed');
  const sent = (player = 'amy', when = now) => outcome(game.run(player, send, when), 'lucky.sent');
  const redPackets = (player: string) => game.store.read(game.definition.id, (view) => view.balance(accounts.redPackets(player)));
  const state = (code: string, player: string, when = now) => game.store.read(game.definition.id, (view) => luckyPacketState(campaign, view, code, player, when)!);
  const burn = () => game.store.read(game.definition.id, (view) => budgetBurn(view, campaign)[0]!);
  return { ...game, sent, redPackets, state, burn };
}

describe('lucky packets (拼手气红包)', () => {
  it('splits the packet at random into shares of at least a cent that friends grab once each, summing exactly to it', async () => {
    const game = await festival();
    const { code, amount, packets, expiresAt } = game.sent();
    expect({ amount, packets, expiresAt }).toEqual({ amount: 888, packets: 5, expiresAt: new Date(now + 24 * HOUR).toISOString() });
    const grabbers = ['amy', 'bob', 'cat', 'dan', 'eve'];
    const grabs = grabbers.map((p) => outcome(game.run(p, grab(code), now), 'lucky.grabbed'));
    expect(grabs.map((g) => g.share)).toEqual([1, 2, 3, 4, 5]);
    for (const g of grabs) expect(g.amount).toBeGreaterThanOrEqual(1);
    expect(grabs.reduce((sum, g) => sum + g.amount, 0)).toBe(888);
    expect(await Promise.all(grabbers.map(game.redPackets))).toEqual(grabs.map((g) => g.amount));
    // The last grab names the luckiest: the largest share, the first grabbed among equals.
    const best = Math.max(...grabs.map((g) => g.amount));
    expect(grabs.slice(0, 4).every((g) => g.luckiest === null)).toBe(true);
    expect(grabs[4]!.luckiest).toBe(grabbers[grabs.findIndex((g) => g.amount === best)]);
    expect(refusal(game.run('fay', grab(code), now))).toEqual({ code: 'LUCKY_PACKET_EMPTY', packets: 5 });
    expect(refusal(game.run('bob', grab(code), now))).toEqual({ code: 'LUCKY_PACKET_ALREADY_GRABBED', amount: grabs[1]!.amount });
    expect(await game.burn()).toMatchObject({ spent: 888, reserved: 0 });
  });

  it('shows the grabs so far and never the shares to come', async () => {
    const game = await festival();
    const { code } = game.sent();
    const first = outcome(game.run('bob', grab(code), now), 'lucky.grabbed');
    const state = await game.state(code, 'bob');
    expect(state).toMatchObject({ packetId: 'team', senderId: 'amy', amount: 888, packets: 5, status: 'open', mine: first.amount, luckiest: null });
    expect(state.grabs).toEqual([{ playerId: 'bob', amount: first.amount, at: new Date(now).toISOString() }]);
    expect(JSON.stringify(state)).not.toContain('shares');
    expect((await game.state(code, 'cat', now + 24 * HOUR)).status).toBe('expired');
  });

  it('draws the same split for the same seed and send, whatever was sent before it', async () => {
    const shares = async (otherFirst: boolean) => {
      const game = await festival({}, 1_000_000, 'fixed-seed');
      if (otherFirst) outcome(game.run('zed', send, now, { key: 'other-send' }), 'lucky.sent');
      const { code } = outcome(game.run('amy', send, now, { key: 'send-1' }), 'lucky.sent');
      return ['b', 'c', 'd', 'e', 'f'].map((p) => outcome(game.run(p, grab(code), now), 'lucky.grabbed').amount);
    };
    expect(await shares(true)).toEqual(await shares(false));
  });

  it('holds to the limits, the stock, the phases and the expiry', async () => {
    const game = await festival({ limits: { perDay: 1, total: 2 }, stock: 3 });
    game.sent('amy');
    expect(refusal(game.run('amy', send, now))).toEqual({ code: 'DAILY_LIMIT_REACHED', subject: 'lucky packet "team"', limit: 1 });
    game.sent('amy', now + 24 * HOUR);
    expect(refusal(game.run('amy', send, now + 48 * HOUR))).toEqual({ code: 'TOTAL_LIMIT_REACHED', subject: 'lucky packet "team"', limit: 2 });
    const { code, expiresAt } = game.sent('bob');
    expect(refusal(game.run('cat', send, now))).toEqual({ code: 'LUCKY_PACKET_OUT_OF_STOCK', packetId: 'team' });
    expect(refusal(game.run('cat', grab(code), Date.parse(expiresAt)))).toEqual({ code: 'LUCKY_PACKET_EXPIRED', expiredAt: expiresAt });
    expect(refusal(game.run('cat', grab('not-a-code'), now))).toEqual({ code: 'INVALID_SHARE_CODE' });
    expect(refusal(game.run('cat', { type: 'lucky.send', packetId: 'nope' }, now))).toEqual({ code: 'LUCKY_PACKET_NOT_FOUND', packetId: 'nope' });

    const closed = await festival({ phases: ['festival'] });
    expect(refusal(closed.run('amy', send, at('2026-11-12 00:00')))).toEqual({ code: 'LUCKY_PACKET_NOT_OPEN', packetId: 'team', opensAt: null });
  });

  it('never pays past its budget: a send the budget cannot cover is refused, and so is a share it can no longer pay', async () => {
    const game = await festival({ amount: 100, packets: 2 }, 150);
    const first = game.sent('amy');
    const second = game.sent('bob'); // the budget could pay either packet, not both
    for (const p of ['c1', 'c2']) outcome(game.run(p, grab(first.code), now), 'lucky.grabbed');
    expect(refusal(game.run('dan', send, now))).toEqual({ code: 'BUDGET_SPENT', budgetId: 'lucky' });
    const paid = game.run('d1', grab(second.code), now);
    const firstShare = paid.ok ? (paid.receipt.outcome as { amount: number }).amount : 0;
    expect(refusal(game.run('d2', grab(second.code), now))).toEqual({ code: 'BUDGET_SPENT', budgetId: 'lucky' });
    expect((await game.burn()).spent).toBe(100 + firstShare);
    expect((await game.burn()).spent).toBeLessThanOrEqual(150);
  });

  it('property: whatever the amounts, shares and grabbers, every share is at least a cent and the grabs sum exactly to the packet', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 200 }), fc.integer({ min: 0, max: 1_000_000 }), fc.string({ minLength: 1, maxLength: 8 }), async (packets, extra, seed) => {
        const amount = packets + extra;
        const game = await festival({ amount, packets }, amount, seed);
        const { code } = game.sent();
        let sum = 0;
        for (let i = 0; i < packets; i++) {
          const g = outcome(game.run(`p${i}`, grab(code), now), 'lucky.grabbed');
          expect(g.amount).toBeGreaterThanOrEqual(1);
          sum += g.amount;
        }
        expect(sum).toBe(amount);
        expect(refusal(game.run('late', grab(code), now)).code).toBe('LUCKY_PACKET_EMPTY');
      }),
      { numRuns: 60 },
    );
  });
});
