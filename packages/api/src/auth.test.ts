import { sign } from 'hono/jwt';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PlayerTokens } from './auth.ts';
import { ADMIN_KEY, CAMPAIGN, harness, problemOf, SECRET } from './testing.ts';

const ME = `/v1/campaigns/${CAMPAIGN}/me`;
const nowSeconds = () => Math.floor(Date.now() / 1000);

afterEach(() => vi.useRealTimers());

describe('player tokens', () => {
  it('refuses a request without a token: 401 with a Bearer challenge', async () => {
    const h = await harness();
    const response = await h.call('GET', ME);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
    expect(await problemOf(response)).toMatchObject({ code: 'UNAUTHORIZED', status: 401, type: 'https://carnival.dev/problems/unauthorized' });
  });

  it.each([
    ['garbage', 'not-a-jwt'],
    ['another secret', sign({ sub: 'p1', exp: nowSeconds() + 60 }, 'some-other-secret', 'HS256')],
    ['another algorithm', sign({ sub: 'p1', exp: nowSeconds() + 60 }, SECRET, 'HS512')],
    ['a sub that is not a player id', sign({ sub: 'p|1', exp: nowSeconds() + 60 }, SECRET, 'HS256')],
    ['no sub', sign({ newCustomer: true, exp: nowSeconds() + 60 }, SECRET, 'HS256')],
    ['a claim of the wrong type', sign({ sub: 'p1', newCustomer: 'yes', exp: nowSeconds() + 60 }, SECRET, 'HS256')],
  ])('refuses a token with %s: 401', async (_, token) => {
    const h = await harness();
    const response = await h.call('GET', ME, { token: await token });
    expect(response.status).toBe(401);
    expect((await problemOf(response)).detail).toMatch(/not valid|does not name/);
  });

  it('refuses a token that never expires, and says so', async () => {
    const h = await harness();
    const response = await h.call('GET', ME, { token: await sign({ sub: 'p1' }, SECRET, 'HS256') });
    expect(response.status).toBe(401);
    expect((await problemOf(response)).detail).toBe('The player token has no expiry (`exp`); the host must sign tokens that expire.');
  });

  it('refuses an expired token and says so', async () => {
    const h = await harness();
    const token = await sign({ sub: 'p1', exp: nowSeconds() - 1 }, SECRET, 'HS256');
    const problem = await problemOf(await h.call('GET', ME, { token }));
    expect(problem).toMatchObject({ code: 'UNAUTHORIZED', detail: 'The player token has expired.' });
  });

  it('stops accepting a cached token once it expires', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.parse('2026-11-11T00:00:00Z'));
    const h = await harness();
    const token = await sign({ sub: 'p1', exp: nowSeconds() + 60 }, SECRET, 'HS256');
    expect((await h.call('GET', ME, { token })).status).toBe(200);
    expect((await h.call('GET', ME, { token })).status).toBe(200);
    vi.setSystemTime(Date.now() + 61_000);
    expect((await h.call('GET', ME, { token })).status).toBe(401);
  });

  it('takes the player and the host claims from the token', async () => {
    const tokens = new PlayerTokens(SECRET);
    const { token } = await tokens.sign({ playerId: 'p-10086', claims: { newCustomer: true, tier: 'gold' } }, 60);
    await expect(tokens.verify(token)).resolves.toEqual({ playerId: 'p-10086', claims: { newCustomer: true, tier: 'gold' } });
  });

  it('keeps its cache bounded and still verifies tokens it evicted', async () => {
    const tokens = new PlayerTokens(SECRET, { cacheSize: 2 });
    const minted = await Promise.all(['a', 'b', 'c'].map((playerId) => tokens.sign({ playerId, claims: {} }, 60)));
    for (const { token } of [...minted, ...minted]) await tokens.verify(token);
    await expect(tokens.verify(minted[0]!.token)).resolves.toMatchObject({ playerId: 'a' });
  });

  it('does not let the admin key act as a player: 403, as a player token on an admin route', async () => {
    const h = await harness();
    const problem = await problemOf(await h.call('GET', ME, { token: ADMIN_KEY }));
    expect(problem).toMatchObject({ code: 'FORBIDDEN', status: 403, detail: 'This route needs a player token; the admin key acts for operators, not for a player.' });
  });
});

describe('admin key', () => {
  const PUBLISH = '/v1/campaigns';

  it('refuses an admin route without credentials: 401', async () => {
    const h = await harness();
    expect(await problemOf(await h.call('GET', '/v1/admin/clock'))).toMatchObject({ code: 'UNAUTHORIZED', status: 401 });
  });

  it('refuses a player token on an admin route: 403', async () => {
    const h = await harness();
    const token = await h.token('p1');
    expect(await problemOf(await h.call('GET', '/v1/admin/clock', { token }))).toMatchObject({ code: 'FORBIDDEN', status: 403 });
    expect(await problemOf(await h.call('POST', PUBLISH, { token, body: {} }))).toMatchObject({ code: 'FORBIDDEN', status: 403 });
  });

  it('refuses a wrong key: 401, before looking at the body', async () => {
    const h = await harness();
    const problem = await problemOf(await h.call('POST', PUBLISH, { token: `${ADMIN_KEY}x`, body: '{not json' }));
    expect(problem).toMatchObject({ code: 'UNAUTHORIZED', detail: 'The admin key is not valid.' });
  });

  it('accepts the admin key', async () => {
    const h = await harness();
    expect((await h.call('GET', '/v1/admin/clock', { token: ADMIN_KEY })).status).toBe(200);
  });
});
