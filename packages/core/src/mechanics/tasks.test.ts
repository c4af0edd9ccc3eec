import { describe, expect, it } from 'vitest';
import { counters } from '../keys.ts';
import { at, cmd, DAY, outcome, play, refusal, SECOND } from '../testing.ts';

const visit = { id: 'visit', kind: 'browse', title: 'Browse the venue', seconds: 15, reward: { candy: 50 } } as const;

describe('browse tasks (逛一逛 15 s)', () => {
  const t0 = at('2026-11-10 10:00:00');

  it('refuses to complete a visit that was never started', async () => {
    const game = await play({ tasks: [visit] });
    expect(refusal(game.run('p1', cmd.complete('visit'), t0))).toEqual({ code: 'BROWSE_NOT_STARTED', taskId: 'visit' });
  });

  it('measures the 15 seconds on the server clock: 14.2 s is 1 s early, 15 s is done', async () => {
    const game = await play({ tasks: [visit] });
    expect(outcome(game.run('p1', cmd.start('visit'), t0), 'task.started')).toEqual({
      type: 'task.started',
      taskId: 'visit',
      readyAt: '2026-11-10T02:00:15.000Z',
      expiresAt: '2026-11-10T02:30:00.000Z',
    });
    expect(refusal(game.run('p1', cmd.complete('visit'), t0 + 14_200))).toEqual({ code: 'BROWSE_TOO_EARLY', taskId: 'visit', secondsRemaining: 1 });
    expect(await game.balance('p1')).toBe(0);
    const done = outcome(game.run('p1', cmd.complete('visit'), t0 + 15 * SECOND), 'task.completed');
    expect(done.candy).toEqual({ requested: 50, credited: 50 });
    expect(await game.balance('p1')).toBe(50);
  });

  it('uses a visit once: completing again needs a new start', async () => {
    const game = await play({ tasks: [{ ...visit, limits: { perDay: 5 } }] });
    game.run('p1', cmd.start('visit'), t0);
    outcome(game.run('p1', cmd.complete('visit'), t0 + 15 * SECOND), 'task.completed');
    expect(refusal(game.run('p1', cmd.complete('visit'), t0 + 16 * SECOND)).code).toBe('BROWSE_NOT_STARTED');
  });

  it('keeps the running visit when started again, so a page reload does not reset the timer', async () => {
    const game = await play({ tasks: [visit] });
    const first = outcome(game.run('p1', cmd.start('visit'), t0), 'task.started');
    const again = outcome(game.run('p1', cmd.start('visit'), t0 + 10 * SECOND), 'task.started');
    expect(again).toEqual(first);
    expect(outcome(game.run('p1', cmd.complete('visit'), t0 + 15 * SECOND), 'task.completed').candy.credited).toBe(50);
  });

  it('expires a visit after its ticket TTL, and a new start begins a new one', async () => {
    const game = await play({ tasks: [{ ...visit, ticketTtlSeconds: 60 }] });
    game.run('p1', cmd.start('visit'), t0);
    expect(refusal(game.run('p1', cmd.complete('visit'), t0 + 60 * SECOND))).toEqual({
      code: 'BROWSE_EXPIRED',
      taskId: 'visit',
      expiredAt: '2026-11-10T02:01:00.000Z',
    });
    const restarted = outcome(game.run('p1', cmd.start('visit'), t0 + 61 * SECOND), 'task.started');
    expect(restarted.readyAt).toBe('2026-11-10T02:01:16.000Z');
    expect(refusal(game.run('p1', cmd.complete('visit'), t0 + 75 * SECOND)).code).toBe('BROWSE_TOO_EARLY');
    outcome(game.run('p1', cmd.complete('visit'), t0 + 76 * SECOND), 'task.completed');
  });

  it('expires after 1800 s by default, and is still good a millisecond before', async () => {
    const game = await play({ tasks: [visit] });
    game.run('p1', cmd.start('visit'), t0);
    expect(refusal(game.run('p1', cmd.complete('visit'), t0 + 1800 * SECOND)).code).toBe('BROWSE_EXPIRED');
    const other = await play({ tasks: [visit] });
    other.run('p1', cmd.start('visit'), t0);
    outcome(other.run('p1', cmd.complete('visit'), t0 + 1800 * SECOND - 1), 'task.completed');
  });

  it('stops at the per-day limit and opens again on the next campaign-local day', async () => {
    const game = await play({ tasks: [{ ...visit, limits: { perDay: 2 } }] });
    const evening = at('2026-11-10 23:00:00');
    for (const offset of [0, 60 * SECOND]) {
      game.run('p1', cmd.start('visit'), evening + offset);
      outcome(game.run('p1', cmd.complete('visit'), evening + offset + 15 * SECOND), 'task.completed');
    }
    expect(refusal(game.run('p1', cmd.start('visit'), evening + 120 * SECOND))).toEqual({
      code: 'DAILY_LIMIT_REACHED',
      subject: 'task "visit"',
      limit: 2,
    });
    // Midnight in Shanghai is 16:00 UTC: a new day for the limit.
    const midnight = at('2026-11-11 00:00:00');
    game.run('p1', cmd.start('visit'), midnight);
    outcome(game.run('p1', cmd.complete('visit'), midnight + 15 * SECOND), 'task.completed');
    expect(await game.balance('p1')).toBe(150);
  });

  it('defaults to once a day', async () => {
    const game = await play({ tasks: [visit] });
    game.run('p1', cmd.start('visit'), t0);
    game.run('p1', cmd.complete('visit'), t0 + 15 * SECOND);
    expect(refusal(game.run('p1', cmd.start('visit'), t0 + 20 * SECOND))).toMatchObject({ code: 'DAILY_LIMIT_REACHED', limit: 1 });
    game.run('p1', cmd.start('visit'), t0 + DAY);
    outcome(game.run('p1', cmd.complete('visit'), t0 + DAY + 15 * SECOND), 'task.completed');
  });

  it('only starts browse tasks', async () => {
    const game = await play({ tasks: [visit, { id: 'follow', kind: 'action', title: 'Follow', reward: { candy: 5 } }] });
    expect(refusal(game.run('p1', cmd.start('follow'), t0))).toEqual({ code: 'WRONG_TASK_KIND', taskId: 'follow', kind: 'action', expected: 'browse' });
    expect(refusal(game.run('p1', cmd.start('nope'), t0))).toEqual({ code: 'TASK_NOT_FOUND', taskId: 'nope' });
  });
});

