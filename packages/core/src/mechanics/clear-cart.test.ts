import { describe, expect, it } from 'vitest';
import { budgetBurn } from '../budget.ts';
import { compileCampaign } from '../campaign.ts';
import type { Command } from '../command.ts';
import { accounts, records } from '../keys.ts';
import { at, outcome, play, refusal } from '../testing.ts';
import { OPERATOR_ID, type ClearCartPrize } from './lotteries.ts';

const before = at('2026-11-05 12:00');
const draw = at('2026-11-11 20:00');
const HOUR = 3_600_000;
const HOST = { actor: 'host' as const };
const CAP = 4_999_900;

/** One clear-cart prize (up to ¥49,999, ordered within 24 hours) and one ticket: amy wins it. */
async function clearCartFestival() {
  const game = await play({
    budgets: [{ id: 'prizes', title: 'Prizes', amount: 6_000_000 }],
    lotteries: [
      {
        id: 'clear-cart',
        title: 'Clear your cart up to ¥49,999 (清空购物车)',
        opensAt: '2026-11-01T00:00:00+08:00',
        drawAt: '2026-11-11T20:00:00+08:00',
        publicValue: 'drand round 5,000,000',
        budget: 'prizes',
        tiers: [{ id: 'clear', title: 'Cart cleared', count: 1, reward: { clearCart: { cap: CAP, payWithinHours: 24 } } }],
      },
    ],
    pricing: { stores: [{ id: 'S1', name: 'Store 1' }] },
  });
  const campaign = compileCampaign(game.definition, 1, 'test-seed');
  const [ticket] = outcome(await game.run('amy', { type: 'lottery.grant', lotteryId: 'clear-cart', count: 1 }, before, HOST), 'lottery.tickets').tickets;
  outcome(await game.run(OPERATOR_ID, { type: 'lottery.draw', lotteryId: 'clear-cart', publicValue: 'round 5000000: 7a…' }, draw, HOST), 'lottery.drawn');
  const burn = async () => (await game.store.read(game.definition.id, (view) => budgetBurn(view, campaign)))[0]!;
  const prize = () => game.store.read(game.definition.id, (view) => view.record<ClearCartPrize>('amy', records.clearCartPrize('clear-cart', ticket!)));
  const order = (unitPrice: number, more: Partial<Extract<Command, { type: 'order.create' }>> = {}): Command => ({
    type: 'order.create',
    cart: { lines: [{ id: 'tv', sku: 'tv', store: 'S1', unitPrice, quantity: 1 }] },
    clearCart: { lotteryId: 'clear-cart', ticket: ticket! },
    ...more,
  });
  return { ...game, ticket: ticket!, burn, prize, order };
}

