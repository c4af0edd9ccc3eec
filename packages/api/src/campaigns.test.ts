import { describe, expect, it } from 'vitest';
import { ADMIN_KEY, CAMPAIGN, exampleCampaign, harness, LOTTERY, LOTTERY_DRAW, lotteryCampaign, problemOf } from './testing.ts';

const publish = (h: Awaited<ReturnType<typeof harness>>, body: unknown) => h.call('POST', '/v1/campaigns', { token: ADMIN_KEY, body });

describe('reading campaigns', () => {
  it('lists published campaigns without credentials', async () => {
    const h = await harness();
    const response = await h.call('GET', '/v1/campaigns');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      campaigns: [{ id: CAMPAIGN, name: exampleCampaign().name, version: 1, publishedAt: expect.any(String) }],
    });
  });

  it('gives the public definition and version, never the seed', async () => {
    const h = await harness();
    const response = await h.call('GET', `/v1/campaigns/${CAMPAIGN}`);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({ campaignId: CAMPAIGN, version: 1, definition: exampleCampaign() });
    expect(text).not.toContain('test-seed');
  });

  it('answers an unknown campaign with CAMPAIGN_NOT_FOUND', async () => {
    const h = await harness();
    const token = await h.token('p1');
    for (const path of ['/v1/campaigns/nope', '/v1/campaigns/nope/me', '/v1/campaigns/nope/me/ledger']) {
      expect(await problemOf(await h.call('GET', path, { token }))).toMatchObject({ code: 'CAMPAIGN_NOT_FOUND', status: 404, campaignId: 'nope' });
    }
  });
});

describe('publishing', () => {
  it('creates a version (201), is idempotent for the same definition (200), and versions a change', async () => {
    const h = await harness();
    const definition = { ...exampleCampaign(), id: 'singles-day' };
    const first = await publish(h, definition);
    expect(first.status).toBe(201);
    expect(await first.json()).toEqual({ campaignId: 'singles-day', version: 1, created: true });

    const again = await publish(h, definition);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ campaignId: 'singles-day', version: 1, created: false });

    const changed = await publish(h, { ...definition, name: 'Singles Day, revised' });
    expect(await changed.json()).toEqual({ campaignId: 'singles-day', version: 2, created: true });
  });

  it('refuses, from its drawAt on, a version that changes a lottery (409 LOTTERY_FROZEN)', async () => {
    const h = await harness({ definition: lotteryCampaign() });
    h.clock.set(Date.parse(LOTTERY_DRAW));
    const lotteries = lotteryCampaign().lotteries.map((l) => ({ ...l, maxWinsPerPlayer: 3 }));
    const refused = await publish(h, { ...lotteryCampaign(), lotteries });
    expect(await problemOf(refused)).toMatchObject({ status: 409, code: 'LOTTERY_FROZEN', lotteryId: LOTTERY, drawAt: new Date(LOTTERY_DRAW).toISOString() });
    // The rest of the campaign may still change.
    expect((await publish(h, { ...lotteryCampaign(), name: 'Renamed' })).status).toBe(201);
  });

  it('lists schema problems with their paths as 422 VALIDATION_FAILED', async () => {
    const h = await harness();
    const definition = structuredClone(exampleCampaign()) as unknown as { tasks: Record<string, unknown>[]; colour?: string };
    definition.tasks[1]!.reward = { candy: -5 };
    definition.colour = 'red';
    const problem = await problemOf(await publish(h, definition));
    expect(problem).toMatchObject({ code: 'VALIDATION_FAILED', status: 422 });
    expect(problem.problems).toEqual([
      { in: 'body', path: 'tasks[1].reward.candy', expected: 'a positive integer', got: '-5' },
      { in: 'body', path: 'colour', expected: 'no such field (check its spelling)', got: '"red"' },
    ]);
  });

  it('lists what the schema cannot see: duplicate ids and unknown phases', async () => {
    const h = await harness();
    const definition = exampleCampaign();
    definition.tasks[2] = { ...definition.tasks[2]!, id: definition.tasks[0]!.id };
    definition.boxes[0]!.phases = ['wave-9'];
    const problem = await problemOf(await publish(h, definition));
    expect(problem.problems).toEqual([
      { in: 'body', path: 'tasks[2].id', expected: expect.stringContaining('tasks[0] has it'), got: '"daily-checkin"' },
      { in: 'body', path: 'boxes[0].phases[0]', expected: expect.stringContaining('one of the phase ids'), got: '"wave-9"' },
    ]);
    expect(((await (await h.call('GET', '/v1/campaigns')).json()) as { campaigns: unknown[] }).campaigns).toHaveLength(1);
  });

  it('accepts definitions up to 1 MiB, more than play routes take', async () => {
    const h = await harness();
    const definition = exampleCampaign();
    definition.id = 'long-read';
    definition.tasks[0]!.description = 'x'.repeat(200_000);
    expect((await publish(h, definition)).status).toBe(201);

    definition.tasks[0]!.description = 'x'.repeat(1_100_000);
    expect(await problemOf(await publish(h, definition))).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', limit: 1_048_576 });
  });

  it('needs a JSON body', async () => {
    const h = await harness();
    expect(await problemOf(await publish(h, '{"id": '))).toMatchObject({ code: 'MALFORMED_JSON', status: 400 });
    expect(await problemOf(await publish(h, 'null'))).toMatchObject({ code: 'VALIDATION_FAILED', problems: [{ in: 'body', path: '', expected: 'an object', got: 'null' }] });
  });

  it('refuses a key written twice, as the CLI refuses the file, and only from the admin', async () => {
    const h = await harness();
    const text = JSON.stringify(exampleCampaign()).replace('"wallet":{', '"wallet":{"dailyEarnCap":1,');
    expect(text).toMatch(/"wallet":\{"dailyEarnCap":1,.*"dailyEarnCap"/);
    expect(await problemOf(await publish(h, text))).toMatchObject({
      code: 'VALIDATION_FAILED',
      problems: [{ in: 'body', path: 'wallet.dailyEarnCap', expected: 'each key once in an object', got: expect.stringMatching(/^"dailyEarnCap" again at line 1, column \d+ \(JSON would keep only the last\)$/) }],
    });
    expect((await h.call('POST', '/v1/campaigns', { token: 'not the admin key', body: text })).status).toBe(401);
    // Whatever the case of a JSON media type; a body no JSON reader takes is refused as before.
    const as = (type: string) => h.call('POST', '/v1/campaigns', { token: ADMIN_KEY, body: text, headers: { 'Content-Type': type } });
    expect(await problemOf(await as('Application/JSON; charset=utf-8'))).toMatchObject({ code: 'VALIDATION_FAILED', problems: [{ path: 'wallet.dailyEarnCap' }] });
    expect(await problemOf(await as('text/json'))).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE' });
    expect((await publish(h, text.replace('"dailyEarnCap":1,', ''))).status).toBe(200);
  });
});
