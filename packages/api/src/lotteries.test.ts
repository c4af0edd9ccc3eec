import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { commands, processIo, type Io } from '@carnival/cli';
import { drawWinners, OPERATOR_ID, type LotteryState, type PublishedDraw, type Receipt, type Ticket } from '@carnival/core';
import { ADMIN_KEY, CAMPAIGN, harness, LOTTERY, LOTTERY_BUDGET, LOTTERY_DRAW, LOTTERY_OPENS, lotteryCampaign, okJson, outcomeOf, problemOf, type Harness } from './testing.ts';

const base = `/v1/campaigns/${CAMPAIGN}`;
const lotteryPath = `${base}/lotteries/${LOTTERY}`;
const DRAW_AT = Date.parse(LOTTERY_DRAW);
const PUBLIC_VALUE = 'drand round 5000000: 9f8e7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c5b4a39281706f5e4d3c2b1a0';
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A harness on the lottery campaign (clock: Double 11, 10:00 in Shanghai, the lottery open), with its requests by name. */
async function lotteryHarness() {
  const h = await harness({ definition: lotteryCampaign() });
  const json = okJson;
  const withKey = (key?: string) => (key ? { headers: { 'Idempotency-Key': key } } : {});
  return {
    ...h,
    json,
    outcomeOf,
    grant: (playerId: string, count: number, key?: string) =>
      h.call('POST', `${base}/players/${playerId}/lotteries/${LOTTERY}/tickets`, { token: ADMIN_KEY, body: { count }, ...withKey(key) }),
    ban: (playerId: string) => h.call('POST', `${base}/players/${playerId}/lotteries/${LOTTERY}/ban`, { token: ADMIN_KEY }),
    draw: (publicValue = PUBLIC_VALUE, key?: string) => h.call('POST', `${lotteryPath}/draw`, { token: ADMIN_KEY, body: { publicValue }, ...withKey(key) }),
    state: async (playerId: string) => json<LotteryState>(h.call('GET', lotteryPath, { token: await h.token(playerId) })),
    /** The published draw, fetched as anyone would: no credentials. */
    published: () => h.call('GET', `${lotteryPath}/draw`),
  };
}

type Lottery = Awaited<ReturnType<typeof lotteryHarness>>;

/** Tickets for six players (amy 3, bob..fay 1 each; eve banned before the freeze), then the clock at `drawAt`. */
async function frozen(l: Lottery) {
  await l.outcomeOf('lottery.tickets', l.grant('amy', 3));
  for (const player of ['bob', 'cat', 'dan', 'eve', 'fay']) await l.outcomeOf('lottery.tickets', l.grant(player, 1));
  expect(await l.outcomeOf('lottery.banned', l.ban('eve'))).toEqual({ type: 'lottery.banned', lotteryId: LOTTERY, playerId: 'eve' });
  l.clock.set(DRAW_AT);
}

/** Runs `carnival verify-draw FILE` in-process, as a user would on the saved response. */
async function verifyDrawFile(text: string) {
  const dir = mkdtempSync(join(tmpdir(), 'carnival-draw-'));
  dirs.push(dir);
  const file = join(dir, 'draw.json');
  writeFileSync(file, text);
  const out = { stdout: '', stderr: '' };
  const io: Io = { ...processIo, stdout: (t) => void (out.stdout += t), stderr: (t) => void (out.stderr += t) };
  const command = commands.find((c) => c.name === 'verify-draw')!;
  return { file, code: await command.run([file], io), ...out };
}

