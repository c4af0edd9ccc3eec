import { describe, expect, it } from 'vitest';
import { accounts, type PlayerState, type Receipt } from '@carnival/core';
import { ADMIN_KEY, CAMPAIGN, harness, problemOf } from './testing.ts';

const base = `/v1/campaigns/${CAMPAIGN}`;

describe('idempotency', () => {
  it('replays the first receipt for a retry with the same key and credits once', async () => {
    const h = await harness();
    const token = await h.token('p1');
    const send = () => h.call('POST', `${base}/tasks/daily-checkin/complete`, { token, headers: { 'Idempotency-Key': 'checkin-1111' } });

    const first = await send();
    expect(first.status).toBe(200);
    expect(first.headers.get('idempotency-key')).toBe('checkin-1111');
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    const receipt = (await first.json()) as Receipt;
    expect(receipt).toMatchObject({ key: 'checkin-1111', playerId: 'p1', outcome: { type: 'task.completed', candy: { credited: 20 } } });

    h.clock.advance(60_000);
    const retry = await send();
    expect(retry.status).toBe(200);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(await retry.json()).toEqual(receipt);
    expect(await h.ledger()).toHaveLength(1);
  });

  it('refuses the same key for a different request: IDEMPOTENCY_CONFLICT', async () => {
    const h = await harness();
    const token = await h.token('p1');
    const headers = { 'Idempotency-Key': 'k' };
    await h.call('POST', `${base}/tasks/daily-checkin/complete`, { token, headers });
    const problem = await problemOf(await h.call('POST', `${base}/tasks/share-venue/complete`, { token, headers }));
    expect(problem).toMatchObject({ code: 'IDEMPOTENCY_CONFLICT', status: 409, key: 'k' });
  });

  it('generates and echoes a key when the client sends none', async () => {
    const h = await harness();
    const response = await h.call('POST', `${base}/tasks/share-venue/complete`, { token: await h.token('p1') });
    const key = response.headers.get('idempotency-key');
    expect(key).toMatch(/^[\w-]{21}$/);
    expect(((await response.json()) as Receipt).key).toBe(key);
  });

  it.each([
    ['empty', ''],
    ['too long', 'k'.repeat(129)],
  ])('refuses an %s key with VALIDATION_FAILED', async (_, key) => {
    const h = await harness();
    const problem = await problemOf(await h.call('POST', `${base}/tasks/share-venue/complete`, { token: await h.token('p1'), headers: { 'Idempotency-Key': key } }));
    expect(problem).toMatchObject({ code: 'VALIDATION_FAILED', problems: [{ in: 'header', path: '["Idempotency-Key"]', expected: '1 to 128 printable ASCII characters' }] });
  });

  it('quotes a non-ASCII key as the client wrote it, though HTTP hands its UTF-8 bytes over as Latin-1', async () => {
    const h = await harness();
    // What Node's HTTP server makes of the UTF-8 bytes of 签到-1.
    const asReceived = Buffer.from('签到-1', 'utf8').toString('latin1');
    const problem = await problemOf(await h.call('POST', `${base}/tasks/share-venue/complete`, { token: await h.token('p1'), headers: { 'Idempotency-Key': asReceived } }));
    expect(problem).toMatchObject({ code: 'VALIDATION_FAILED', problems: [{ in: 'header', path: '["Idempotency-Key"]', got: '"签到-1"' }] });
  });
});

describe('tasks', () => {
  it('times a browse visit on the server clock', async () => {
    const h = await harness();
    const token = await h.token('p1');
    const started = await h.call('POST', `${base}/tasks/browse-main-venue/start`, { token });
    expect(await started.json()).toMatchObject({ outcome: { type: 'task.started', readyAt: '2026-11-11T02:00:15.000Z' } });

    h.clock.advance(14_000);
    expect(await problemOf(await h.call('POST', `${base}/tasks/browse-main-venue/complete`, { token }))).toMatchObject({
      code: 'BROWSE_TOO_EARLY',
      secondsRemaining: 1,
    });
    h.clock.advance(1_000);
    const done = await h.call('POST', `${base}/tasks/browse-main-venue/complete`, { token });
    expect(await done.json()).toMatchObject({ outcome: { type: 'task.completed', candy: { credited: 50 } } });
  });

  it('lets the host platform report a host-verified action for a player', async () => {
    const h = await harness();
    const path = `${base}/players/p1/tasks/follow-tmall-supermarket/complete`;
    const response = await h.call('POST', path, { token: ADMIN_KEY, headers: { 'Idempotency-Key': 'follow-p1' } });
    expect(await response.json()).toMatchObject({ playerId: 'p1', outcome: { candy: { credited: 100 } } });
    expect(await problemOf(await h.call('POST', path, { token: await h.token('p1') }))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await problemOf(await h.call('POST', `${base}/players/p%7C1/tasks/follow-tmall-supermarket/complete`, { token: ADMIN_KEY }))).toMatchObject({
      code: 'VALIDATION_FAILED',
      problems: [{ in: 'path', path: 'playerId' }],
    });
  });

  it('never answers the host with a receipt of the player\'s that shares its key', async () => {
    const h = await harness();
    const headers = { 'Idempotency-Key': 'share-1' };
    const mine = await h.call('POST', `${base}/tasks/share-venue/complete`, { token: await h.token('p1'), headers });
    expect(mine.status).toBe(200);
    const hosts = await h.call('POST', `${base}/players/p1/tasks/share-venue/complete`, { token: ADMIN_KEY, headers });
    expect(hosts.headers.get('idempotent-replayed')).toBeNull();
    expect(await problemOf(hosts)).toMatchObject({ code: 'IDEMPOTENCY_CONFLICT', status: 409 });
  });
});

