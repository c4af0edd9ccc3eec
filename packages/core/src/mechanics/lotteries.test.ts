import { describe, expect, it } from 'vitest';
import { budgetBurn } from '../budget.ts';
import { compileCampaign } from '../campaign.ts';
import type { Command } from '../command.ts';
import { accounts } from '../keys.ts';
import { verifyDraw } from '../lottery-draw.ts';
import { at, cmd, outcome, play, refusal } from '../testing.ts';
import { lotteryState, OPERATOR_ID, publishedDraw } from './lotteries.ts';

const OPENS = '2026-11-01T00:00:00+08:00';
const DRAW = '2026-11-11T20:00:00+08:00';
const before = at('2026-11-05 12:00');
const after = at('2026-11-11 20:00');
const HOST = { actor: 'host' as const };
const PUBLIC_VALUE = 'drand mainnet round 5000000: 9f8e…';

const grant = (count: number): Command => ({ type: 'lottery.grant', lotteryId: 'clear-cart', count });
const draw = (publicValue = PUBLIC_VALUE): Command => ({ type: 'lottery.draw', lotteryId: 'clear-cart', publicValue });

async function festival(budget = 500_000, maxTicketsPerPlayer?: number) {
  const game = await play({
    tasks: [{ id: 'review', kind: 'action', verifiedBy: 'player', title: 'Post a review', reward: { candy: 1 }, limits: { total: 9 } }],
    budgets: [{ id: 'prizes', title: 'Lottery prizes', amount: budget }],
    lotteries: [
      {
        id: 'clear-cart',
        title: 'Clear your cart (清空购物车)',
        opensAt: OPENS,
        drawAt: DRAW,
        publicValue: 'drand mainnet round 5,000,000',
        budget: 'prizes',
        tiers: [
          { id: 'clear', title: 'Cart cleared up to ¥2,000', count: 2, reward: { cash: 200_000 } },
          { id: 'red', title: '¥5 red packet', count: 3, reward: { cash: 500 } },
        ],
        entries: [{ task: 'review', every: 3 }],
        ...(maxTicketsPerPlayer === undefined ? {} : { maxTicketsPerPlayer }),
      },
    ],
  });
  const campaign = compileCampaign(game.definition, 1, 'test-seed');
  const state = (player: string, now: number) => game.store.read(game.definition.id, (view) => lotteryState(campaign, view, 'clear-cart', player, now)!);
  return { ...game, campaign, state };
}

