/**
 * The play API end to end over real HTTP: @hono/node-server on a loopback port, the SQLite
 * store on a temporary file, many requests in flight at once. What the unit tests of each
 * package cannot show: that concurrency through the whole stack keeps one key to one effect and
 * caps exact, and that bad input never writes.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, PlayerTokens } from '@carnival/api';
import { accounts, ManualClock, records, validateCampaign, type PlayerState, type Receipt } from '@carnival/core';
import { openSqliteStore, type SqliteStore } from '@carnival/store-sqlite';
import { shopCampaign } from '../packages/api/src/testing.ts';

const SECRET = 'http-test-player-token-secret';
const ADMIN_KEY = 'http-test-admin-key';
const CAMPAIGN = 'double11-2026';
const base = `/v1/campaigns/${CAMPAIGN}`;
/** The example campaign with the API tests' pricing, beside it under its own id. */
const SHOP = 'double11-shop';
/** A campaign of instant prizes: a jackpot with stock 7, and red packets from a ¥100 budget. */
const PRIZES = 'prize-draws';
const JACKPOT_STOCK = 7;
const RED_PACKET_BUDGET = 10_000;

let dir: string;
let store: SqliteStore;
let server: ServerType;
let url: string;
const tokens = new PlayerTokens(SECRET);
const token = async (playerId: string) => (await tokens.sign({ playerId, claims: {} }, 3600)).token;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'carnival-http-'));
  store = openSqliteStore({ path: join(dir, 'carnival.db') });
  const checked = validateCampaign(JSON.parse(readFileSync(new URL('../examples/double11-cat-candy.json', import.meta.url), 'utf8')));
  if (!checked.ok) throw new Error('the example campaign is invalid');
  await store.publish(checked.value);
  await store.publish({ ...shopCampaign(), id: SHOP });
  const prizes = validateCampaign({
    id: PRIZES,
    name: 'Prize draws',
    timezone: 'Asia/Shanghai',
    currency: 'CNY',
    phases: [{ id: 'festival', name: 'Festival', start: '2026-11-01T00:00:00+08:00', end: '2026-11-12T00:00:00+08:00' }],
    tasks: [{ id: 'tap', kind: 'action', verifiedBy: 'player', title: 'Tap', reward: { candy: 1 }, limits: { perDay: 10 } }],
    budgets: [{ id: 'cash', title: 'Red packets', amount: RED_PACKET_BUDGET }],
    boxes: [
      {
        id: 'jackpot',
        title: 'Jackpot box',
        earn: { everyTasks: 1 },
        // The jackpot is all but certain to be drawn while it lasts: only its stock stops it.
        rewards: [
          { id: 'jackpot', weight: 1_000_000, stock: JACKPOT_STOCK, reward: { prize: 'Cat plush' } },
          { id: 'thanks', weight: 1, reward: {} },
        ],
      },
      {
        id: 'red',
        title: 'Red packet',
        earn: { everyTasks: 1 },
        budget: 'cash',
        rewards: [
          { id: 'red-1', weight: 1, reward: { cash: 100 } },
          { id: 'red-3', weight: 1, reward: { cash: 300 } },
        ],
      },
    ],
  });
  if (!prizes.ok) throw new Error(JSON.stringify(prizes.problems));
  await store.publish(prizes.value, { seed: 'prize-draws-seed' });
  const clock = new ManualClock(Date.parse('2026-11-11T10:00:00+08:00'));
  const app = createApp({ store, clock, manualClock: clock, playerTokenSecret: SECRET, adminKey: ADMIN_KEY });
  url = await new Promise<string>((resolve) => {
    server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info: AddressInfo) => resolve(`http://127.0.0.1:${info.port}`));
  });
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

// A stream body needs `duplex: 'half'` in Node's fetch, which the DOM's RequestInit type lacks.
const post = (path: string, bearer: string, init: { body?: RequestInit['body']; headers?: Record<string, string> } = {}) =>
  fetch(`${url}${path}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${bearer}`, ...init.headers },
    ...(init.body === undefined ? {} : { body: init.body, duplex: 'half' }),
  } as RequestInit);

const stateOf = async (bearer: string) => (await (await fetch(`${url}${base}/me`, { headers: { Authorization: `Bearer ${bearer}` } })).json()) as PlayerState;
const wholeLedger = () => store.ledger(CAMPAIGN, { limit: 100_000 });

