import { describe, expect, it } from 'vitest';
import { ADMIN_KEY, CAMPAIGN, harness, okJson, outcomeOf } from './testing.ts';

const base = `/v1/campaigns/${CAMPAIGN}`;
const pool = `${base}/pools/share-by-candy`;

describe('pools over the API', () => {
  it('settles once at settleAt, paying each candy holder their exact share; the player reads theirs', async () => {
    const h = await harness();
    const [amy, bob] = await Promise.all([h.token('amy'), h.token('bob')]);
    // Candy: amy checks in and subscribes, bob only checks in.
    for (const token of [amy, bob]) await outcomeOf('task.completed', h.call('POST', `${base}/tasks/daily-checkin/complete`, { token }));
    await outcomeOf('task.completed', h.call('POST', `${base}/tasks/subscribe-reminder/complete`, { token: amy }));
    expect(await okJson(h.call('GET', pool, { token: amy }))).toMatchObject({ status: 'pending', result: null, myPayout: null });

    h.clock.set(Date.parse('2026-11-11T23:00:00+08:00'));
    const settled = await outcomeOf('pool.settled', h.call('POST', `${pool}/settle`, { token: ADMIN_KEY }));
    expect(settled).toMatchObject({ players: 2, split: 200_000_000 });
    // Each at most ¥1,000: two players cannot take the ¥2,000,000 pool, the rest stays unallocated.
    expect(settled.paid).toBe(200_000);
    const [mine, bobs] = await Promise.all([amy, bob].map((token) => okJson<{ myPayout: number }>(h.call('GET', pool, { token }))));
    expect(mine!.myPayout + bobs!.myPayout).toBe(200_000);
    expect(await outcomeOf('pool.settled', h.call('POST', `${pool}/settle`, { token: ADMIN_KEY }))).toEqual(settled);
  });
});