const checkin = { id: 'checkin', kind: 'checkin', title: 'Daily check-in', reward: { candy: 20 } } as const;

/** The example campaign's 7-day table: day 3 and day 7 pay a bonus. */
const week = [20, 20, 60, 20, 20, 20, 150].map((candy, i) => ({ day: i + 1, reward: { candy } }));

describe('the campaign-local day (Asia/Shanghai)', () => {
  it('turns at 16:00 UTC: 15:59:59Z is still 11-10, 16:00:00Z is 11-11', async () => {
    const game = await play({ tasks: [checkin] });
    const first = outcome(game.run('p1', cmd.complete('checkin'), Date.parse('2026-11-10T15:59:59Z')), 'task.completed');
    const second = outcome(game.run('p1', cmd.complete('checkin'), Date.parse('2026-11-10T16:00:00Z')), 'task.completed');
    expect([first.streak, second.streak]).toEqual([
      { days: 1, tableDay: 1 },
      { days: 2, tableDay: 1 },
    ]);
  });

  it('refuses a second check-in on the same local day, though the UTC dates differ', async () => {
    const game = await play({ tasks: [checkin] });
    outcome(game.run('p1', cmd.complete('checkin'), Date.parse('2026-11-09T16:00:00Z')), 'task.completed');
    expect(refusal(game.run('p1', cmd.complete('checkin'), Date.parse('2026-11-10T15:59:59Z')))).toEqual({
      code: 'ALREADY_CHECKED_IN',
      taskId: 'checkin',
      day: '2026-11-10',
    });
  });

  it('refuses a day already checked in when the clock is moved back to it (QA walks back and forth)', async () => {
    const game = await play({ tasks: [checkin] });
    outcome(game.run('p1', cmd.complete('checkin'), at('2026-11-05 09:00')), 'task.completed');
    outcome(game.run('p1', cmd.complete('checkin'), at('2026-11-06 09:00')), 'task.completed');
    expect(refusal(game.run('p1', cmd.complete('checkin'), at('2026-11-05 18:00')))).toEqual({
      code: 'ALREADY_CHECKED_IN',
      taskId: 'checkin',
      day: '2026-11-05',
    });
  });
});

describe('check-in streaks (签到)', () => {
  const day1 = at('2026-11-01 09:00');

  async function checkInOn(days: number[], streak?: { days: typeof week; afterLast?: 'restart' | 'repeat-last' }) {
    const game = await play({ tasks: [streak ? { ...checkin, streak } : checkin] });
    return days.map((d) => outcome(game.run('p1', cmd.complete('checkin'), day1 + d * DAY), 'task.completed'));
  }

  it('counts consecutive days up', async () => {
    const done = await checkInOn([0, 1, 2, 3]);
    expect(done.map((d) => d.streak?.days)).toEqual([1, 2, 3, 4]);
    expect(done.map((d) => d.candy.credited)).toEqual([20, 20, 20, 20]);
  });

  it('resets to day 1 after a missed day', async () => {
    const done = await checkInOn([0, 1, 3, 4], { days: week });
    expect(done.map((d) => d.streak)).toEqual([
      { days: 1, tableDay: 1 },
      { days: 2, tableDay: 2 },
      { days: 1, tableDay: 1 },
      { days: 2, tableDay: 2 },
    ]);
  });

  it('pays the table: day 3 and day 7 bonuses replace the reward, then restarts at day 1', async () => {
    const done = await checkInOn([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], { days: week, afterLast: 'restart' });
    expect(done.map((d) => d.candy.credited)).toEqual([20, 20, 60, 20, 20, 20, 150, 20, 20, 60]);
    expect(done.map((d) => d.streak?.tableDay)).toEqual([1, 2, 3, 4, 5, 6, 7, 1, 2, 3]);
    expect(done.at(-1)?.streak?.days).toBe(10);
  });

  it("keeps paying the last day with 'repeat-last', the default", async () => {
    const table = [10, 20, 30].map((candy, i) => ({ day: i + 1, reward: { candy } }));
    for (const afterLast of ['repeat-last', undefined] as const) {
      const done = await checkInOn([0, 1, 2, 3, 4], afterLast ? { days: table, afterLast } : { days: table });
      expect(done.map((d) => d.candy.credited)).toEqual([10, 20, 30, 30, 30]);
      expect(done.map((d) => d.streak?.tableDay)).toEqual([1, 2, 3, 3, 3]);
    }
  });
});