describe('over HTTP, concurrently', () => {
  it('gives 100 simultaneous requests with one Idempotency-Key one effect and one receipt', async () => {
    const me = await token('retrier');
    const responses = await Promise.all(
      Array.from({ length: 100 }, () => post(`${base}/tasks/daily-checkin/complete`, me, { headers: { 'Idempotency-Key': 'one-checkin' } })),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(100).fill(200));
    expect(responses.filter((r) => r.headers.get('idempotent-replayed') === 'true')).toHaveLength(99);
    const bodies = await Promise.all(responses.map((r) => r.text()));
    expect(new Set(bodies).size).toBe(1);
    expect((JSON.parse(bodies[0]!) as Receipt).outcome).toMatchObject({ type: 'task.completed', candy: { credited: 20 } });

    const postings = await store.ledger(CAMPAIGN, { account: accounts.player('retrier').id });
    expect(postings).toHaveLength(1);
    expect((await stateOf(me)).candy.balance).toBe(20);
  });

  it('holds an inviter to exactly 10 assists a day against 100 simultaneous friends', async () => {
    const inviter = await token('popular');
    const created = (await (await post(`${base}/invitations`, inviter)).json()) as Receipt;
    const code = created.outcome.type === 'invitation.created' ? created.outcome.code : '';
    const friends = await Promise.all(Array.from({ length: 100 }, (_, i) => token(`friend-${i}`)));

    const responses = await Promise.all(
      friends.map((friend) => post(`${base}/invitations/accept`, friend, { body: JSON.stringify({ code }), headers: { 'Content-Type': 'application/json' } })),
    );
    const bodies = (await Promise.all(responses.map((r) => r.json()))) as { code?: string }[];
    expect(responses.filter((r) => r.status === 200)).toHaveLength(10);
    expect(responses.filter((r) => r.status === 409)).toHaveLength(90);
    expect(bodies.filter((b) => b.code === 'INVITER_DAILY_CAP')).toHaveLength(90);
    expect(responses.filter((r) => r.status === 409).every((r) => r.headers.get('content-type') === 'application/problem+json')).toBe(true);

    const state = await stateOf(inviter);
    expect(state.candy.balance).toBe(10 * 100);
    expect(state.invitations?.receivedToday).toBe(10);
    expect(await store.ledger(CAMPAIGN, { account: accounts.player('popular').id })).toHaveLength(10);
  });
});

describe('over HTTP, instant draws against stock and a budget', () => {
  /** 500 players who each earned one box of each kind. */
  async function boxOpeners(prefix: string): Promise<string[]> {
    const players = await Promise.all(Array.from({ length: 500 }, (_, i) => token(`${prefix}-${i}`)));
    const taps = await Promise.all(players.map((p) => post(`/v1/campaigns/${PRIZES}/tasks/tap/complete`, p)));
    expect(taps.every((r) => r.status === 200)).toBe(true);
    return players;
  }

  it(`awards exactly ${JACKPOT_STOCK} jackpots to 500 simultaneous draws`, async () => {
    const players = await boxOpeners('jackpot');
    const responses = await Promise.all(players.map((p) => post(`/v1/campaigns/${PRIZES}/boxes/jackpot/open`, p)));
    expect(responses.map((r) => r.status)).toEqual(Array(500).fill(200));
    const outcomes = ((await Promise.all(responses.map((r) => r.json()))) as Receipt[]).map((r) => r.outcome);
    expect(outcomes.filter((o) => o.type === 'box.opened' && o.rewardId === 'jackpot')).toHaveLength(JACKPOT_STOCK);
    expect(outcomes.filter((o) => o.type === 'box.opened' && o.rewardId === 'thanks')).toHaveLength(500 - JACKPOT_STOCK);
  });

  it('never pays more than a ¥100 budget to 500 simultaneous red-packet draws, and says why the rest got nothing', async () => {
    const players = await boxOpeners('red');
    const responses = await Promise.all(players.map((p) => post(`/v1/campaigns/${PRIZES}/boxes/red/open`, p)));
    const bodies = (await Promise.all(responses.map((r) => r.json()))) as (Receipt & { code?: string; reason?: string })[];
    // Opened and paid, or refused once the budget can pay no packet: nothing taken for it.
    const opened = bodies.filter((_, i) => responses[i]!.status === 200).map((b) => b.outcome);
    const refused = bodies.filter((_, i) => responses[i]!.status === 409);
    expect(opened.length + refused.length).toBe(500);
    let paid = 0;
    for (const o of opened) if (o.type === 'box.opened') paid += o.cash ?? 0;
    expect(paid).toBeLessThanOrEqual(RED_PACKET_BUDGET);
    // ¥1 and ¥3 packets: at most ¥2 of the budget can be left when a ¥3 draw is turned away.
    expect(paid).toBeGreaterThan(RED_PACKET_BUDGET - 300);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every((b) => b.code === 'BOX_EMPTY' && b.reason === 'budget')).toBe(true);
    expect(opened.every((o) => o.type === 'box.opened' && o.cash !== null)).toBe(true);

    const budgets = await fetch(`${url}/v1/campaigns/${PRIZES}/budgets`, { headers: { Authorization: `Bearer ${ADMIN_KEY}` } });
    expect(await budgets.json()).toEqual({ budgets: [{ id: 'cash', title: 'Red packets', amount: RED_PACKET_BUDGET, spent: paid, reserved: 0, left: RED_PACKET_BUDGET - paid }] });
    const postings = await store.ledger(PRIZES, { account: accounts.budget('cash').id, limit: 1000 });
    expect(postings.reduce((sum, e) => sum + e.amount, 0)).toBe(paid);
  });
});

