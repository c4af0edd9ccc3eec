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
    const minimal = validateCampaign({ ...example, tasks: undefined, boxes: undefined, budgets: undefined, lotteries: undefined, sharedCarts: undefined, pools: undefined, luckyPackets: undefined });
    expect(minimal.ok && [minimal.value.tasks, minimal.value.boxes, minimal.value.budgets, minimal.value.lotteries, minimal.value.pools, minimal.value.luckyPackets]).toEqual([[], [], [], [], [], []]);
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