describe('lottery tickets', () => {
  it('come from an entry path (every 3 shares) and host grants; the state shows the commitment while open', async () => {
    const l = await lotteryHarness();
    const amy = await l.token('amy');
    const shares: Receipt[] = [];
    for (let i = 0; i < 3; i++) shares.push(await l.json<Receipt>(l.call('POST', `${base}/tasks/share-venue/complete`, { token: amy })));
    const earned = shares.map((r) => (r.outcome.type === 'task.completed' ? (r.outcome.tickets ?? []) : []));
    expect(earned.map((t) => t.length)).toEqual([0, 0, 1]);
    const [entry] = earned[2]!;
    expect(entry).toMatch(/^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$/);

    const granted = await l.outcomeOf('lottery.tickets', l.grant('amy', 2, 'grant-amy-1'));
    expect(granted).toMatchObject({ type: 'lottery.tickets', lotteryId: LOTTERY });
    expect(granted.tickets).toHaveLength(2);
    const retry = await l.grant('amy', 2, 'grant-amy-1');
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(((await retry.json()) as Receipt).outcome).toEqual(granted);

    const open = await l.state('amy');
    expect(open).toMatchObject({
      id: LOTTERY,
      status: 'open',
      opensAt: new Date(LOTTERY_OPENS).toISOString(),
      drawAt: new Date(LOTTERY_DRAW).toISOString(),
      ticketsHash: null,
      result: null,
      myTickets: [entry, ...granted.tickets],
    });
    expect(open.commitment).toMatch(/^[0-9a-f]{64}$/);
    expect(open.tiers.map((t) => t.id)).toEqual(['grand', 'red']);
    expect((await l.state('bob')).myTickets).toEqual([]);

    // Nothing is published before the draw: the draw route says when it will be.
    const early = await l.published();
    expect(await problemOf(early)).toMatchObject({ code: 'LOTTERY_NOT_DUE', status: 409, lotteryId: LOTTERY, drawAt: new Date(LOTTERY_DRAW).toISOString() });
  });

  it('are validated: a count from 1 to 1000, no other field', async () => {
    const l = await lotteryHarness();
    expect(await problemOf(await l.grant('amy', 0))).toMatchObject({ code: 'VALIDATION_FAILED', problems: [{ path: 'count' }] });
    expect(await problemOf(await l.grant('amy', 1001))).toMatchObject({ code: 'VALIDATION_FAILED', problems: [{ path: 'count' }] });
    const extra = await l.call('POST', `${base}/players/amy/lotteries/${LOTTERY}/tickets`, { token: ADMIN_KEY, body: { count: 1, lotteryId: 'other' } });
    expect(await problemOf(extra)).toMatchObject({ code: 'VALIDATION_FAILED', problems: [{ path: 'lotteryId' }] });
    expect(await problemOf(await l.draw(''))).toMatchObject({ code: 'VALIDATION_FAILED', problems: [{ path: 'publicValue' }] });
    expect(await l.ledger()).toEqual([]);
  });

  it('an unknown lottery is LOTTERY_NOT_FOUND on every route', async () => {
    const l = await lotteryHarness();
    const me = await l.token('amy');
    const nope = `${base}/lotteries/nope`;
    for (const response of [
      await l.call('GET', nope, { token: me }),
      await l.call('GET', `${nope}/draw`),
      await l.call('POST', `${nope}/draw`, { token: ADMIN_KEY, body: { publicValue: 'x' } }),
      await l.call('POST', `${base}/players/amy/lotteries/nope/tickets`, { token: ADMIN_KEY, body: { count: 1 } }),
      await l.call('POST', `${base}/players/amy/lotteries/nope/ban`, { token: ADMIN_KEY }),
    ]) {
      expect(await problemOf(response)).toMatchObject({ code: 'LOTTERY_NOT_FOUND', status: 404, lotteryId: 'nope' });
    }
  });
});

describe('shared carts', () => {
  it('earn clear-cart codes for viewer and owner, once per pair; the codes are lottery tickets', async () => {
    const definition = { ...lotteryCampaign(), sharedCarts: { lottery: LOTTERY, viewerCodes: 1, ownerCodes: 2 } };
    const h = await harness({ definition });
    const [amy, bob] = await Promise.all([h.token('amy'), h.token('bob')]);
    const items = [{ sku: 'maomi-cat-tree', store: 'maomi-pet', title: 'Cat tree', unitPrice: 29900, quantity: 1 }];
    const shared = await outcomeOf('cart.shared', h.call('POST', `${base}/carts/share`, { token: amy, body: { items } }));
    const viewed = await outcomeOf('cart.viewed', h.call('POST', `${base}/carts/view`, { token: bob, body: { code: shared.code } }));
    expect(viewed).toMatchObject({ ownerId: 'amy', items, ownerCodes: 2 });
    expect(viewed.codes).toHaveLength(1);
    expect(await outcomeOf('cart.viewed', h.call('POST', `${base}/carts/view`, { token: bob, body: { code: shared.code } }))).toMatchObject({ codes: [], ownerCodes: 0 });
    const state = (token: string) => okJson<{ myTickets: string[] }>(h.call('GET', lotteryPath, { token }));
    expect((await state(bob)).myTickets).toEqual(viewed.codes);
    expect((await state(amy)).myTickets).toHaveLength(2);
    expect(await problemOf(await h.call('POST', `${base}/carts/view`, { token: bob, body: { code: 'not-a-code' } }))).toMatchObject({ code: 'INVALID_SHARE_CODE', status: 422 });
  });
});