describe('scheduled lotteries', () => {
  it('issues tickets through an entry path (every 3 reviews) and host grants, only while open', async () => {
    const game = await festival();
    const reviews = [];
    for (let i = 0; i < 6; i++) reviews.push(outcome(await game.run('amy', cmd.complete('review'), before), 'task.completed'));
    expect(reviews.map((r) => r.tickets?.length ?? 0)).toEqual([0, 0, 1, 0, 0, 1]);
    expect(reviews[2]!.tickets![0]).toMatch(/^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$/);
    const granted = outcome(await game.run('bob', grant(2), before, HOST), 'lottery.tickets');
    expect(granted.tickets).toHaveLength(2);
    expect(refusal(await game.run('bob', grant(1), before))).toMatchObject({ code: 'HOST_ONLY' });
    expect(refusal(await game.run('bob', grant(1), after, HOST))).toMatchObject({ code: 'LOTTERY_NOT_OPEN' });
    expect((await game.state('amy', before)).myTickets).toEqual([reviews[2]!.tickets![0], reviews[5]!.tickets![0]]);
  });

  it('publishes the commitment while open, the list hash once frozen, and the seed and winners after the draw', async () => {
    const game = await festival();
    for (const player of ['amy', 'bob', 'cat', 'dan', 'eve', 'fay', 'gus']) outcome(await game.run(player, grant(2), before, HOST), 'lottery.tickets');
    const open = await game.state('amy', before);
    expect(open).toMatchObject({ status: 'open', ticketsHash: null, result: null });
    expect(open.commitment).toMatch(/^[0-9a-f]{64}$/);
    const frozen = await game.state('amy', after);
    expect(frozen.status).toBe('frozen');
    expect(refusal(await game.run(OPERATOR_ID, draw(), before, HOST))).toMatchObject({ code: 'LOTTERY_NOT_DUE' });

    const drawn = outcome(await game.run(OPERATOR_ID, draw(), after, HOST), 'lottery.drawn');
    expect(drawn).toMatchObject({ tickets: 14, winners: 5, paid: 2 * 200_000 + 3 * 500, ticketsHash: frozen.ticketsHash });
    const result = (await game.state('amy', after)).result!;
    expect(new Set(result.winners.map((w) => w.playerId)).size).toBe(5);
    // Anyone can check it from what is published.
    const published = await game.store.read(game.definition.id, (view) => publishedDraw(game.campaign, view, 'clear-cart')!);
    expect(published.commitment).toBe(open.commitment);
    expect(verifyDraw(published)).toEqual({ ok: true });
    expect(verifyDraw({ ...published, publicValue: 'another value' })).toMatchObject({ ok: false });
    // Winners were paid from the budget into their red-packet balances.
    const burn = await game.store.read(game.definition.id, (view) => budgetBurn(view, game.campaign));
    expect(burn[0]).toMatchObject({ spent: 401_500, left: 98_500 });
    const balances = await Promise.all(result.winners.map((w) => game.store.read(game.definition.id, (view) => view.balance(accounts.redPackets(w.playerId)))));
    expect(balances.reduce((a, b) => a + b, 0)).toBe(401_500);
  });

  it('draws once: drawing again (any key, any public value) returns the recorded result and pays nothing more', async () => {
    const game = await festival();
    for (const player of ['amy', 'bob', 'cat']) outcome(await game.run(player, grant(1), before, HOST), 'lottery.tickets');
    const first = outcome(await game.run(OPERATOR_ID, draw(), after, HOST), 'lottery.drawn');
    const again = outcome(await game.run(OPERATOR_ID, draw('a different value'), after + 1000, HOST), 'lottery.drawn');
    expect(again).toEqual(first);
    const burn = await game.store.read(game.definition.id, (view) => budgetBurn(view, game.campaign));
    expect(burn[0]!.spent).toBe(first.paid);
    // Three players, one win each: two clear-cart prizes and one red packet, the other two red packets unawarded.
    expect(first).toMatchObject({ winners: 3, paid: 2 * 200_000 + 500 });
  });

  it('excludes a banned player before the freeze, pays only what the budget holds, and refuses a ban after the freeze', async () => {
    const game = await festival();
    for (const player of ['amy', 'bob', 'cat', 'dan']) outcome(await game.run(player, grant(1), before, HOST), 'lottery.tickets');
    outcome(await game.run('dan', { type: 'lottery.ban', lotteryId: 'clear-cart' }, before, HOST), 'lottery.banned');
    expect(refusal(await game.run('cat', { type: 'lottery.ban', lotteryId: 'clear-cart' }, after, HOST))).toMatchObject({ code: 'LOTTERY_FROZEN' });
    const drawn = outcome(await game.run(OPERATOR_ID, draw(), after, HOST), 'lottery.drawn');
    expect(drawn.tickets).toBe(3);
    const result = (await game.state('amy', after)).result!;
    expect(result.winners.map((w) => w.playerId)).not.toContain('dan');
  });

  it('records a cash prize the budget can no longer pay as unpaid, and holds players to maxTicketsPerPlayer', async () => {
    const game = await festival(200_500, 2);
    expect(outcome(await game.run('amy', grant(5), before, HOST), 'lottery.tickets').tickets).toHaveLength(2);
    for (const player of ['bob', 'cat', 'dan']) outcome(await game.run(player, grant(1), before, HOST), 'lottery.tickets');
    const drawn = outcome(await game.run(OPERATOR_ID, draw(), after, HOST), 'lottery.drawn');
    // ¥2,005 pays one ¥2,000 prize and one ¥5 packet; the second ¥2,000 prize finds ¥5 left, and the rest ¥0.
    expect(drawn).toMatchObject({ winners: 4, paid: 200_500 });
    const result = (await game.state('amy', after)).result!;
    expect(result.winners.map((w) => [w.tier, w.cash, w.unpaid ?? null])).toEqual([
      ['clear', 200_000, null],
      ['clear', null, 'budget'],
      ['red', 500, null],
      ['red', null, 'budget'],
    ]);
  });
});
