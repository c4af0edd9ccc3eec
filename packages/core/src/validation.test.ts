import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { describeValue, formatPath, formatProblem, parseWith, validateCampaign, type Problem } from './validation.ts';

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
    // Amounts stay far inside exact integers, so that lints and ledgers can add many of them.
    ['a threshold taking more than the spend that reaches it', (d) => (d.pricing.thresholds[0].off = 30001), 'pricing.thresholds[0].off: expected at most every (30000): a threshold takes off no more than the spend that reaches it, got 30001'],
    ['a reward beyond any campaign', (d) => (d.tasks[3].reward.candy = 2 ** 53 - 1), 'tasks[3].reward.candy: expected a positive integer of at most 10000000000000 (10^13), got 9007199254740991'],
    ['a budget beyond any campaign', (d) => (d.budgets[0].amount = 10 ** 13 + 1), 'budgets[0].amount: expected a positive integer of at most 10000000000000 (10^13), got 10000000000001'],
    ['a threshold beyond any cart', (d) => (d.pricing.thresholds[0].every = 10 ** 14), 'pricing.thresholds[0].every: expected a positive amount in integer cents of at most 10000000000000 (10^13), got 100000000000000'],
    ['a pool split before any candy is earned', (d) => (d.pools[0].settleAt = '2020-01-01T00:00:00+08:00'), 'pools[0].settleAt: expected an instant after the first phase starts (2026-10-20T12:00:00.000Z): candy is earned from then, got "2020-01-01T00:00:00+08:00"'],
    // Durations stay within a year: 10^9 hours is past the last date, where every command dated by it failed.
    ['a lucky packet that never expires', (d) => (d.luckyPackets[0].expiresInHours = 2_400_000_000), 'luckyPackets[0].expiresInHours: expected a positive whole number of hours, at most 8784 (a year), got 2400000000'],
    ['an order held for ages', (d) => (d.pricing.paymentMinutes = 10 ** 12), 'pricing.paymentMinutes: expected a positive whole number of minutes, at most 527040 (a year), got 1000000000000'],
    ['a browse of no time', (d) => (d.tasks[1].seconds = 0), 'tasks[1].seconds: expected a positive whole number of seconds, at most 31622400 (a year), got 0'],
    // `z.int()` without words of its own: the line says whole, and the bound its check sets.
    ['a claim limit as text', (d) => (d.pricing.coupons[13].claim.perPlayer = '2'), 'pricing.coupons[13].claim.perPlayer: expected a whole number of at least 1, got "2"'],
    ['a missing title', (d) => delete d.tasks[0].title, 'tasks[0].title: expected a non-empty string, got nothing'],
    [
      'a misspelt key',
      (d) => (d.wallet.dailyEarnCapp = 10),
      'wallet.dailyEarnCapp: expected no such field (check its spelling), got 10',
    ],
    // A field of another kind is spelt right: the line says which kinds take it.
    ['limits on a check-in', (d) => (d.tasks[0].limits = { perDay: 2 }), 'tasks[0].limits: expected no such field for kind "checkin" (kinds "browse" and "action" have it), got {"perDay":2}'],
    ['seconds on an action', (d) => (d.tasks[7].seconds = 15), 'tasks[7].seconds: expected no such field for kind "action" (kind "browse" has it), got 15'],
    // A name every object inherits is no field of any kind.
    ['an inherited name on a task', (d) => (d.tasks[0].constructor = 1), 'tasks[0].constructor: expected no such field (check its spelling), got 1'],
    ['tiers on a repeating threshold', (d) => (d.pricing.thresholds[0].tiers = []), 'pricing.thresholds[0].tiers: expected no such field for mode "repeat" (mode "tiered" has it), got []'],
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
      'boxes[0].whenOutOfStock.fallback: expected a reward that cannot run out (no stock, no perPlayer, no cash: a budget can be spent), got "candy-500" with stock 200000',
    ],
    [
      'a fallback a player can win only so often',
      (d) => {
        d.boxes[0].rewards[0].perPlayer = 1;
        d.boxes[0].whenOutOfStock = { fallback: 'candy-20' };
      },
      'boxes[0].whenOutOfStock.fallback: expected a reward that cannot run out (no stock, no perPlayer, no cash: a budget can be spent), got "candy-20" with perPlayer 1',
    ],
    [
      'a fallback paid from a budget',
      (d) => (d.boxes[1].whenOutOfStock = { fallback: 'red-0.18' }),
      'boxes[1].whenOutOfStock.fallback: expected a reward that cannot run out (no stock, no perPlayer, no cash: a budget can be spent), got "red-0.18" with cash 18 from the box\'s budget',
    ],
    [
      'a table whose every drawable reward is out of stock from the start',
      (d) => {
        for (const row of d.boxes[0].rewards) row.stock = row.weight > 0 ? 0 : row.stock;
      },
      'boxes[0].rewards: expected a reward with a positive weight and stock to give, or a fallback, got every reward with a weight has stock 0',
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
      'a field of other task kinds',
      override('/tasks/daily-checkin/limits', { perDay: 2 }),
      'experiments[0].variants[1].overrides[0].path: expected a path to a field of the definition (tasks[0].limits is not one; not a field for kind "checkin" (kinds "browse" and "action" have it)), got "/tasks/daily-checkin/limits"',
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
    ['one variant', (d) => d.experiments[0].variants.pop(), 'experiments[0].variants: expected at least two variants, got 1 item'],
    // One line for a wrong type: not also the list's length, checked on the text that came instead.
    ['variants as text', (d) => (d.experiments[0].variants = 'x'), 'experiments[0].variants: expected a list of variants, got "x"'],
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

describe('parseWith: what zod finds, said plainly', () => {
  const lines = (schema: z.ZodType, input: unknown) => {
    const result = parseWith(schema, input);
    return result.ok ? [] : result.problems.map(formatProblem);
  };
  const field = (schema: z.ZodType) => z.strictObject({ n: schema });

  it.each<[string, z.ZodType, unknown, string]>([
    ['a whole number below its minimum', field(z.int().min(1)), { n: 0 }, 'n: expected a whole number of at least 1, got 0'],
    ['a whole number given as text', field(z.int().min(1)), { n: '2' }, 'n: expected a whole number of at least 1, got "2"'],
    ['a fraction where a whole number goes', field(z.int().min(1)), { n: 1.5 }, 'n: expected a whole number of at least 1, got 1.5'],
    ['a number above its maximum, with the whole range', field(z.int().min(2).max(20)), { n: 50 }, 'n: expected a whole number from 2 to 20, got 50'],
    ['a number below its minimum, with the whole range', field(z.number().min(0).max(1)), { n: -1 }, 'n: expected a number from 0 to 1, got -1'],
    ['a number at an exclusive minimum', field(z.number().positive()), { n: 0 }, 'n: expected a number above 0, got 0'],
    ['a number at an exclusive maximum', field(z.number().lt(5)), { n: 5 }, 'n: expected a number below 5, got 5'],
    ['a number out of a half-open range', field(z.number().gt(0).max(1)), { n: 2 }, 'n: expected a number above 0 and at most 1, got 2'],
    ['a whole number past the safe integers, once', field(z.int().max(10)), { n: 2 ** 60 }, 'n: expected a whole number of at most 10, got 1152921504606847000'],
    ['a whole number past the safe integers', field(z.int()), { n: 2 ** 60 }, 'n: expected a whole number of at most 9007199254740991, got 1152921504606847000'],
    ['a whole number past the safe integers, by the tightest bound its own message names', field(z.int({ error: 'a count' }).max(10, { error: 'a count of at most 10' })), { n: 2 ** 60 }, 'n: expected a count of at most 10, got 1152921504606847000'],
    ['a whole number below the safe integers, by the tightest bound its own message names', field(z.int({ error: 'a count' }).min(1, { error: 'a count, 1 or more' })), { n: -(2 ** 60) }, 'n: expected a count, 1 or more, got -1152921504606847000'],
    ['a number that is no multiple', field(z.number().multipleOf(5)), { n: 7 }, 'n: expected a multiple of 5, got 7'],
    ['an empty list', field(z.array(z.string()).min(1)), { n: [] }, 'n: expected at least 1 item, got []'],
    ['a list too long', field(z.array(z.string()).max(2)), { n: ['a', 'b', 'c'] }, 'n: expected at most 2 items, got 3 items'],
    ['a list of the wrong length', field(z.array(z.number()).length(24)), { n: [1] }, 'n: expected exactly 24 items, got 1 item'],
    ['a list out of its range', field(z.array(z.string()).min(1).max(3)), { n: ['a', 'b', 'c', 'd'] }, 'n: expected 1 to 3 items, got 4 items'],
    ['an empty string', field(z.string().min(1)), { n: '' }, 'n: expected a non-empty string, got ""'],
    ['a string too long', field(z.string().max(3)), { n: 'abcd' }, 'n: expected a string of at most 3 characters, got "abcd" (4 characters)'],
    ['a string of the wrong length', field(z.string().length(3)), { n: 'ab' }, 'n: expected a string of exactly 3 characters, got "ab" (2 characters)'],
    ['a string off its pattern', field(z.string().regex(/^[a-z]+$/)), { n: 'A' }, 'n: expected a string matching /^[a-z]+$/, got "A"'],
    ['a string without its prefix', field(z.string().startsWith('sku-')), { n: 'x' }, 'n: expected a string starting with "sku-", got "x"'],
    ['an instant without an offset', field(z.iso.datetime({ offset: true })), { n: 'noon' }, 'n: expected an ISO-8601 date-time with an offset, like 2026-11-11T00:00:00+08:00, got "noon"'],
    ['no email address', field(z.email()), { n: 'x' }, 'n: expected an email address, got "x"'],
    ['another literal', field(z.literal('retry')), { n: 'again' }, 'n: expected "retry", got "again"'],
    ['a value off the list', field(z.enum(['a', 'b'])), { n: 'c' }, 'n: expected one of "a", "b", got "c"'],
    ['a type no option takes', field(z.union([z.string(), z.number()])), { n: true }, 'n: expected a string or a number, got true'],
    ['a shape no option takes', field(z.union([z.strictObject({ a: z.string() }), z.strictObject({ b: z.number() })])), { n: { c: 1 } }, 'n: expected one of the allowed shapes, got {"c":1}'],
    ['a key its record refuses', field(z.record(z.string().regex(/^[a-z]+$/), z.number())), { n: { Ab: 1 } }, 'n.Ab: expected a string matching /^[a-z]+$/, got "Ab"'],
    ['a refinement without words', field(z.number().refine((n) => n > 3)), { n: 1 }, 'n: expected a valid value, got 1'],
    ['a refinement that names the field below it', z.strictObject({ a: z.number() }).superRefine((v, ctx) => ctx.addIssue({ code: 'custom', path: ['a'], input: v.a, message: 'more than 1' })), { a: 1 }, 'a: expected more than 1, got 1'],
  ])('%s', (_, schema, input, line) => {
    expect(lines(schema, input)).toEqual([line]);
  });

  // A field of another option of a discriminated union, however the union is reached.
  const Mode = z.discriminatedUnion('mode', [z.strictObject({ mode: z.literal('p'), p: z.int() }), z.strictObject({ mode: z.literal('q'), q: z.int() })]);
  const Kind = z.discriminatedUnion('kind', [z.strictObject({ kind: z.literal('a'), inner: Mode }), z.strictObject({ kind: z.enum(['b', 'c']), b: z.int(), inner: Mode.optional() })]);
  const Shaped = z.discriminatedUnion('kind', [z.strictObject({ kind: z.literal('a'), a: z.int() }), z.strictObject({ kind: z.literal('b'), b: z.int() }).transform((v) => v.b)]);
  it.each<[string, z.ZodType, unknown, string]>([
    ['a field of options whose discriminator is an enum', Kind, { kind: 'a', b: 1, inner: { mode: 'p', p: 1 } }, 'b: expected no such field for kind "a" (kinds "b" and "c" have it), got 1'],
    ['a field of another option of a union within an option', Kind, { kind: 'a', inner: { mode: 'p', p: 1, q: 2 } }, 'inner.q: expected no such field for mode "p" (mode "q" has it), got 2'],
    ['the same, in a list past an optional', z.array(Kind), [{ kind: 'c', b: 1, inner: { mode: 'q', q: 1, p: 2 } }], '[0].inner.p: expected no such field for mode "q" (mode "p" has it), got 2'],
    ['a field of no option', Kind, { kind: 'b', b: 1, z: 1 }, 'z: expected no such field (check its spelling), got 1'],
    ['a field of an option that is no plain object', Shaped, { kind: 'a', a: 1, b: 2 }, 'b: expected no such field (check its spelling), got 2'],
  ])('%s', (_, schema, input, line) => {
    expect(lines(schema, input)).toEqual([line]);
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
    expect(describeValue(10n)).toBe('10');
    expect(describeValue('x'.repeat(100))).toHaveLength(60);
  });

  it('describes a value nested far too deep to stringify, and keeps shallow ones whole', () => {
    let deep: unknown = 'core';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(describeValue(deep)).toBe('[[[[[[[["…"]]]]]]]]');
    expect(describeValue({ a: { b: [1, { c: null }] }, d: 'e' })).toBe('{"a":{"b":[1,{"c":null}]},"d":"e"}');
    expect(describeValue(new Date(0))).toBe('"1970-01-01T00:00:00.000Z"');
  });
});