describe('the draw', () => {
  it('is refused before drawAt, and the list is frozen from then on', async () => {
    const l = await lotteryHarness();
    await frozen(l);
    l.clock.set(DRAW_AT - 1);
    expect(await problemOf(await l.draw())).toMatchObject({ code: 'LOTTERY_NOT_DUE', status: 409, drawAt: new Date(LOTTERY_DRAW).toISOString() });
    l.clock.set(DRAW_AT);
    expect(await problemOf(await l.grant('amy', 1))).toMatchObject({ code: 'LOTTERY_NOT_OPEN', status: 409, opensAt: new Date(LOTTERY_OPENS).toISOString() });
    expect(await problemOf(await l.ban('bob'))).toMatchObject({ code: 'LOTTERY_FROZEN', status: 409, drawAt: new Date(LOTTERY_DRAW).toISOString() });
    expect(await l.ledger()).toEqual([]);
  });

  it('publishes the list hash once frozen, draws once, reveals the seed and pays from the budget exactly once', async () => {
    const l = await lotteryHarness();
    const open = await l.state('amy');
    await frozen(l);
    const freeze = await l.state('amy');
    expect(freeze).toMatchObject({ status: 'frozen', commitment: open.commitment, result: null });
    expect(freeze.ticketsHash).toMatch(/^[0-9a-f]{64}$/);
    expect(freeze.myTickets).toHaveLength(3);

    const first = await l.draw(PUBLIC_VALUE, 'draw-1');
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    const receipt = (await first.json()) as Receipt;
    expect(receipt).toMatchObject({ key: 'draw-1', playerId: OPERATOR_ID });
    // Eight tickets less eve's one; five players for four prizes, one win each; the budget pays the grand prize and two red packets.
    expect(receipt.outcome).toEqual({ type: 'lottery.drawn', lotteryId: LOTTERY, ticketsHash: freeze.ticketsHash, tickets: 7, winners: 4, paid: LOTTERY_BUDGET, at: receipt.at });

    // A retry with the same key is the stored receipt; another key (and another value) gets the recorded result.
    const retry = await l.draw(PUBLIC_VALUE, 'draw-1');
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(await retry.json()).toEqual(receipt);
    l.clock.advance(60_000);
    const again = await l.draw('a value chosen after seeing the winners', 'draw-2');
    expect(again.headers.get('idempotent-replayed')).toBeNull();
    expect(((await again.json()) as Receipt).outcome).toEqual(receipt.outcome);

    const drawn = await l.state('amy');
    expect(drawn).toMatchObject({ status: 'drawn', commitment: open.commitment, ticketsHash: freeze.ticketsHash });
    const result = drawn.result!;
    expect(result).toMatchObject({ publicValue: PUBLIC_VALUE, tickets: 7, at: receipt.at });
    expect(sha256(result.seed)).toBe(open.commitment);
    expect(result.winners.map((w) => [w.tier, w.cash, w.unpaid])).toEqual([
      ['grand', 50_000, undefined],
      ['red', 888, undefined],
      ['red', 888, undefined],
      ['red', null, 'budget'],
    ]);
    const winners = result.winners.map((w) => w.playerId);
    expect(new Set(winners).size).toBe(4);
    expect(winners).not.toContain('eve');

    // Paid once: the budget's spent, and one posting per paid winner.
    const { budgets } = await l.json<{ budgets: { id: string; spent: number; left: number }[] }>(l.call('GET', `${base}/budgets`, { token: ADMIN_KEY }));
    expect(budgets.find((b) => b.id === 'lucky-prizes')).toMatchObject({ spent: LOTTERY_BUDGET, left: 0 });
    const prizes = (await l.ledger()).filter((p) => p.reason === 'lottery-prize');
    expect(prizes.map((p) => [p.to, p.amount]).sort()).toEqual(
      result.winners.filter((w) => w.cash !== null).map((w) => [`red-packets|${w.playerId}`, w.cash]).sort(),
    );
  });

  it('is published without credentials, exactly as `carnival verify-draw` reads it, and verifies', async () => {
    const l = await lotteryHarness();
    await frozen(l);
    const receipt = await l.outcomeOf('lottery.drawn', l.draw());
    const response = await l.published();
    expect(response.status).toBe(200);
    const text = await response.text();
    const published = JSON.parse(text) as PublishedDraw & { lotteryId: string };
    expect(published).toMatchObject({ lotteryId: LOTTERY, publicValue: PUBLIC_VALUE, ticketsHash: receipt.ticketsHash, maxWinsPerPlayer: 1 });
    expect(published.prizes).toEqual([
      { tier: 'grand', count: 1 },
      { tier: 'red', count: 3 },
    ]);
    expect(published.tickets).toHaveLength(7);
    expect((published.tickets as readonly Ticket[]).map((t) => t.playerId)).not.toContain('eve');
    const state = await l.state('amy');
    expect(published.commitment).toBe(state.commitment);
    expect(published.winners).toEqual(state.result!.winners.map(({ tier, ticket, playerId }) => ({ tier, ticket, playerId })));
    // The pure draw, recomputed from what is published, gives the same winners.
    expect(drawWinners(published).winners).toEqual(published.winners);

    const verified = await verifyDrawFile(text);
    expect(verified).toMatchObject({ code: 0, stderr: '' });
    expect(verified.stdout).toBe(`${verified.file}: verified (${LOTTERY}): 7 tickets of 5 players, 4 winners, as published\n`);
    // And a tampered copy does not.
    const tampered = await verifyDrawFile(JSON.stringify({ ...published, publicValue: 'another value' }));
    expect(tampered.code).toBe(1);
  });
});