describe('my state and ledger', () => {
  it('shows the player state of the token\'s player', async () => {
    const h = await harness();
    const token = await h.token('p1');
    await h.call('POST', `${base}/tasks/daily-checkin/complete`, { token });
    const state = (await (await h.call('GET', `${base}/me`, { token })).json()) as PlayerState;
    expect(state).toMatchObject({ playerId: 'p1', day: '2026-11-11', candy: { balance: 20, earnedToday: 20 }, phase: { current: 'wave-2' } });
    expect(state.tasks.find((t) => t.id === 'daily-checkin')).toMatchObject({ status: 'done', streak: { days: 1, checkedInToday: true } });
    expect(state.redPackets).toEqual({ balance: 0 });
    for (const box of state.boxes) expect(box).toMatchObject({ open: true, opensAt: null });
  });

  it('lists only my postings, newest first, up to the limit', async () => {
    const h = await harness();
    const [mine, theirs] = [await h.token('p1'), await h.token('p2')];
    for (let i = 0; i < 3; i++) await h.call('POST', `${base}/tasks/share-venue/complete`, { token: mine });
    await h.call('POST', `${base}/tasks/daily-checkin/complete`, { token: theirs });

    const page = (await (await h.call('GET', `${base}/me/ledger?limit=2`, { token: mine })).json()) as { account: string; entries: { to: string; amount: number }[] };
    expect(page.account).toBe(accounts.player('p1').id);
    expect(page.entries).toHaveLength(2);
    expect(page.entries.every((e) => e.to === accounts.player('p1').id && e.amount === 10)).toBe(true);
    const all = (await (await h.call('GET', `${base}/me/ledger`, { token: mine })).json()) as { entries: unknown[] };
    expect(all.entries).toHaveLength(3);
  });

  it.each(['0', '501', 'ten'])('refuses limit=%s', async (limit) => {
    const h = await harness();
    const problem = await problemOf(await h.call('GET', `${base}/me/ledger?limit=${limit}`, { token: await h.token('p1') }));
    expect(problem).toMatchObject({ code: 'VALIDATION_FAILED', problems: [{ in: 'query', path: 'limit', expected: 'an integer from 1 to 500', got: `"${limit}"` }] });
  });
});

describe('invitations', () => {
  it('pays the new-customer reward only when the token vouches for it', async () => {
    const h = await harness();
    const inviter = await h.token('inviter');
    const created = (await (await h.call('POST', `${base}/invitations`, { token: inviter })).json()) as Receipt;
    const code = created.outcome.type === 'invitation.created' ? created.outcome.code : '';

    const fresh = await h.token('fresh', { newCustomer: true });
    const returning = await h.token('returning');
    const accepted = await h.call('POST', `${base}/invitations/accept`, { token: fresh, body: { code } });
    expect(await accepted.json()).toMatchObject({ outcome: { inviterId: 'inviter', newCustomer: true, inviter: { credited: 300 }, friend: { credited: 150 } } });
    const plain = await h.call('POST', `${base}/invitations/accept`, { token: returning, body: { code } });
    expect(await plain.json()).toMatchObject({ outcome: { newCustomer: false, inviter: { credited: 100 }, friend: { credited: 50 } } });

    const state = (await (await h.call('GET', `${base}/me`, { token: inviter })).json()) as PlayerState;
    expect(state.invitations).toMatchObject({ shareCode: code, receivedToday: 2 });
    expect(state.candy.balance).toBe(400);
  });
});

describe('boxes', () => {
  it('opens a box earned by three tasks', async () => {
    const h = await harness();
    const token = await h.token('p1');
    for (let i = 0; i < 3; i++) await h.call('POST', `${base}/tasks/share-venue/complete`, { token });
    const opened = await h.call('POST', `${base}/boxes/surprise-box/open`, { token });
    expect(await opened.json()).toMatchObject({ outcome: { type: 'box.opened', paidWith: 'earned', paidCandy: 0 } });
  });
});
