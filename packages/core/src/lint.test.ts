import { describe, expect, it } from 'vitest';
import type { BoxRewardDefinition } from './definition.ts';
import { lintCampaign } from './lint.ts';
import { CLEAR_CART_LOTTERY, defineCampaign } from './testing.ts';

const box = (rewards: BoxRewardDefinition[], budget = 'cash') => ({
  id: 'lucky',
  title: 'Lucky red packets',
  price: { candy: 10 },
  budget,
  rewards: [{ id: 'thanks', weight: 90, reward: {} }, ...rewards],
});

describe('lintCampaign', () => {
  it('prices the worst case per budget and warns when a prize table can pay more than its budget', () => {
    const def = defineCampaign({
      budgets: [{ id: 'cash', title: 'Red packets', amount: 5_000_000_000 }],
      boxes: [box([{ id: 'red-8888', weight: 1, stock: 6233, reward: { cash: 888_800 } }])],
    });
    const lint = lintCampaign(def);
    expect(lint.budgets).toEqual([
      {
        id: 'cash',
        amount: 5_000_000_000,
        worstCase: 5_539_890_400,
        sources: [{ budget: 'cash', path: 'boxes[0].rewards[1]', label: 'box "lucky" reward "red-8888"', worstCase: 5_539_890_400, reckoning: '6233 × ¥8,888.00' }],
      },
    ]);
    expect(lint.warnings).toEqual(['box "lucky" reward "red-8888" can pay up to ¥55,398,904.00 but budget "cash" is ¥50,000,000.00']);
  });

  it('says when only the budget bounds a source, when sources together overrun it, and when a budget is dead weight', () => {
    const def = defineCampaign({
      budgets: [
        { id: 'cash', title: 'Red packets', amount: 100_000 },
        { id: 'spare', title: 'Never used', amount: 1 },
        { id: 'big', title: 'Too big', amount: 1_000_000 },
      ],
      boxes: [
        box([{ id: 'red-5', weight: 5, reward: { cash: 500 } }]),
        { ...box([{ id: 'a', weight: 1, stock: 100, reward: { cash: 600 } }, { id: 'b', weight: 1, stock: 100, reward: { cash: 600 } }], 'big'), id: 'twins' },
      ],
    });
    const lint = lintCampaign(def);
    expect(lint.budgets.map((b) => [b.id, b.worstCase])).toEqual([
      ['cash', null],
      ['spare', 0],
      ['big', 120_000],
    ]);
    expect(lint.budgets[0]!.sources[0]!.reckoning).toBe('¥5.00 a win, no stock: only the budget stops it');
    expect(lint.warnings).toEqual([
      'budget "spare" is not drawn on by any mechanic',
      'budget "big" can never be spent: its sources pay at most ¥1,200.00 of its ¥10,000.00',
    ]);
  });

  it('warns about a lottery whose public value may be written more than one way', () => {
    const lottery = { ...CLEAR_CART_LOTTERY, id: 'draw' };
    expect(lintCampaign(defineCampaign({ lotteries: [lottery] })).warnings).toEqual([
      'lottery "draw" names no publicValueFormat: its operator could draw with any spelling of the public value (upper case, a 0x prefix), each giving other winners',
    ]);
    expect(lintCampaign(defineCampaign({ lotteries: [{ ...lottery, publicValueFormat: 'hex64' }] })).warnings).toEqual([]);
  });

  it('warns when stock-limited sources together overrun the budget, even beside a source only the budget bounds', () => {
    const rewards = [
      { id: 'red-1', weight: 50, reward: { cash: 100 } },
      { id: 'red-6', weight: 5, stock: 100, reward: { cash: 600 } },
      { id: 'red-8', weight: 1, stock: 100, reward: { cash: 800 } },
    ];
    const together = (amount: number) => lintCampaign(defineCampaign({ budgets: [{ id: 'cash', title: 'Red packets', amount }], boxes: [box(rewards)] }));
    expect(together(100_000).budgets[0]!.worstCase).toBeNull();
    expect(together(100_000).warnings).toEqual([
      'the stock-limited sources of budget "cash" together can pay up to ¥1,400.00, more than its ¥1,000.00: the last winners would get the fallback',
    ]);
    expect(together(140_000).warnings).toEqual([]);
  });

  it("prices each source at its worst over the experiments' variants, and names the variant", () => {
    const experiment = (id: string, path: string, value: unknown) => ({
      id,
      title: id,
      variants: [
        { id: 'control', weight: 1 },
        { id: 'richer', weight: 1, overrides: [{ path, value }] },
      ],
    });
    const def = defineCampaign({
      budgets: [{ id: 'cash', title: 'Red packets', amount: 100_000 }],
      boxes: [box([{ id: 'red-5', weight: 1, stock: 100, reward: { cash: 500 } }])],
      experiments: [
        experiment('red-8', '/boxes/lucky/rewards/red-5/reward/cash', 800),
        // A variant turning the thank-you row into an unstocked ¥0.10 makes the budget the only bound.
        experiment('thanks-pays', '/boxes/lucky/rewards/thanks/reward', { cash: 10 }),
      ],
    });
    const lint = lintCampaign(def);
    expect(lint.budgets[0]!.sources).toEqual([
      { budget: 'cash', path: 'boxes[0].rewards[1]', label: 'box "lucky" reward "red-5"', worstCase: 80_000, reckoning: '100 × ¥8.00 (variant "richer" of experiment "red-8")' },
      {
        budget: 'cash',
        path: 'boxes[0].rewards[0]',
        label: 'box "lucky" reward "thanks"',
        worstCase: null,
        reckoning: '¥0.10 a win, no stock: only the budget stops it (variant "richer" of experiment "thanks-pays")',
      },
    ]);
    expect(lint.budgets[0]!.worstCase).toBeNull();
    // Without the unstocked variant, the richer variant's 100 × ¥8.00 is what the budget must hold.
    const bounded = lintCampaign({ ...def, experiments: def.experiments.slice(0, 1) });
    expect(bounded.budgets[0]!.worstCase).toBe(80_000);
    expect(bounded.warnings).toEqual(['budget "cash" can never be spent: its sources pay at most ¥800.00 of its ¥1,000.00']);
    expect(lintCampaign({ ...def, experiments: [] }).budgets[0]!.worstCase).toBe(50_000);
  });
});