describe('host-only lottery routes', () => {
  // Each at a time the host could call it, so only the guard stands in the way.
  const routes: [string, string, unknown, number][] = [
    ['POST', `${lotteryPath}/draw`, { publicValue: PUBLIC_VALUE }, DRAW_AT],
    ['POST', `${base}/players/amy/lotteries/${LOTTERY}/tickets`, { count: 1 }, DRAW_AT - 1],
    ['POST', `${base}/players/amy/lotteries/${LOTTERY}/ban`, undefined, DRAW_AT - 1],
  ];

  it.each(routes)('%s %s refuses a player token with 403 and writes nothing', async (method, path, body, at) => {
    const l = await lotteryHarness();
    await frozen(l);
    l.clock.set(at);
    const amy = await l.token('amy');
    const snapshot = async () => ({ ledger: await l.ledger(), amy: await l.state('amy'), bob: await l.state('bob') });
    const before = await snapshot();
    const response = await l.call(method, path, { token: amy, ...(body === undefined ? {} : { body }) });
    expect(await problemOf(response)).toMatchObject({ code: 'FORBIDDEN', status: 403 });
    expect(await snapshot()).toEqual(before);
  });

  it('the player route needs a token', async () => {
    const l = await lotteryHarness();
    expect(await problemOf(await l.call('GET', lotteryPath))).toMatchObject({ code: 'UNAUTHORIZED', status: 401 });
  });
});

describe('the lottery routes in the OpenAPI document', () => {
  it('say who may call them; the published draw needs no credentials', async () => {
    const h: Harness = await harness({ dev: false });
    type Operation = { security?: unknown; description?: string; responses: Record<string, { content?: Record<string, { schema: { $ref?: string } }> }> };
    const doc = (await (await h.call('GET', '/openapi.json')).json()) as { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, unknown> } };
    const lottery = '/v1/campaigns/{campaignId}/lotteries/{lotteryId}';
    expect(doc.paths[lottery]!.get!.security).toEqual([{ playerToken: [] }]);
    expect(doc.paths[lottery]!.get!.responses['200']?.content?.['application/json']?.schema.$ref).toBe('#/components/schemas/LotteryState');
    const published = doc.paths[`${lottery}/draw`]!.get!;
    expect(published.security).toBeUndefined();
    expect(published.description).toContain('carnival verify-draw');
    expect(published.responses['200']?.content?.['application/json']?.schema.$ref).toBe('#/components/schemas/PublishedDraw');
    expect(doc.paths[`${lottery}/draw`]!.post!.security).toEqual([{ adminKey: [] }]);
    expect(doc.paths['/v1/campaigns/{campaignId}/players/{playerId}/lotteries/{lotteryId}/tickets']!.post!.security).toEqual([{ adminKey: [] }]);
    expect(doc.paths['/v1/campaigns/{campaignId}/players/{playerId}/lotteries/{lotteryId}/ban']!.post!.security).toEqual([{ adminKey: [] }]);
  });
});