describe('task windows', () => {
  // Warm-up opens at 20:00 Beijing time; the second window is the peak day.
  const phases = [
    { id: 'warmup', name: 'Warm-up', start: '2026-10-20T20:00:00+08:00', end: '2026-11-01T00:00:00+08:00' },
    { id: 'peak', name: 'Peak', start: '2026-11-11T00:00:00+08:00', end: '2026-11-12T00:00:00+08:00' },
  ];
  const follow = { id: 'follow', kind: 'action', verifiedBy: 'player', title: 'Follow', reward: { candy: 5 }, limits: { perDay: 1 } } as const;

  it('opens at 20:00 +08:00 sharp, and says when while closed', async () => {
    const game = await play({ phases, tasks: [{ ...follow, phases: ['warmup'] }] });
    expect(refusal(game.run('p1', cmd.complete('follow'), at('2026-10-20 19:59:59')))).toEqual({
      code: 'TASK_NOT_OPEN',
      taskId: 'follow',
      opensAt: '2026-10-20T12:00:00.000Z',
    });
    outcome(game.run('p1', cmd.complete('follow'), at('2026-10-20 20:00:00')), 'task.completed');
  });

  it('names the next window between windows, and none after the last', async () => {
    const game = await play({ phases, tasks: [follow] });
    expect(refusal(game.run('p1', cmd.complete('follow'), at('2026-11-05 12:00')))).toMatchObject({ opensAt: '2026-11-10T16:00:00.000Z' });
    outcome(game.run('p1', cmd.complete('follow'), at('2026-11-11 23:59:59')), 'task.completed');
    expect(refusal(game.run('p1', cmd.complete('follow'), at('2026-11-12 00:00:00')))).toEqual({
      code: 'TASK_NOT_OPEN',
      taskId: 'follow',
      opensAt: null,
    });
  });
});

describe('action tasks (关注店铺, 入会)', () => {
  const now = at('2026-11-05 12:00');
  const followStore = { id: 'follow-store', kind: 'action', title: 'Follow the store', reward: { candy: 100 } } as const;

  it('refuses a host-verified task reported by the player, and pays it when the host reports it', async () => {
    const game = await play({ tasks: [followStore] });
    expect(refusal(game.run('p1', cmd.complete('follow-store'), now))).toEqual({ code: 'HOST_VERIFIED_TASK', taskId: 'follow-store' });
    expect(await game.balance('p1')).toBe(0);
    const done = outcome(game.run('p1', cmd.complete('follow-store'), now, { actor: 'host' }), 'task.completed');
    expect(done.candy.credited).toBe(100);
  });

  it('pays once in total by default', async () => {
    const game = await play({ tasks: [followStore] });
    game.run('p1', cmd.complete('follow-store'), now, { actor: 'host' });
    expect(refusal(game.run('p1', cmd.complete('follow-store'), now + 3 * DAY, { actor: 'host' }))).toEqual({
      code: 'TOTAL_LIMIT_REACHED',
      subject: 'task "follow-store"',
      limit: 1,
    });
    expect(await game.balance('p1')).toBe(100);
  });

  it("lets the player report a task verified by 'player', within per-day and total limits", async () => {
    const share = { id: 'share', kind: 'action', verifiedBy: 'player', title: 'Share', reward: { candy: 10 }, limits: { perDay: 2, total: 3 } } as const;
    const game = await play({ tasks: [share] });
    const results = [0, 0, 0, DAY, DAY + 1, 2 * DAY].map((offset) => game.run('p1', cmd.complete('share'), now + offset));
    expect(results.map((r) => (r.ok ? 'paid' : r.error.code))).toEqual([
      'paid',
      'paid',
      'DAILY_LIMIT_REACHED',
      'paid',
      'TOTAL_LIMIT_REACHED',
      'TOTAL_LIMIT_REACHED',
    ]);
    expect(await game.balance('p1')).toBe(30);
    expect(await game.counter('p1', counters.taskTotal('share'))).toBe(3);
  });
});
