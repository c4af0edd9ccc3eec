import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { describeValue, formatPath, formatProblem, validateCampaign, type Problem } from './validation.ts';

const example = JSON.parse(readFileSync(new URL('../../../examples/double11-cat-candy.json', import.meta.url), 'utf8'));

/** The problems of the example campaign after `edit`, formatted. */
function problemsAfter(edit: (definition: any) => void): string[] {
  const definition = structuredClone(example);
  edit(definition);
  const result = validateCampaign(definition);
  return result.ok ? [] : result.problems.map(formatProblem);
}

describe('validateCampaign', () => {
  it('accepts the example campaign and fills the defaults', () => {
    const result = validateCampaign(example);
    expect(result.ok).toBe(true);
    // Its experiment tunes a task, so it goes with the tasks.
    const minimal = validateCampaign({ ...example, tasks: undefined, boxes: undefined, budgets: undefined, lotteries: undefined, sharedCarts: undefined, pools: undefined, luckyPackets: undefined, experiments: undefined });
    expect(minimal.ok && [minimal.value.tasks, minimal.value.boxes, minimal.value.budgets, minimal.value.lotteries, minimal.value.pools, minimal.value.luckyPackets, minimal.value.experiments]).toEqual([[], [], [], [], [], [], []]);
  });

  it.each<[string, (d: any) => void, string]>([
    ['a negative reward', (d) => (d.tasks[3].reward.candy = -5), 'tasks[3].reward.candy: expected a positive integer, got -5'],
    ['a fractional reward', (d) => (d.tasks[3].reward.candy = 1.5), 'tasks[3].reward.candy: expected a positive integer, got 1.5'],
    ['a reward as text', (d) => (d.tasks[3].reward.candy = '5'), 'tasks[3].reward.candy: expected a positive integer, got "5"'],
    ['a missing title', (d) => delete d.tasks[0].title, 'tasks[0].title: expected a non-empty string, got nothing'],
    [
      'a misspelt key',
      (d) => (d.wallet.dailyEarnCapp = 10),
      'wallet.dailyEarnCapp: expected no such key (it is not part of the definition; check its spelling), got 10',
    ],
    ['an unknown task kind', (d) => (d.tasks[7].kind = 'follow'), 'tasks[7].kind: expected one of "browse", "checkin", "action", got "follow"'],
    ['a missing task kind', (d) => delete d.tasks[7].kind, 'tasks[7].kind: expected one of "browse", "checkin", "action", got nothing'],
    ['an unknown verifier', (d) => (d.tasks[7].verifiedBy = 'robot'), 'tasks[7].verifiedBy: expected one of "host", "player", got "robot"'],
    ['an unknown timezone', (d) => (d.timezone = 'Asia/Beijing'), 'timezone: expected an IANA timezone name, like Asia/Shanghai, got "Asia/Beijing"'],
    ['a lowercase currency', (d) => (d.currency = 'cny'), 'currency: expected an ISO 4217 currency code, like CNY, got "cny"'],
    [
      'an instant without offset',
      (d) => (d.phases[0].start = '2026-10-20T20:00:00'),
      'phases[0].start: expected an ISO-8601 date-time with an offset, like 2026-11-11T00:00:00+08:00, got "2026-10-20T20:00:00"',
    ],
    ['no phases', (d) => (d.phases = []), 'phases: expected at least one phase, got []'],
    [
      'a bad out-of-stock rule',
      (d) => (d.boxes[0].whenOutOfStock = 'skip'),
      `boxes[0].whenOutOfStock: expected 'redraw' or { "fallback": rewardId }, got "skip"`,
    ],
  ])('explains %s', (_, edit, line) => {
    expect(problemsAfter(edit)).toEqual([line]);
  });

  it.each<[string, (d: any) => void, string]>([
    // Without the pricing section, whose rules name wave-2 and would be reported as unknown references too.
    // Renaming wave-2 orphans what names it (the pricing, the red-packet box): those go too, so only the duplicate is left.
    ['a duplicate phase id', (d) => ((d.phases[3].id = 'wave-1'), delete d.pricing, (d.boxes[1].phases = ['wave-1']), (d.luckyPackets[0].phases = ['wave-1'])), 'phases[3].id: expected a phase id not used before (phases[1] has it), got "wave-1"'],
    ['a duplicate task id', (d) => (d.tasks[2].id = 'browse-main-venue'), 'tasks[2].id: expected a task id not used before (tasks[1] has it), got "browse-main-venue"'],
    [
      'a duplicate reward id',
      (d) => (d.boxes[0].rewards[1].id = 'candy-20'),
      'boxes[0].rewards[1].id: expected a reward id not used before (boxes[0].rewards[0] has it), got "candy-20"',
    ],
    [
      'an unknown phase in a task',
      (d) => (d.tasks[5].phases = ['warmup-1', 'presale']),
      'tasks[5].phases[1]: expected one of the phase ids (warmup-1, wave-1, warmup-2, wave-2), got "presale"',
    ],
    [
      'an unknown phase in invitations',
      (d) => (d.invitations.phases = ['peak']),
      'invitations.phases[0]: expected one of the phase ids (warmup-1, wave-1, warmup-2, wave-2), got "peak"',
    ],
    [
      'a window that ends when it starts',
      (d) => (d.phases[3].end = d.phases[3].start),
      'phases[3].end: expected an instant after start (2026-11-11T00:00:00+08:00), got "2026-11-11T00:00:00+08:00"',
    ],
    [
      'a window ending before it starts in another offset',
      (d) => (d.phases[0].end = '2026-10-20T11:59:59Z'),
      'phases[0].end: expected an instant after start (2026-10-20T20:00:00+08:00), got "2026-10-20T11:59:59Z"',
    ],
    [
      'a streak table with a gap',
      (d) => d.tasks[0].streak.days.splice(5, 1),
      'tasks[0].streak.days[5].day: expected day 6 (streak days are listed from 1 without gaps), got 7',
    ],
    [
      'a box with every weight 0',
      (d) => d.boxes[0].rewards.forEach((r: any) => (r.weight = 0)),
      'boxes[0].rewards: expected at least one reward with a positive weight, got every weight 0',
    ],
    [
      'weights too large to draw from exactly',
      (d) => d.boxes[0].rewards.forEach((r: any) => (r.weight = 2 ** 50)),
      'boxes[0].rewards: expected weights totalling at most 2^48 (281474976710656), got 5629499534213120',
    ],
    ['a box with no way to get it', (d) => (delete d.boxes[0].earn, delete d.boxes[0].price), 'boxes[0]: expected a way to get the box: `earn`, `price` or both, got neither'],
    [
      'an unknown fallback',
      (d) => (d.boxes[0].whenOutOfStock = { fallback: 'candy-5' }),
      'boxes[0].whenOutOfStock.fallback: expected one of the reward ids (candy-20, candy-100, candy-500, candy-2000, smart-speaker), got "candy-5"',
    ],
    [
      'a fallback that can run out',
      (d) => (d.boxes[0].whenOutOfStock = { fallback: 'candy-500' }),
      'boxes[0].whenOutOfStock.fallback: expected a reward without a stock limit (a fallback cannot run out), got "candy-500" with stock 200000',
    ],
  ])('finds what the schema cannot see: %s', (_, edit, line) => {
    expect(problemsAfter(edit)).toEqual([line]);
  });

  it('reports every problem at once', () => {
    const lines = problemsAfter((d) => {
      d.tasks[3].reward.candy = -5;
      d.tasks[4].reward.candy = 0;
      d.boxes[0].title = '';
    });
    expect(lines).toHaveLength(3);
  });

  it('says what the document itself should be', () => {
    for (const input of [null, [], 'campaign']) {
      const result = validateCampaign(input);
      expect(!result.ok && result.problems).toEqual([{ path: '', expected: 'an object', got: JSON.stringify(input) }]);
    }
  });
});

