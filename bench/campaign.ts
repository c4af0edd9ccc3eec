import { validateCampaign, type CampaignDefinition } from '@carnival/core';

/**
 * The benchmark campaign: open all year, no daily cap, limits high enough that every command
 * in a run succeeds, so the figures measure work done rather than refusals.
 */
export const benchCampaign: CampaignDefinition = (() => {
  const result = validateCampaign({
    id: 'bench',
    name: 'Benchmark campaign',
    timezone: 'Asia/Shanghai',
    currency: 'CNY',
    phases: [{ id: 'all', name: 'All year', start: '2026-01-01T00:00:00+08:00', end: '2027-01-01T00:00:00+08:00' }],
    tasks: [
      { id: 'tap', kind: 'action', verifiedBy: 'player', title: 'Tap', reward: { candy: 10 }, limits: { perDay: 1_000_000_000 } },
      { id: 'visit', kind: 'browse', title: 'Visit', seconds: 15, reward: { candy: 20 }, limits: { perDay: 1_000_000_000 } },
      // Candy enough for every red-packet draw of a run, in one completion.
      { id: 'fund', kind: 'action', verifiedBy: 'player', title: 'Fund', reward: { candy: 1_000_000_000 }, limits: { total: 1 } },
    ],
    budgets: [{ id: 'cash', title: 'Red packets', amount: 1_000_000_000_000 }],
    boxes: [
      {
        id: 'box',
        title: 'Box',
        price: { candy: 10 },
        rewards: [
          { id: 'small', weight: 900, reward: { candy: 5 } },
          { id: 'big', weight: 100, reward: { candy: 50 }, stock: 1_000_000_000 },
        ],
      },
      {
        id: 'red',
        title: 'Spend candy, draw a red packet',
        price: { candy: 1 },
        budget: 'cash',
        rewards: [
          { id: 'thanks', weight: 6000, reward: {} },
          { id: 'red-0.18', weight: 3000, reward: { cash: 18 } },
          { id: 'red-1.88', weight: 999, reward: { cash: 188 }, stock: 1_000_000_000 },
          { id: 'red-88.88', weight: 1, reward: { cash: 8888 }, stock: 1_000_000_000, perPlayer: 1_000_000 },
        ],
      },
    ],
  });
  if (!result.ok) throw new Error(`bench campaign invalid: ${JSON.stringify(result.problems)}`);
  return result.value;
})();

export const BENCH_NOW = Date.parse('2026-11-11T12:00:00+08:00');
