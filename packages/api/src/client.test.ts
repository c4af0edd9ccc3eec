import { describe, expect, it } from 'vitest';
import { createClient } from './client.ts';
import { ADMIN_KEY, CAMPAIGN, harness } from './testing.ts';

describe('the typed client', () => {
  it('plays through the app with typed inputs and outputs', async () => {
    const h = await harness();
    const fetch: typeof globalThis.fetch = async (...args) => h.app.fetch(new Request(...args));
    const player = createClient('http://carnival.test', { token: await h.token('p1'), fetch });

    const res = await player.v1.campaigns[':campaignId'].tasks[':taskId'].complete.$post({
      param: { campaignId: CAMPAIGN, taskId: 'daily-checkin' },
      header: { 'Idempotency-Key': 'client-checkin' },
    });
    expect(res.status).toBe(200);
    if (res.status !== 200) return;
    const receipt = await res.json();
    expect(receipt.outcome.type).toBe('task.completed');

    const refused = await player.v1.campaigns[':campaignId'].tasks[':taskId'].complete.$post({
      param: { campaignId: CAMPAIGN, taskId: 'daily-checkin' },
      header: {},
    });
    expect(refused.status).toBe(409);
    if (refused.status === 409) expect((await refused.json()).code).toBe('ALREADY_CHECKED_IN');

    const admin = createClient('http://carnival.test', { token: ADMIN_KEY, fetch });
    const clock = await admin.v1.admin.clock.advance.$post({ json: { seconds: 86_400 } });
    if (clock.status === 200) expect((await clock.json()).now).toBe('2026-11-12T02:00:00.000Z');
    expect(clock.status).toBe(200);
  });
});
