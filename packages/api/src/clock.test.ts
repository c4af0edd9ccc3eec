import { describe, expect, it } from 'vitest';
import { systemClock } from '@carnival/core';
import { ADMIN_KEY, CAMPAIGN, harness, problemOf } from './testing.ts';

const presale = `/v1/campaigns/${CAMPAIGN}/tasks/browse-presale-list/start`;

describe('the manual clock', () => {
  it('walks a task from closed to open as the warm-up opens at 20:00 in Shanghai', async () => {
    const h = await harness();
    const token = await h.token('p1');

    const set = await h.call('PUT', '/v1/admin/clock', { token: ADMIN_KEY, body: { now: '2026-10-20T19:59:50+08:00' } });
    expect(await set.json()).toEqual({ now: '2026-10-20T11:59:50.000Z', mode: 'manual', running: false });
    expect(await problemOf(await h.call('POST', presale, { token }))).toMatchObject({
      code: 'TASK_NOT_OPEN',
      opensAt: '2026-10-20T12:00:00.000Z',
      detail: 'Task "browse-presale-list" is not open now; it opens at 2026-10-20T12:00:00.000Z.',
    });

    const advanced = await h.call('POST', '/v1/admin/clock/advance', { token: ADMIN_KEY, body: { seconds: 10 } });
    expect(await advanced.json()).toMatchObject({ now: '2026-10-20T12:00:00.000Z' });
    const started = await h.call('POST', presale, { token });
    expect(started.status).toBe(200);
    expect(await started.json()).toMatchObject({ at: '2026-10-20T12:00:00.000Z', outcome: { type: 'task.started' } });
  });

  it('reads the clock', async () => {
    const h = await harness();
    expect(await (await h.call('GET', '/v1/admin/clock', { token: ADMIN_KEY })).json()).toEqual({ now: '2026-11-11T02:00:00.000Z', mode: 'manual', running: false });
  });

  it.each([
    [{ now: '2026-10-20T20:00:00' }, 'now'],
    [{ now: 'tomorrow' }, 'now'],
    [{ seconds: 1.5 }, 'seconds'],
  ])('refuses %j with VALIDATION_FAILED at %s', async (body, path) => {
    const h = await harness();
    const route = 'seconds' in body ? '/v1/admin/clock/advance' : '/v1/admin/clock';
    const problem = await problemOf(await h.call('seconds' in body ? 'POST' : 'PUT', route, { token: ADMIN_KEY, body }));
    expect(problem).toMatchObject({ code: 'VALIDATION_FAILED', problems: [{ path }] });
  });
});

describe('the system clock', () => {
  it('cannot be moved: CLOCK_NOT_MANUAL', async () => {
    const h = await harness({ clock: systemClock, manualClock: undefined });
    expect(await (await h.call('GET', '/v1/admin/clock', { token: ADMIN_KEY })).json()).toMatchObject({ mode: 'system', running: false });
    for (const [method, path, body] of [
      ['PUT', '/v1/admin/clock', { now: '2026-11-11T00:00:00+08:00' }],
      ['POST', '/v1/admin/clock/advance', { seconds: 60 }],
    ] as const) {
      expect(await problemOf(await h.call(method, path, { token: ADMIN_KEY, body }))).toMatchObject({ code: 'CLOCK_NOT_MANUAL', status: 409 });
    }
  });
});
