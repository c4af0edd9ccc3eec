import { validateCampaign, type CampaignDefinition } from '@carnival/core';
import { describe, expect, it } from 'vitest';
import { checkPopulation, Population } from './population.ts';

const campaign = (() => {
  const result = validateCampaign({
    id: 'shop',
    name: 'Shop',
    timezone: 'Asia/Shanghai',
    currency: 'CNY',
    phases: [{ id: 'all', name: 'All', start: '2026-11-01T00:00:00+08:00', end: '2026-11-02T00:00:00+08:00' }],
    tasks: [{ id: 'tap', kind: 'action', verifiedBy: 'player', title: 'Tap', reward: { candy: 10 } }],
    pricing: { stores: [{ id: 'snacks', name: 'Snacks' }] },
  });
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.value as CampaignDefinition;
})();

const shopping = { orders: 1, lines: { min: 1, max: 2 }, categories: { food: 1 }, topUp: 0, coupons: 0 };

describe('populations', () => {
  it('names the field a campaign does not know', () => {
    const population = Population.parse({
      name: 'typos',
      segments: [{ id: 's', share: 1, activeDays: 1, visitsPerDay: 1, tasks: { tap: 1, tapp: 1, '*': 0.1 }, shopping: { ...shopping, phases: ['al'] } }],
      catalog: [{ id: 'food', items: [{ sku: 'nuts', store: 'snackz', unitPrice: 990 }], price: { stores: ['snacks', 'drinks'], median: 990, spread: 0.5 } }],
    });
    expect(checkPopulation(population, campaign)).toEqual([
      { path: 'segments[0].tasks.tapp', expected: 'a task of campaign shop (tap) or "*"', got: '"tapp"' },
      { path: 'segments[0].shopping.phases[0]', expected: 'a phase of campaign shop (all)', got: '"al"' },
      { path: 'catalog[0].items[0].store', expected: "a store of campaign shop's pricing (snacks)", got: '"snackz"' },
      { path: 'catalog[0].price.stores[1]', expected: "a store of campaign shop's pricing (snacks)", got: '"drinks"' },
    ]);
  });

  it('refuses a category with nothing to sell', () => {
    const parsed = Population.safeParse({ name: 'empty', segments: [{ id: 's', share: 1, activeDays: 1, visitsPerDay: 1, tasks: {} }], catalog: [{ id: 'food' }] });
    expect(parsed.error?.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`)).toEqual(['catalog.0: listed items, a price distribution, or both']);
  });

  it('refuses a shopping category the catalog lacks', () => {
    const parsed = Population.safeParse({
      name: 'toys',
      segments: [{ id: 's', share: 1, activeDays: 1, visitsPerDay: 1, tasks: {}, shopping: { ...shopping, categories: { toys: 1 } } }],
      catalog: [{ id: 'food', items: [{ sku: 'nuts', store: 'snacks', unitPrice: 990 }] }],
    });
    expect(parsed.error?.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`)).toEqual(["segments.0.shopping.categories.toys: a category of the catalog (food), got 'toys'"]);
  });
});