describe('validateCampaign: experiments', () => {
  /** The example's own experiment is `browse-reward`: `control`, and `sixty` paying 60 candy for browse-main-venue. */
  const sixty = (d: any) => d.experiments[0].variants[1];
  const override = (path: string, value: unknown) => (d: any) => (sixty(d).overrides = [{ path, value }]);
  const presaleExperiment = (id: string, path: string, value: number) => ({
    id,
    title: id,
    variants: [
      { id: 'control', weight: 1 },
      { id: 'treatment', weight: 1, overrides: [{ path, value }] },
    ],
  });

  it.each<[string, (d: any) => void, string]>([
    ['a bad value, with the message of the field it overrides', (d) => (sixty(d).overrides[0].value = -60), 'experiments[0].variants[1].overrides[0].value: expected a positive integer, got -60'],
    [
      'a bad field inside an object value',
      override('/tasks/browse-main-venue/limits', { perDay: 0 }),
      'experiments[0].variants[1].overrides[0].value.perDay: expected a positive integer, got 0',
    ],
    [
      "a value the field's cross-checks refuse",
      override('/pricing/presales/haiyun-tv-75-presale/worth', 5000),
      'experiments[0].variants[1].overrides[0].value: expected at least the deposit (10000), got 5000',
    ],
    [
      'a value that breaks another field',
      override('/pricing/presales/haiyun-tv-75-presale/deposit', 40000),
      'experiments[0].variants[1].overrides: expected overrides that keep the definition valid: pricing.presales[0].worth expected at least the deposit (40000), got 30000',
    ],
    [
      'a misspelt last field',
      override('/tasks/browse-main-venue/reward/candyy', 60),
      'experiments[0].variants[1].overrides[0].path: expected a path to a field of the definition (tasks[1].reward.candyy is not one; check its spelling), got "/tasks/browse-main-venue/reward/candyy"',
    ],
    [
      "an object's inherited name, which is no field",
      override('/wallet/__proto__', { dailyEarnCap: 1 }),
      'experiments[0].variants[1].overrides[0].path: expected a path to a field of the definition (wallet.__proto__ is not one; check its spelling), got "/wallet/__proto__"',
    ],
    [
      'a misspelt field on the way',
      override('/tasks/browse-main-venue/limitz/perDay', 2),
      'experiments[0].variants[1].overrides[0].path: expected a field /tasks/browse-main-venue has (id, title, reward, kind, seconds, limits); only the last step may add one, got "/tasks/browse-main-venue/limitz/perDay"',
    ],
    [
      'an unknown id',
      override('/boxes/mystery-box/price/candy', 60),
      'experiments[0].variants[1].overrides[0].path: expected an id of /boxes (surprise-box, candy-red-packet), got "/boxes/mystery-box/price/candy"',
    ],
    [
      'an index into a list without ids',
      override('/tasks/daily-checkin/streak/days/7', { day: 7, reward: { candy: 300 } }),
      'experiments[0].variants[1].overrides[0].path: expected a path that stops at /tasks/daily-checkin/streak/days: its items have no ids, so a variant replaces the list whole, got "/tasks/daily-checkin/streak/days/7"',
    ],
    [
      'a section the base does not have',
      (d) => (delete d.wallet, override('/wallet/dailyEarnCap', 5000)(d)),
      'experiments[0].variants[1].overrides[0].path: expected a section the base definition has (a variant tunes the campaign\'s rules; it adds no mechanic), got "/wallet/dailyEarnCap"',
    ],
    [
      'two overrides of one field',
      (d) => sixty(d).overrides.push({ path: '/tasks/browse-main-venue/reward', value: { candy: 70 } }),
      'experiments[0].variants[1].overrides[1].path: expected a field no other override of the variant sets (overrides[0] sets tasks[1].reward.candy), got "/tasks/browse-main-venue/reward"',
    ],
    [
      'two experiments on one field',
      (d) => d.experiments.push({ ...presaleExperiment('browse-again', '/tasks/browse-main-venue/reward/candy', 70) }),
      'experiments[1].variants[1].overrides[0].path: expected a field no other experiment sets (experiments[0] sets tasks[1].reward.candy; a player in both would get both), got "/tasks/browse-main-venue/reward/candy"',
    ],
    ['a duplicate experiment id', (d) => d.experiments.push(presaleExperiment('browse-reward', '/pricing/presales/haiyun-tv-75-presale/worth', 20000)), 'experiments[1].id: expected an experiment id not used before (experiments[0] has it), got "browse-reward"'],
    ['a duplicate variant id', (d) => (sixty(d).id = 'control'), 'experiments[0].variants[1].id: expected a variant id not used before (experiments[0].variants[0] has it), got "control"'],
    ['every weight 0', (d) => d.experiments[0].variants.forEach((v: any) => (v.weight = 0)), 'experiments[0].variants: expected at least one variant with a positive weight, got every weight 0'],
    ['weights too large for a fair hash', (d) => (sixty(d).weight = 2 ** 20), 'experiments[0].variants: expected weights totalling at most 65536, got 1048626'],
    ['a fractional weight', (d) => (sixty(d).weight = 0.5), 'experiments[0].variants[1].weight: expected a non-negative integer, got 0.5'],
    ['one variant', (d) => d.experiments[0].variants.pop(), 'experiments[0].variants: expected at least two variants, got [{"id":"control","weight":50,"overrides":[]}]'],
    ['a missing value', (d) => delete sixty(d).overrides[0].value, 'experiments[0].variants[1].overrides[0].value: expected a value: what the field becomes in this variant, got nothing'],
    ['a path that is not one', override('tasks.browse-main-venue', 60), 'experiments[0].variants[1].overrides[0].path: expected a path like /tasks/browse-main-venue/reward/candy, got "tasks.browse-main-venue"'],
    [
      'variants valid alone but not together',
      (d) =>
        d.experiments.push(
          presaleExperiment('lower-worth', '/pricing/presales/haiyun-tv-75-presale/worth', 15000),
          presaleExperiment('higher-deposit', '/pricing/presales/haiyun-tv-75-presale/deposit', 20000),
        ),
      'experiments: expected variants that keep the definition valid together: pricing.presales[0].worth expected at least the deposit (20000), got 15000 with lower-worth=treatment, higher-deposit=treatment',
    ],
  ])('explains %s', (_, edit, line) => {
    expect(problemsAfter(edit)).toEqual([line]);
  });

  it.each([
    ['an id', '/tasks/browse-main-venue/id', '"sixty-venue"', 'id'],
    ['phases', '/tasks/browse-main-venue/phases', '["wave-2"]', 'phases'],
    ["a box's budget", '/boxes/candy-red-packet/budget', '"pools"', 'budget'],
    ["a reward's stock", '/boxes/surprise-box/rewards/candy-500/stock', '1', 'stock'],
    ['a whole reward row, which holds its id and stock', '/boxes/surprise-box/rewards/candy-500', '{"id":"candy-500","weight":1,"reward":{"candy":1}}', 'id'],
    ["a task's kind", '/tasks/browse-main-venue/kind', '"action"', 'kind'],
    ["a coupon's claim stock", '/pricing/coupons/tmall-d11-200-20/claim/stock', '1', 'stock'],
  ])('refuses a variant changing what every player shares: %s', (_, path, value, field) => {
    expect(problemsAfter(override(path, JSON.parse(value)))).toEqual([
      `experiments[0].variants[1].overrides[0].path: expected a path that leaves out \`${field}\`: every player shares it, and a variant changes only one player's rules, got ${JSON.stringify(path)}`,
    ]);
  });

  it.each(['/budgets/instant-red-packets/amount', '/lotteries/double11-lucky-draw/tiers', '/pools/share-by-candy/amount', '/timezone', '/currency', '/phases/wave-2/end', '/experiments/browse-reward/variants', '/luckyPackets/team-lucky-packet/amount', '/sharedCarts/lottery', '/pricing/stores'])(
    'refuses a variant reaching outside one player\'s rules: %s',
    (path) => {
      const [line] = problemsAfter(override(path, 1));
      expect(line).toMatch(/^experiments\[0\]\.variants\[1\]\.overrides\[0\]\.path: expected a path into one player's rules: a task, the invitations, .*, got /);
    },
  );

  it("accepts overrides of one player's rules anywhere they live", () => {
    const overrides = [
      { path: '/invitations/limits/perInviterPerDay', value: 5 },
      { path: '/boxes/surprise-box/price/candy', value: 150 },
      { path: '/boxes/surprise-box/rewards/candy-20/weight', value: 4000 },
      { path: '/pricing/thresholds/d11-cross-store/off', value: 6000 },
      { path: '/pricing/thresholds/maomi-pet-tiers/tiers', value: [{ min: 19900, off: 3000 }] },
      { path: '/wallet/dailyEarnCap', value: 5000 },
      { path: '/tasks/daily-checkin/streak/days', value: [{ day: 1, reward: { candy: 30 } }] },
      { path: '/tasks/browse-food-venue/limits', value: { perDay: 2 } },
      { path: '/luckyPackets/team-lucky-packet/limits/perDay', value: 2 },
      { path: '/sharedCarts/ownerCodes', value: 2 },
      { path: '/pricing/coupons/tmall-d11-200-20/off', value: 3000 },
    ];
    expect(problemsAfter((d) => sixty(d).overrides.push(...overrides))).toEqual([]);
  });
});

describe('formatting', () => {
  it('formats a problem as "path: expected …, got …"', () => {
    const problem: Problem = { path: 'tasks[3].reward.candy', expected: 'a positive integer', got: '-5' };
    expect(formatProblem(problem)).toBe('tasks[3].reward.candy: expected a positive integer, got -5');
    expect(formatProblem({ ...problem, path: '' })).toBe('(document): expected a positive integer, got -5');
  });

  it('writes paths as JavaScript would, quoting keys that are not identifiers', () => {
    expect(formatPath(['tasks', 3, 'reward', 'candy'])).toBe('tasks[3].reward.candy');
    expect(formatPath(['$schema'])).toBe('$schema');
    expect(formatPath(['boxes', 0, 'my key'])).toBe('boxes[0]["my key"]');
    expect(formatPath([])).toBe('');
  });

  it('keeps values short and never says "undefined"', () => {
    expect(describeValue(undefined)).toBe('nothing');
    expect(describeValue(Number.NaN)).toBe('NaN');
    expect(describeValue('x'.repeat(100))).toHaveLength(60);
  });
});