describe('over HTTP, one coupon instance, many checkouts', () => {
  const shop = `/v1/campaigns/${SHOP}`;
  const kettle = { lines: [{ sku: 'kettle', store: 'S1', unitPrice: 15000, quantity: 1 }] };
  const checkout = (bearer: string, key: string) =>
    post(`${shop}/orders`, bearer, { body: JSON.stringify({ cart: kettle, coupons: ['S1-100-20#1'] }), headers: { 'Content-Type': 'application/json', 'Idempotency-Key': key } });

  it('lets exactly one of 20 simultaneous orders reserve it; cancelling that order frees it', async () => {
    const me = await token('bargain-hunter');
    expect((await post(`${shop}/coupons/S1-100-20/claim`, me)).status).toBe(200);

    const responses = await Promise.all(Array.from({ length: 20 }, (_, i) => checkout(me, `checkout-${i}`)));
    const bodies = (await Promise.all(responses.map((r) => r.json()))) as (Receipt & { code?: string; orderId?: string })[];
    expect(responses.filter((r) => r.status === 200)).toHaveLength(1);
    expect(responses.filter((r) => r.status === 409)).toHaveLength(19);
    const winner = bodies.find((b) => b.outcome)!.outcome;
    if (winner.type !== 'order.created') throw new Error(`Expected an order, got ${winner.type}`);
    expect(winner).toMatchObject({ payable: 13000, coupons: ['S1-100-20#1'] });
    expect(bodies.filter((b) => b.code === 'COUPON_ALREADY_RESERVED' && b.orderId === winner.orderId)).toHaveLength(19);
    expect(await store.read(SHOP, (view) => view.record('bargain-hunter', records.openOrders))).toEqual([winner.orderId]);

    expect((await post(`${shop}/orders/${winner.orderId}/cancel`, me)).status).toBe(200);
    const again = await checkout(me, 'checkout-after-cancel');
    expect(again.status).toBe(200);
    expect(((await again.json()) as Receipt).outcome).toMatchObject({ type: 'order.created', coupons: ['S1-100-20#1'] });
  });
});

describe('over HTTP, bad input', () => {
  const json = { 'Content-Type': 'application/json' };
  const oversized = JSON.stringify({ code: 'x'.repeat(70_000) });
  const chunked = () =>
    new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 10; i++) controller.enqueue(new TextEncoder().encode('x'.repeat(8_000)));
        controller.close();
      },
    });

  const cases: [string, (me: string) => Promise<Response>, number, string][] = [
    ['malformed JSON', (me) => post(`${base}/invitations/accept`, me, { body: '{"code":', headers: json }), 400, 'MALFORMED_JSON'],
    ['a wrong type', (me) => post(`${base}/invitations/accept`, me, { body: JSON.stringify({ code: 42 }), headers: json }), 422, 'VALIDATION_FAILED'],
    ['an unknown field', (me) => post(`${base}/invitations/accept`, me, { body: JSON.stringify({ code: 'abc', newCustomer: true }), headers: json }), 422, 'VALIDATION_FAILED'],
    ['an unknown campaign', (me) => post('/v1/campaigns/no-such-festival/tasks/daily-checkin/complete', me), 404, 'CAMPAIGN_NOT_FOUND'],
    ['an unknown task', (me) => post(`${base}/tasks/no-such-task/complete`, me), 404, 'TASK_NOT_FOUND'],
    ['an unknown box', (me) => post(`${base}/boxes/no-such-box/open`, me), 404, 'BOX_NOT_FOUND'],
    ['an oversized body', (me) => post(`${base}/invitations/accept`, me, { body: oversized, headers: json }), 413, 'PAYLOAD_TOO_LARGE'],
    ['an oversized chunked body', (me) => post(`${base}/invitations/accept`, me, { body: chunked(), headers: json }), 413, 'PAYLOAD_TOO_LARGE'],
    ['a form body', (me) => post(`${base}/invitations/accept`, me, { body: 'code=abc', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } }), 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['no token', () => fetch(`${url}${base}/tasks/daily-checkin/complete`, { method: 'POST' }), 401, 'UNAUTHORIZED'],
  ];

  it.each(cases)('answers %s with a problem and writes nothing', async (_, send, status, code) => {
    const me = await token('careless');
    const before = { ledger: await wholeLedger(), state: await stateOf(me) };
    const response = await send(me);
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(await response.json()).toMatchObject({ code, status });
    expect(await wholeLedger()).toEqual(before.ledger);
    expect(await stateOf(me)).toEqual(before.state);
  });
});
