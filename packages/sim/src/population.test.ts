import { formatProblem, parseWith, validateCampaign, type CampaignDefinition } from '@carnival/core';
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
    pricing: {
      stores: [{ id: 'snacks', name: 'Snacks' }],
      coupons: [
        { id: 'snacks-99-10', title: 'Snacks ¥10 off ¥99', kind: 'store', store: 'snacks', min: 9900, off: 1000 },
        { id: 'fest-200-20', title: 'Festival ¥20 off ¥200', kind: 'platform', min: 20000, off: 2000, claim: { perPlayer: 1 } },
      ],
    },
  });
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.value as CampaignDefinition;
})();

const shopping = { orders: 1, lines: { min: 1, max: 2 }, categories: { food: 1 }, topUp: 0, coupons: 0 };

describe('populations', () => {
  it('names the field a campaign does not know', () => {
    const population = Population.parse({
      name: 'typos',
      segments: [{ id: 's', share: 1, activeDays: 1, visitsPerDay: 1, tasks: { tap: 1, tapp: 1, 'ta-p': 1, '*': 0.1 }, shopping: { ...shopping, phases: ['al'], collects: { 'snacks-99-10': 0.5, 'fest-200-20': 0.5, 'snacks-99-1O': 1 } } }],
      catalog: [{ id: 'food', items: [{ sku: 'nuts', store: 'snackz', unitPrice: 990 }], price: { stores: ['snacks', 'drinks'], median: 990, spread: 0.5 } }],
    });
    expect(checkPopulation(population, campaign)).toEqual([
      { path: 'segments[0].tasks.tapp', expected: 'a task of campaign shop (tap) or "*"', got: '"tapp"' },
      // Quoted as the schema's own problems quote a key that is no identifier.
      { path: 'segments[0].tasks["ta-p"]', expected: 'a task of campaign shop (tap) or "*"', got: '"ta-p"' },
      { path: 'segments[0].shopping.phases[0]', expected: 'a phase of campaign shop (all)', got: '"al"' },
      // A claimable coupon is claimed within its stock and limit, which a grant would bypass.
      { path: 'segments[0].shopping.collects["fest-200-20"]', expected: 'a coupon of campaign shop the host platform grants (snacks-99-10)', got: '"fest-200-20"' },
      { path: 'segments[0].shopping.collects["snacks-99-1O"]', expected: 'a coupon of campaign shop the host platform grants (snacks-99-10)', got: '"snacks-99-1O"' },
      { path: 'catalog[0].items[0].store', expected: "a store of campaign shop's pricing (snacks)", got: '"snackz"' },
      { path: 'catalog[0].price.stores[1]', expected: "a store of campaign shop's pricing (snacks)", got: '"drinks"' },
    ]);
  });

  it('refuses a category with nothing to sell', () => {
    const parsed = parseWith(Population, { name: 'empty', segments: [{ id: 's', share: 1, activeDays: 1, visitsPerDay: 1, tasks: {} }], catalog: [{ id: 'food' }] });
    expect(parsed.ok || parsed.problems.map(formatProblem)).toEqual(['catalog[0]: expected listed items, a price distribution, or both, got {"id":"food","items":[]}']);
  });

  it.each<[string, (segment: any) => void, string]>([
    ['a shopping category the catalog lacks', (s) => (s.shopping.categories = { toys: 1 }), 'segments[0].shopping.categories.toys: expected a category of the catalog (food), got "toys"'],
    ['cart lines below their minimum', (s) => (s.shopping.lines.min = 0), 'segments[0].shopping.lines.min: expected a whole number of at least 1, got 0'],
    ['cart lines as text', (s) => (s.shopping.lines.min = '2'), 'segments[0].shopping.lines.min: expected a whole number of at least 1, got "2"'],
    ['fewer lines at most than at least', (s) => (s.shopping.lines = { min: 3, max: 2 }), 'segments[0].shopping.lines.max: expected at least min (3), got 2'],
    ['a retry count above its maximum', (s) => (s.adversary = { kind: 'retry', times: 50 }), 'segments[0].adversary.times: expected a whole number from 2 to 20, got 50'],
    ['an unknown adversary', (s) => (s.adversary = { kind: 'bot' }), 'segments[0].adversary.kind: expected one of "fake-friends", "retry", "self-assist", got "bot"'],
    ['no shopping phases', (s) => (s.shopping.phases = []), 'segments[0].shopping.phases: expected at least 1 item, got []'],
    ['a negative category weight', (s) => (s.shopping.categories = { food: -1 }), 'segments[0].shopping.categories.food: expected a number of at least 0, got -1'],
    ['a collecting chance above 1', (s) => (s.shopping.collects = { 'snacks-99-10': 2 }), 'segments[0].shopping.collects["snacks-99-10"]: expected a probability from 0 to 1, got 2'],
    ['a member tier that is no id', (s) => (s.tiers = { 'gold tier': 0.5 }), `segments[0].tiers["gold tier"]: expected an id of 1 to 64 letters, digits, '.', '_' or '-', got "gold tier"`],
  ])('says what is wrong with %s, in one line', (_, edit, line) => {
    const segment = { id: 's', share: 1, activeDays: 1, visitsPerDay: 1, tasks: {}, shopping: structuredClone(shopping) };
    edit(segment);
    const parsed = parseWith(Population, { name: 'shop', segments: [segment], catalog: [{ id: 'food', items: [{ sku: 'nuts', store: 'snacks', unitPrice: 990 }] }] });
    expect(parsed.ok || parsed.problems.map(formatProblem)).toEqual([line]);
  });

  it('says what is wrong with a daily curve, one line a field', () => {
    const parsed = parseWith(Population, { name: 'rush', segments: [{ id: 's', share: 1, activeDays: 1, visitsPerDay: 1, tasks: {} }], curve: { hours: Array(23).fill(1), rush: { at: 'midnight', minutes: 0, share: 0.3 } } });
    expect(parsed.ok || parsed.problems.map(formatProblem)).toEqual([
      'curve.hours: expected 24 weights, one per local hour, got 23 items',
      'curve.rush.at: expected an ISO-8601 date-time with an offset, like 2026-11-11T00:00:00+08:00, got "midnight"',
      'curve.rush.minutes: expected a whole number of at least 1, got 0',
    ]);
  });
});
