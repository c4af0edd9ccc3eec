import { describe, expect, expectTypeOf, it } from 'vitest';
import { createClient, isProblem } from './client.ts';
import { ADMIN_KEY, CAMPAIGN, harness, shopCampaign } from './testing.ts';

describe('the typed client', () => {
  it('plays through the app with typed inputs and outputs', async () => {
    const h = await harness();
    const fetch: typeof globalThis.fetch = async (...args) => h.app.fetch(new Request(...args));
    const player = createClient('http://carnival.test', { token: await h.token('p1'), fetch });

    const res = await player.v1.campaigns[':campaignId'].tasks[':taskId'].complete.$post({
      param: { campaignId: CAMPAIGN, taskId: 'daily-checkin' },
      header: { 'Idempotency-Key': 'client-checkin' },
    });
    expect(res.status).toBe(200);
    if (res.status !== 200) return;
    const receipt = await res.json();
    expect(receipt.outcome.type).toBe('task.completed');

    const refused = await player.v1.campaigns[':campaignId'].tasks[':taskId'].complete.$post({
      param: { campaignId: CAMPAIGN, taskId: 'daily-checkin' },
      header: {},
    });
    expect(refused.status).toBe(409);
    if (refused.status === 409) expect((await refused.json()).code).toBe('ALREADY_CHECKED_IN');

    // A problem's own fields, typed once its code is known.
    const early = await player.v1.campaigns[':campaignId'].tasks[':taskId'].complete.$post({ param: { campaignId: CAMPAIGN, taskId: 'browse-main-venue' }, header: {} });
    const body: unknown = await early.json();
    expect(isProblem(body, 'BROWSE_TOO_EARLY')).toBe(false);
    expect(isProblem(body, 'BROWSE_NOT_STARTED')).toBe(true);
    if (isProblem(body, 'BROWSE_NOT_STARTED')) {
      expectTypeOf(body.taskId).toEqualTypeOf<string>();
      expect(body).toMatchObject({ status: 409, taskId: 'browse-main-venue' });
    }
    if (isProblem(body, 'BROWSE_TOO_EARLY')) expectTypeOf(body.secondsRemaining).toEqualTypeOf<number>();
    if (isProblem(body, 'VALIDATION_FAILED')) expectTypeOf(body.problems[0]!.in).toEqualTypeOf<'body' | 'path' | 'query' | 'header'>();

    const admin = createClient('http://carnival.test', { token: ADMIN_KEY, fetch });
    const clock = await admin.v1.admin.clock.advance.$post({ json: { seconds: 86_400 } });
    if (clock.status === 200) expect((await clock.json()).now).toBe('2026-11-12T02:00:00.000Z');
    expect(clock.status).toBe(200);
  });

  it('shops: a quote, an order and its payment, typed', async () => {
    const h = await harness({ definition: shopCampaign() });
    const fetch: typeof globalThis.fetch = async (...args) => h.app.fetch(new Request(...args));
    const player = createClient('http://carnival.test', { token: await h.token('p1'), fetch });
    const admin = createClient('http://carnival.test', { token: ADMIN_KEY, fetch });
    const campaign = player.v1.campaigns[':campaignId'];
    const cart = { lines: [{ sku: 'kettle', store: 'S1', unitPrice: 15000, quantity: 2 }] };

    const quote = await campaign.quote.$post({ param: { campaignId: CAMPAIGN }, json: { cart } });
    if (quote.status !== 200) throw new Error(`quote: ${quote.status}`);
    const { payable, stores } = await quote.json();
    expect([payable, stores[0]?.total]).toEqual([25000, 25000]);

    const created = await campaign.orders.$post({ param: { campaignId: CAMPAIGN }, header: { 'Idempotency-Key': 'client-order' }, json: { cart, expectPayable: payable } });
    if (created.status !== 200) throw new Error(`order: ${created.status}`);
    const { outcome } = await created.json();
    if (outcome.type !== 'order.created') throw new Error(outcome.type);

    const pay = await admin.v1.campaigns[':campaignId'].players[':playerId'].orders[':orderId'].pay.$post({
      param: { campaignId: CAMPAIGN, playerId: 'p1', orderId: outcome.orderId },
      header: {},
      json: { part: 'full' },
    });
    expect(pay.status).toBe(200);
    const order = await campaign.orders[':orderId'].$get({ param: { campaignId: CAMPAIGN, orderId: outcome.orderId } });
    if (order.status === 200) expect((await order.json()).status).toBe('paid');
    expect(order.status).toBe(200);
  });
});