describe('clear-cart prizes (清空购物车)', () => {
  it('hold the cap at the draw; the winner’s order is paid by the campaign up to it, and the budget is charged what it paid', async () => {
    const game = await clearCartFestival();
    expect(await game.burn()).toMatchObject({ spent: 0, reserved: CAP, left: 6_000_000 - CAP });
    expect(await game.prize()).toMatchObject({ status: 'open', cap: CAP, until: '2026-11-12T12:00:00.000Z' });

    // A ¥30,000 cart: the campaign pays all of it.
    const created = outcome(await game.run('amy', game.order(3_000_000), draw + HOUR), 'order.created');
    expect(created).toMatchObject({ payable: 3_000_000, paidByCampaign: 3_000_000 });
    expect(await game.prize()).toMatchObject({ status: 'reserved', order: created.orderId });
    const paid = outcome(await game.run('amy', { type: 'order.pay', orderId: created.orderId }, draw + HOUR, HOST), 'order.paid');
    expect(paid.amount).toBe(0);
    expect(await game.burn()).toMatchObject({ spent: 3_000_000, reserved: 0, left: 3_000_000 });
    expect(await game.store.read(game.definition.id, (view) => view.balance(accounts.clearCartsPaid))).toBe(3_000_000);
    expect(refusal(await game.run('amy', game.order(100), draw + HOUR))).toMatchObject({ code: 'CLEAR_CART_NOT_AVAILABLE', reason: 'used' });
  });

  it('pays at most the cap of a larger cart, the shopper the rest; a refund pays the shopper back first, the rest returns to the budget', async () => {
    const game = await clearCartFestival();
    const created = outcome(await game.run('amy', game.order(6_000_000), draw + HOUR), 'order.created');
    expect(created.paidByCampaign).toBe(CAP);
    expect(outcome(await game.run('amy', { type: 'order.pay', orderId: created.orderId }, draw + HOUR, HOST), 'order.paid').amount).toBe(6_000_000 - CAP);
    expect(await game.burn()).toMatchObject({ spent: CAP, reserved: 0 });
    const refunded = outcome(await game.run('amy', { type: 'order.refund', orderId: created.orderId, lines: [{ lineId: 'tv', quantity: 1 }] }, draw + 2 * HOUR, HOST), 'order.refunded');
    expect(refunded).toMatchObject({ cash: 6_000_000 - CAP, toBudget: CAP });
    expect(await game.burn()).toMatchObject({ spent: 0, reserved: 0, left: 6_000_000 });
    expect(await game.store.read(game.definition.id, (view) => view.balance(accounts.clearCartsPaid))).toBe(0);
    // The prize stays used: a refund is not a second cart cleared.
    expect(refusal(await game.run('amy', game.order(100), draw + 3 * HOUR))).toMatchObject({ code: 'CLEAR_CART_NOT_AVAILABLE', reason: 'used' });
  });

  it('splits a partial refund: the shopper gets back what they paid first, then the campaign its part, never more than either paid', async () => {
    const game = await clearCartFestival();
    const cart: Command = {
      type: 'order.create',
      cart: { lines: [{ id: 'tv', sku: 'tv', store: 'S1', unitPrice: 3_000_000, quantity: 2 }] },
      clearCart: { lotteryId: 'clear-cart', ticket: game.ticket },
    };
    const created = outcome(await game.run('amy', cart, draw + HOUR), 'order.created');
    outcome(await game.run('amy', { type: 'order.pay', orderId: created.orderId }, draw + HOUR, HOST), 'order.paid');
    const refund = async () => outcome(await game.run('amy', { type: 'order.refund', orderId: created.orderId, lines: [{ lineId: 'tv', quantity: 1 }] }, draw + 2 * HOUR, HOST), 'order.refunded');
    // One TV back (¥30,000): the shopper's ¥10,001 first, the rest to the budget.
    expect(await refund()).toMatchObject({ cash: 6_000_000 - CAP, toBudget: 3_000_000 - (6_000_000 - CAP) });
    expect(await refund()).toMatchObject({ cash: 0, toBudget: 3_000_000 });
    expect(await game.burn()).toMatchObject({ spent: 0, left: 6_000_000 });
  });

  it('returns to the winner when the order is cancelled; unused after the window, its hold is released', async () => {
    const game = await clearCartFestival();
    const created = outcome(await game.run('amy', game.order(100_000), draw + HOUR), 'order.created');
    expect(refusal(await game.run('amy', game.order(100_000), draw + HOUR))).toMatchObject({ code: 'CLEAR_CART_NOT_AVAILABLE', reason: 'reserved' });
    outcome(await game.run('amy', { type: 'order.cancel', orderId: created.orderId }, draw + HOUR), 'order.cancelled');
    expect(await game.prize()).toMatchObject({ status: 'open' });
    expect(refusal(await game.run('bob', game.order(100), draw + HOUR))).toMatchObject({ code: 'CLEAR_CART_NOT_AVAILABLE', reason: 'not-won' });
    const unknown = { ...game.order(100), clearCart: { lotteryId: 'nope', ticket: 'x' } } as Command;
    expect(refusal(await game.run('amy', unknown, draw + HOUR))).toEqual({ code: 'LOTTERY_NOT_FOUND', lotteryId: 'nope' });

    const release: Command = { type: 'lottery.release', lotteryId: 'clear-cart' };
    expect(outcome(await game.run(OPERATOR_ID, release, draw + HOUR, HOST), 'lottery.released')).toMatchObject({ prizes: 0, released: 0 });
    expect(refusal(await game.run('amy', game.order(100), draw + 25 * HOUR))).toMatchObject({ code: 'CLEAR_CART_NOT_AVAILABLE', reason: 'lapsed' });
    expect(outcome(await game.run(OPERATOR_ID, release, draw + 25 * HOUR, HOST), 'lottery.released')).toMatchObject({ prizes: 1, released: CAP });
    expect(await game.burn()).toMatchObject({ spent: 0, reserved: 0, left: 6_000_000 });
    expect(outcome(await game.run(OPERATOR_ID, release, draw + 26 * HOUR, HOST), 'lottery.released')).toMatchObject({ prizes: 0, released: 0 });
  });
});
