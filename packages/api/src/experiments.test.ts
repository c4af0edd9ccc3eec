import { describe, expect, it } from 'vitest';
import { validateCampaign, variantOf, type PlayerState, type Quote } from '@carnival/core';
import { CAMPAIGN, harness, okJson, outcomeOf, shopCampaign, type Harness } from './testing.ts';

const base = `/v1/campaigns/${CAMPAIGN}`;

/** The first player `player-0`, `player-1`, … in the variant. */
async function playerIn(h: Harness, experimentId: string, variantId: string): Promise<string> {
  const campaign = (await h.store.campaign(CAMPAIGN))!;
  for (let i = 0; ; i++) if (variantOf(campaign, experimentId, `player-${i}`) === variantId) return `player-${i}`;
}

describe('experiments through the API', () => {
  it("pays each player their variant's reward and shows them their variant's rules (the example's browse-reward)", async () => {
    const h = await harness();
    const browse = async (playerId: string) => {
      const token = await h.token(playerId);
      await okJson(h.call('POST', `${base}/tasks/browse-main-venue/start`, { token }));
      h.clock.advance(15_000);
      const completed = await outcomeOf('task.completed', h.call('POST', `${base}/tasks/browse-main-venue/complete`, { token }));
      const me = await okJson<PlayerState>(h.call('GET', `${base}/me`, { token }));
      return { credited: completed.candy.credited, experiments: me.experiments, reward: me.tasks.find((t) => t.id === 'browse-main-venue')!.reward, balance: me.candy.balance };
    };
    expect(await browse(await playerIn(h, 'browse-reward', 'control'))).toEqual({ credited: 50, experiments: { 'browse-reward': 'control' }, reward: 50, balance: 50 });
    expect(await browse(await playerIn(h, 'browse-reward', 'sixty'))).toEqual({ credited: 60, experiments: { 'browse-reward': 'sixty' }, reward: 60, balance: 60 });
  });

  it("quotes and orders a cart under the player's variant's pricing", async () => {
    const shop = shopCampaign();
    const checked = validateCampaign({
      ...shop,
      experiments: [
        ...shop.experiments,
        {
          id: 'bigger-cross-store',
          title: 'Every ¥300 minus ¥80',
          variants: [
            { id: 'control', weight: 1 },
            { id: 'eighty', weight: 1, overrides: [{ path: '/pricing/thresholds/every-300-50/off', value: 8000 }] },
          ],
        },
      ],
    });
    if (!checked.ok) throw new Error(JSON.stringify(checked.problems));
    const h = await harness({ definition: checked.value });
    // ¥200 in each of two stores: ¥400 reaches the cross-store threshold once.
    const cart = { lines: [{ sku: 'a', store: 'S1', unitPrice: 20000, quantity: 1 }, { sku: 'b', store: 'S2', unitPrice: 20000, quantity: 1 }] };
    const payable = async (playerId: string) => {
      const token = await h.token(playerId);
      const quote = await okJson<Quote>(h.call('POST', `${base}/quote`, { token, body: { cart, coupons: [] } }));
      const order = await outcomeOf('order.created', h.call('POST', `${base}/orders`, { token, body: { cart, coupons: [] } }));
      return [quote.payable, order.payable];
    };
    expect(await payable(await playerIn(h, 'bigger-cross-store', 'control'))).toEqual([35_000, 35_000]);
    expect(await payable(await playerIn(h, 'bigger-cross-store', 'eighty'))).toEqual([32_000, 32_000]);
  });

  it("shows a player the campaign as they play it: their variant's thresholds, the published ones to everyone else", async () => {
    const shop = shopCampaign();
    const experiment = { id: 'bigger-cross-store', title: 'Every ¥300 minus ¥80', variants: [{ id: 'control', weight: 1 }, { id: 'eighty', weight: 1, overrides: [{ path: '/pricing/thresholds/every-300-50/off', value: 8000 }] }] };
    const checked = validateCampaign({ ...shop, experiments: [...shop.experiments, experiment] });
    if (!checked.ok) throw new Error(JSON.stringify(checked.problems));
    const h = await harness({ definition: checked.value });
    interface Shown { version: number; definition: { pricing: { thresholds: { id: string; off?: number }[] } } }
    const off = (shown: Shown) => shown.definition.pricing.thresholds.find((t) => t.id === 'every-300-50')!.off;
    const as = async (playerId: string) => okJson<Shown>(h.call('GET', `${base}/me/campaign`, { token: await h.token(playerId) }));
    expect(off(await as(await playerIn(h, 'bigger-cross-store', 'eighty')))).toBe(8000);
    expect(off(await as(await playerIn(h, 'bigger-cross-store', 'control')))).toBe(5000);
    const published = await okJson<Shown>(h.call('GET', base));
    expect(off(published)).toBe(5000);
    expect((await as(await playerIn(h, 'bigger-cross-store', 'eighty'))).version).toBe(published.version);
    expect((await h.call('GET', `${base}/me/campaign`)).status).toBe(401);
  });
});
