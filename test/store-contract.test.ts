/**
 * The store contract: what every `Store` promises, run unchanged against each store factory.
 */
import {
  accounts,
  CAMPAIGN,
  campaignCounters,
  counters,
  OPERATOR_ID,
  POOL_BATCH,
  postedBalances,
  PublishRefused,
  runPoolSettle,
  type Command,
  type CommandResult,
  type Receipt,
  type Store,
} from '@carnival/core';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  BOX_PRICE,
  campaignDefinition,
  CONTRACT_INVITER_CAP,
  CONTRACT_NOW,
  CONTRACT_SEED,
  CONTRACT_SETTLE,
  CONTRACT_POOL,
  COUPON_STOCK,
  DAY,
  JACKPOT_STOCK,
  MINUTE,
  Sender,
  cmd,
  contractCampaign,
  isFresh,
  isoOf,
  ledgerAccounts,
  observe,
  playerStates,
 
  receiptOf,
  refusal,
  storedBalances,
  wholeLedger,
} from './fixtures.ts';
import { storeFactories } from './stores.ts';

const PUBLISHED_AT = Date.parse('2026-10-30T09:00:00+08:00');
const CONCURRENCY = 50;
const POOL_PLAYERS = 2 * POOL_BATCH + 100;
const tap = cmd.complete('tap');

const fresh = (results: readonly CommandResult[]) => results.filter(isFresh);
const receipts = (results: readonly CommandResult[]): Receipt[] => results.map(receiptOf);
const times = <T>(n: number, make: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => make(i));

describe.each(storeFactories)('store contract: $name', (factory) => {
  let store: Store;
  beforeEach(async () => {
    store = await factory.open();
  });
  afterEach(async () => {
    await store.close();
  });
  afterAll(() => factory.cleanup());

  /** Publishes the contract campaign and returns a sender for it, inside its festival. */
  async function festival(options: Parameters<typeof contractCampaign>[0] = {}): Promise<Sender> {
    const definition = contractCampaign(options);
    await store.publish(definition, { seed: CONTRACT_SEED, now: PUBLISHED_AT });
    return new Sender(store, definition.id, CONTRACT_NOW);
  }

  describe('publish', () => {
    it('publishes a new campaign as version 1, with the seed it was given', async () => {
      const definition = contractCampaign();
      expect(await store.publish(definition, { seed: CONTRACT_SEED, now: PUBLISHED_AT })).toEqual({
        campaignId: definition.id,
        version: 1,
        created: true,
      });
      const campaign = await store.campaign(definition.id);
      expect(campaign?.version).toBe(1);
      expect(campaign?.seed).toBe(CONTRACT_SEED);
      expect(campaign?.definition).toEqual(definition);
      expect([...(campaign?.tasks.keys() ?? [])]).toEqual(['tap', 'subscribe', 'follow']);
    });

    it('is idempotent: the same definition again creates nothing', async () => {
      const definition = contractCampaign();
      await store.publish(definition, { seed: CONTRACT_SEED, now: PUBLISHED_AT });
      const again = await store.publish(contractCampaign(), { seed: 'another-seed', now: PUBLISHED_AT + MINUTE });
      expect(again).toEqual({ campaignId: definition.id, version: 1, created: false });
      expect(await store.campaigns()).toEqual([{ id: definition.id, name: definition.name, version: 1, publishedAt: isoOf(PUBLISHED_AT) }]);
      expect((await store.campaign(definition.id))?.seed).toBe(CONTRACT_SEED);
    });

    it('publishes a changed definition as version 2 and keeps the first seed', async () => {
      await store.publish(contractCampaign(), { seed: CONTRACT_SEED, now: PUBLISHED_AT });
      const changed = contractCampaign({ name: 'Contract festival, extended', tapReward: 7 });
      expect(await store.publish(changed, { seed: 'another-seed' })).toEqual({ campaignId: changed.id, version: 2, created: true });
      expect(await store.publish(changed, { seed: 'yet-another-seed' })).toEqual({ campaignId: changed.id, version: 2, created: false });
      const latest = await store.campaign(changed.id);
      expect(latest?.version).toBe(2);
      expect(latest?.definition).toEqual(changed);
      expect(latest?.seed).toBe(CONTRACT_SEED);
    });

    it('refuses a version that changes a lottery whose drawAt has come, and keeps the latest', async () => {
      const lottery = { id: 'draw', title: 'Draw', opensAt: '2026-11-01T00:00:00+08:00', drawAt: '2026-11-11T20:00:00+08:00', publicValue: 'drand round 5,000,000', tiers: [{ id: 'one', title: 'One', count: 1, reward: { prize: 'A cat' } }] };
      const drawAt = Date.parse(lottery.drawAt);
      const withLottery = (changes: object, name?: string) => campaignDefinition({ ...contractCampaign({ name }), lotteries: [{ ...lottery, ...changes }] });
      await store.publish(withLottery({}), { seed: CONTRACT_SEED, now: drawAt - DAY });
      // Before drawAt it may change; from drawAt on it is final.
      expect(await store.publish(withLottery({ maxWinsPerPlayer: 2 }), { now: drawAt - 1 })).toMatchObject({ version: 2, created: true });
      const refused = await store.publish(withLottery({ maxWinsPerPlayer: 3 }), { now: drawAt }).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(PublishRefused);
      expect((refused as PublishRefused).error).toEqual({ code: 'LOTTERY_FROZEN', lotteryId: 'draw', drawAt: new Date(drawAt).toISOString() });
      expect((await store.campaign('contract-fest'))?.version).toBe(2);
      expect(await store.publish(withLottery({ maxWinsPerPlayer: 2 }, 'Renamed'), { now: drawAt + DAY })).toMatchObject({ version: 3, created: true });
    });

    it('generates a fresh secret seed when none is given, and keeps it across versions', async () => {
      await store.publish(contractCampaign());
      await store.publish(contractCampaign({ id: 'other-fest' }));
      const seed = (await store.campaign('contract-fest'))?.seed;
      expect(seed?.length).toBeGreaterThanOrEqual(32);
      expect((await store.campaign('other-fest'))?.seed).not.toBe(seed);
      await store.publish(contractCampaign({ tapReward: 2 }), { seed: CONTRACT_SEED });
      expect((await store.campaign('contract-fest'))?.seed).toBe(seed);
    });

    it('lists every campaign with its latest version', async () => {
      expect(await store.campaigns()).toEqual([]);
      await store.publish(contractCampaign({ id: 'alpha', name: 'Alpha' }), { now: PUBLISHED_AT });
      await store.publish(contractCampaign({ id: 'beta', name: 'Beta' }), { now: PUBLISHED_AT + MINUTE });
      await store.publish(contractCampaign({ id: 'alpha', name: 'Alpha II' }), { now: PUBLISHED_AT + 2 * MINUTE });
      const listed = [...(await store.campaigns())].sort((a, b) => a.id.localeCompare(b.id));
      expect(listed).toEqual([
        { id: 'alpha', name: 'Alpha II', version: 2, publishedAt: isoOf(PUBLISHED_AT + 2 * MINUTE) },
        { id: 'beta', name: 'Beta', version: 1, publishedAt: isoOf(PUBLISHED_AT + MINUTE) },
      ]);
    });

    it('knows nothing of a campaign never published', async () => {
      await festival();
      expect(await store.campaign('no-such-fest')).toBeUndefined();
      const elsewhere = new Sender(store, 'no-such-fest', CONTRACT_NOW);
      expect(await elsewhere.send('ann', tap)).toEqual(refusal({ code: 'CAMPAIGN_NOT_FOUND', campaignId: 'no-such-fest' }));
      expect(await store.ledger('no-such-fest')).toEqual([]);
    });
  });

  describe('execute', () => {
    it('answers with a receipt and applies its effects', async () => {
      const send = await festival();
      const request = send.request('ann', tap);
      const result = await store.execute(request);
      const receipt: Receipt = {
        key: request.key,
        campaignId: 'contract-fest',
        playerId: 'ann',
        version: 1,
        at: isoOf(CONTRACT_NOW),
        outcome: { type: 'task.completed', taskId: 'tap', candy: { requested: 1, credited: 1 }, boxesEarned: ['lucky'] },
      };
      expect(result).toEqual({ ok: true, receipt, replayed: false });
      expect(await wholeLedger(store, 'contract-fest')).toEqual([
        { campaignId: 'contract-fest', version: 1, playerId: 'ann', commandKey: request.key, from: accounts.issuance.id, to: accounts.player('ann').id, amount: 1, reason: 'task', memo: 'tap', at: isoOf(CONTRACT_NOW) },
      ]);
      expect(await storedBalances(store, 'contract-fest', ledgerAccounts(['ann']))).toEqual({ issuance: -1, redeemed: 0, 'player|ann': 1 });
    });

    it('refuses, writing nothing, a command that would take a balance past exact integers', async () => {
      // A task paying 10^13 candy, the most a definition allows: 900 credits reach 9 × 10^15 of 2^53 − 1.
      const mint = campaignDefinition({
        ...contractCampaign({ id: 'big-mint' }),
        tasks: [{ id: 'mint', kind: 'action', verifiedBy: 'player', title: 'Mint', reward: { candy: 10 ** 13 }, limits: { perDay: 1000 } }],
      });
      await store.publish(mint, { seed: CONTRACT_SEED, now: PUBLISHED_AT });
      const send = new Sender(store, 'big-mint', CONTRACT_NOW);
      for (let i = 0; i < 900; i++) receiptOf(await send.send('ann', cmd.complete('mint')));
      const before = await observe(store, 'big-mint', ['ann'], CONTRACT_NOW);
      expect(await send.send('ann', cmd.complete('mint'))).toEqual({ ok: false, error: { code: 'BEYOND_EXACT_INTEGERS', account: accounts.issuance.id } });
      expect(await observe(store, 'big-mint', ['ann'], CONTRACT_NOW)).toEqual(before);
      expect(before.balances).toMatchObject({ issuance: -9 * 10 ** 15, 'player|ann': 9 * 10 ** 15 });
    });

    it('replays a retried key: the identical receipt, and nothing new', async () => {
      const send = await festival();
      const request = send.request('ann', tap);
      const first = receiptOf(await store.execute(request));
      // The retry arrives later, after another command; it is still the same command.
      await send.receipt('ann', tap);
      const before = await observe(store, 'contract-fest', ['ann'], CONTRACT_NOW);
      expect(await store.execute({ ...request, now: CONTRACT_NOW + 5 * MINUTE })).toEqual({ ok: true, receipt: first, replayed: true });
      expect(await observe(store, 'contract-fest', ['ann'], CONTRACT_NOW)).toEqual(before);
    });

    it('refuses the same key with another payload, and writes nothing', async () => {
      const send = await festival();
      const request = send.request('ann', tap);
      const first = receiptOf(await store.execute(request));
      const before = await observe(store, 'contract-fest', ['ann'], CONTRACT_NOW);
      expect(await store.execute({ ...request, command: cmd.complete('subscribe') })).toEqual(
        refusal({ code: 'IDEMPOTENCY_CONFLICT', key: request.key }),
      );
      expect(await observe(store, 'contract-fest', ['ann'], CONTRACT_NOW)).toEqual(before);
      expect(await store.execute(request)).toEqual({ ok: true, receipt: first, replayed: true });
    });

    it('replays for a day, then refuses a retry as expired without running it again', async () => {
      const send = await festival();
      const request = send.request('ann', tap);
      const first = receiptOf(await store.execute(request));
      expect(await store.execute({ ...request, now: CONTRACT_NOW + DAY - 1 })).toEqual({ ok: true, receipt: first, replayed: true });
      // Another command a day later lets a store forget the first receipt; the key stays used.
      await store.execute({ ...send.request('bob', tap), now: CONTRACT_NOW + DAY });
      const before = await observe(store, 'contract-fest', ['ann'], CONTRACT_NOW);
      const expired = refusal({ code: 'IDEMPOTENCY_KEY_EXPIRED', key: request.key, ranAt: isoOf(CONTRACT_NOW) });
      expect(await store.execute({ ...request, now: CONTRACT_NOW + DAY })).toEqual(expired);
      expect(await store.execute({ ...request, now: CONTRACT_NOW + 2 * DAY })).toEqual(expired);
      expect(await store.execute({ ...request, command: cmd.complete('subscribe'), now: CONTRACT_NOW + DAY })).toEqual(
        refusal({ code: 'IDEMPOTENCY_CONFLICT', key: request.key }),
      );
      expect(await observe(store, 'contract-fest', ['ann'], CONTRACT_NOW)).toEqual(before);
    });

    it('scopes idempotency keys to the player', async () => {
      const send = await festival();
      const request = send.request('ann', tap);
      await store.execute(request);
      const bob = await store.execute({ ...request, playerId: 'bob' });
      expect(bob).toMatchObject({ ok: true, replayed: false, receipt: { playerId: 'bob', key: request.key } });
      expect(await storedBalances(store, 'contract-fest', ledgerAccounts(['ann', 'bob']))).toMatchObject({ 'player|ann': 1, 'player|bob': 1 });
    });

    it('writes nothing for a refusal, and does not remember its key', async () => {
      const send = await festival();
      await send.receipt('ann', cmd.complete('subscribe'));
      await send.receipt('ann', cmd.open('lucky'));
      const code = (await send.receipt('ann', cmd.share())).outcome;
      if (code.type !== 'invitation.created') throw new Error('expected a share code');
      const before = await observe(store, 'contract-fest', ['ann', 'bob'], CONTRACT_NOW);

      const hostOnly = send.request('ann', cmd.complete('follow'));
      const refused: [CommandResult, CommandResult][] = [
        [await store.execute(hostOnly), refusal({ code: 'HOST_VERIFIED_TASK', taskId: 'follow' })],
        [await send.send('ann', cmd.complete('ghost')), refusal({ code: 'TASK_NOT_FOUND', taskId: 'ghost' })],
        [await send.send('ann', cmd.complete('subscribe')), refusal({ code: 'TOTAL_LIMIT_REACHED', subject: 'task "subscribe"', limit: 1 })],
        [await send.send('ann', cmd.start('tap')), refusal({ code: 'WRONG_TASK_KIND', taskId: 'tap', kind: 'action', expected: 'browse' })],
        [await send.send('ann', cmd.open('lucky')), refusal({ code: 'INSUFFICIENT_CANDY', needed: BOX_PRICE, balance: 5 })],
        [await send.send('ann', cmd.open('chest')), refusal({ code: 'BOX_NOT_FOUND', boxId: 'chest' })],
        [await send.send('ann', cmd.accept(code.code)), refusal({ code: 'SELF_ASSIST' })],
        [await send.send('bob', cmd.accept(`${code.code.slice(0, -1)}~`)), refusal({ code: 'INVALID_SHARE_CODE' })],
        [
          await send.send('ann', tap, { now: Date.parse('2026-10-31T23:59:59+08:00') }),
          refusal({ code: 'TASK_NOT_OPEN', taskId: 'tap', opensAt: isoOf(Date.parse('2026-11-01T00:00:00+08:00')) }),
        ],
      ];
      for (const [actual, expected] of refused) expect(actual).toEqual(expected);
      expect(await observe(store, 'contract-fest', ['ann', 'bob'], CONTRACT_NOW)).toEqual(before);

      // A refused key was never used: it may carry another command now.
      expect(await store.execute({ ...hostOnly, command: tap })).toMatchObject({ ok: true, replayed: false });
    });
  });

  describe('under concurrency', () => {
    it(`gives ${CONCURRENCY} concurrent calls with one key exactly one effect`, async () => {
      const send = await festival();
      const request = send.request('ann', tap);
      const results = await Promise.all(times(CONCURRENCY, () => store.execute(request)));
      expect(fresh(results)).toHaveLength(1);
      const [first] = receipts(fresh(results));
      expect(results).toEqual(results.map((r) => ({ ok: true, receipt: first, replayed: r.ok && r.replayed })));
      const ledger = await wholeLedger(store, 'contract-fest');
      expect(ledger.map((e) => e.commandKey)).toEqual([request.key]);
      expect(await storedBalances(store, 'contract-fest', [accounts.player('ann').id])).toEqual({ 'player|ann': 1 });
    });

    it(`lets ${CONCURRENCY} concurrent friends assist an inviter exactly up to the daily cap`, async () => {
      const send = await festival();
      const created = (await send.receipt('star', cmd.share())).outcome;
      if (created.type !== 'invitation.created') throw new Error('expected a share code');
      const friends = times(CONCURRENCY, (i) => `fan-${i}`);
      const results = await Promise.all(friends.map((friend) => send.send(friend, cmd.accept(created.code))));

      const accepted = receipts(fresh(results));
      expect(accepted).toHaveLength(CONTRACT_INVITER_CAP);
      expect(results.filter((r) => !r.ok)).toEqual(
        times(CONCURRENCY - CONTRACT_INVITER_CAP, () => refusal({ code: 'INVITER_DAILY_CAP', limit: CONTRACT_INVITER_CAP })),
      );
      const [star] = await playerStates(store, 'contract-fest', ['star'], CONTRACT_NOW);
      expect(star?.candy.balance).toBe(10 * CONTRACT_INVITER_CAP);
      expect(star?.invitations?.receivedToday).toBe(CONTRACT_INVITER_CAP);
      expect(star?.invitations?.assists.map((a) => a.friendId).sort()).toEqual(accepted.map((r) => r.playerId).sort());
      // Each acceptance is one atomic step: both postings, under the friend's key.
      const ledger = await wholeLedger(store, 'contract-fest');
      expect(ledger).toHaveLength(2 * CONTRACT_INVITER_CAP);
      for (const receipt of accepted) {
        expect(ledger.filter((e) => e.commandKey === receipt.key && e.playerId === receipt.playerId).map((e) => [e.to, e.amount])).toEqual([
          [accounts.player('star').id, 10],
          [accounts.player(receipt.playerId).id, 5],
        ]);
      }
    });

    it(`never awards more than the stock to ${CONCURRENCY} concurrent box opens`, async () => {
      const send = await festival();
      const players = times(CONCURRENCY, (i) => `opener-${i}`);
      for (const player of players) await send.receipt(player, tap);
      const results = await Promise.all(players.map((player) => send.send(player, cmd.open('lucky'))));

      const opened = receipts(results).map((r) => r.outcome);
      const jackpots = opened.filter((o) => o.type === 'box.opened' && o.rewardId === 'jackpot');
      expect(jackpots).toHaveLength(JACKPOT_STOCK);
      expect(opened.filter((o) => o.type === 'box.opened' && o.rewardId === 'thanks')).toHaveLength(CONCURRENCY - JACKPOT_STOCK);
      expect(await store.read('contract-fest', (view) => view.counter(CAMPAIGN, campaignCounters.stockUsed('lucky', 'jackpot')))).toBe(JACKPOT_STOCK);
    });

    it(`hands out exactly the stock of a claimable coupon to ${CONCURRENCY} concurrent claims`, async () => {
      const send = await festival();
      const results = await Promise.all(times(CONCURRENCY, (i) => send.send(`shopper-${i}`, { type: 'coupon.claim', couponId: 'S1-100-20' })));
      expect(fresh(results)).toHaveLength(COUPON_STOCK);
      expect(results.filter((r) => !r.ok)).toEqual(times(CONCURRENCY - COUPON_STOCK, () => refusal({ code: 'COUPON_OUT_OF_STOCK', couponId: 'S1-100-20' })));
    });

    it(`gives ${CONCURRENCY} concurrent grabs of a five-share lucky packet exactly five shares, summing to the packet`, async () => {
      const send = await festival();
      const sent = (await send.receipt('ann', { type: 'lucky.send', packetId: 'lucky-8.88' })).outcome;
      if (sent.type !== 'lucky.sent') throw new Error(sent.type);
      const results = await Promise.all(times(CONCURRENCY, (i) => send.send(`friend-${i}`, { type: 'lucky.grab', code: sent.code })));
      const grabbed = fresh(results).map((r) => receiptOf(r).outcome);
      expect(grabbed.map((o) => (o.type === 'lucky.grabbed' ? o.share : 0)).sort()).toEqual([1, 2, 3, 4, 5]);
      expect(grabbed.reduce((sum, o) => sum + (o.type === 'lucky.grabbed' ? o.amount : 0), 0)).toBe(888);
      expect(results.filter((r) => !r.ok).map((r) => !r.ok && r.error.code)).toEqual(times(CONCURRENCY - 5, () => 'LUCKY_PACKET_EMPTY'));
      expect(await store.read('contract-fest', (view) => view.counter(CAMPAIGN, campaignCounters.budgetSpent('lucky-money')))).toBe(888);
    });

    it(`lets one of ${CONCURRENCY} concurrent checkouts reserve a coupon instance, and a cancelled order frees it`, async () => {
      const send = await festival();
      await send.receipt('ann', { type: 'coupon.claim', couponId: 'S1-100-20' });
      const checkout: Command = { type: 'order.create', cart: { lines: [{ sku: 'tea', store: 'S1', unitPrice: 15000, quantity: 1 }] }, coupons: ['S1-100-20#1'] };
      const results = await Promise.all(times(CONCURRENCY, () => send.send('ann', checkout)));
      const [order] = receipts(fresh(results)).map((r) => r.outcome);
      if (order?.type !== 'order.created') throw new Error('expected one order');
      expect(order.payable).toBe(13000);
      expect(results.filter((r) => !r.ok)).toEqual(times(CONCURRENCY - 1, () => refusal({ code: 'COUPON_ALREADY_RESERVED', coupon: 'S1-100-20#1', orderId: order.orderId })));

      await send.receipt('ann', { type: 'order.cancel', orderId: order.orderId });
      expect((await send.receipt('ann', checkout)).outcome).toMatchObject({ type: 'order.created', payable: 13000 });
    });

    it('lets concurrent opens use each earned box once', async () => {
      const send = await festival();
      for (let i = 0; i < 5; i++) await send.receipt('ann', tap);
      const results = await Promise.all(times(20, () => send.send('ann', cmd.open('lucky'))));
      expect(receipts(fresh(results)).map((r) => r.outcome)).toEqual(times(5, () => expect.objectContaining({ type: 'box.opened', paidWith: 'earned' })));
      expect(results.filter((r) => !r.ok)).toEqual(times(15, () => refusal({ code: 'INSUFFICIENT_CANDY', needed: BOX_PRICE, balance: 5 })));
      const [ann] = await playerStates(store, 'contract-fest', ['ann'], CONTRACT_NOW);
      expect(ann?.boxes).toEqual([expect.objectContaining({ id: 'lucky', available: 0, opened: 5 })]);
    });
  });

  describe('ledger and reads', () => {
    const labels = (entries: { playerId: string; commandKey: string }[]) => entries.map((e) => `${e.playerId}:${e.commandKey}`);

    /** A tap in another campaign, then one by each of `players` in contract-fest: their labels in order. */
    async function taps(players: string[]): Promise<string[]> {
      const send = await festival();
      await (await festival({ id: 'other-fest' })).receipt('ann', tap);
      const sent: string[] = [];
      for (const player of players) sent.push(`${player}:${(await send.receipt(player, tap)).key}`);
      return sent;
    }

    it('lists postings newest first, filtered by account and campaign, at most `limit`', async () => {
      const newestFirst = (await taps(['ann', 'bob', 'ann', 'ann', 'bob'])).reverse();

      expect(labels(await store.ledger('contract-fest'))).toEqual(newestFirst);
      expect(labels(await store.ledger('contract-fest', { limit: 2 }))).toEqual(newestFirst.slice(0, 2));
      expect(labels(await store.ledger('contract-fest', { account: accounts.player('ann').id }))).toEqual(newestFirst.filter((l) => l.startsWith('ann:')));
      expect(labels(await store.ledger('contract-fest', { account: accounts.player('bob').id, limit: 1 }))).toEqual([newestFirst[0]]);
      expect(await store.ledger('contract-fest', { account: accounts.issuance.id })).toHaveLength(5);
      expect(await store.ledger('contract-fest', { account: accounts.player('nobody').id })).toEqual([]);
      expect(await store.ledger('other-fest')).toHaveLength(1);
    });

    it('streams the whole ledger oldest first, in pages, for one campaign', async () => {
      const sent = await taps(['ann', 'bob', 'ann', 'cat', 'bob']);
      const pages: string[][] = [];
      for await (const page of store.postings('contract-fest', 2)) pages.push(labels(page));

      expect(pages).toEqual([sent.slice(0, 2), sent.slice(2, 4), sent.slice(4)]);
      const whole: unknown[] = [];
      for await (const page of store.postings('contract-fest')) whole.push(...page);
      expect(whole).toEqual((await store.ledger('contract-fest')).reverse());
      for await (const page of store.postings('no-such-fest')) expect.unreachable(`a page of ${page.length} for a campaign never published`);
      for (const size of [0, -1, 1.5]) await expect(store.postings('contract-fest', size)[Symbol.asyncIterator]().next()).rejects.toThrow(RangeError);
    });

    it('returns nothing for limit 0', async () => {
      const send = await festival();
      await send.receipt('ann', tap);
      expect(await store.ledger('contract-fest', { limit: 0 })).toEqual([]);
    });

    it('returns the newest 100 postings by default', async () => {
      const send = await festival();
      const keys: string[] = [];
      for (let i = 0; i < 101; i++) keys.push((await send.receipt('ann', tap)).key);
      expect((await store.ledger('contract-fest')).map((e) => e.commandKey)).toEqual(keys.slice(1).reverse());
    });

    it('gives the balances the ledger adds up to, through read() and playerState', async () => {
      const send = await festival();
      const created = (await send.receipt('ann', cmd.share())).outcome;
      if (created.type !== 'invitation.created') throw new Error('expected a share code');
      for (let i = 0; i < 3; i++) await send.receipt('ann', tap);
      await send.receipt('bob', cmd.accept(created.code));
      await send.receipt('bob', cmd.complete('subscribe'));
      await send.receipt('bob', cmd.open('lucky'));

      const names = ledgerAccounts(['ann', 'bob']);
      const balances = await storedBalances(store, 'contract-fest', names);
      expect(balances).toEqual({ issuance: -23, redeemed: 0, 'player|ann': 13, 'player|bob': 10 });
      expect(balances).toEqual(postedBalances(await wholeLedger(store, 'contract-fest'), names));
      const [ann, bob] = await playerStates(store, 'contract-fest', ['ann', 'bob'], CONTRACT_NOW);
      expect(ann?.candy).toEqual({ balance: 13, earnedToday: 13, dailyEarnCap: null });
      expect(bob?.candy).toEqual({ balance: 10, earnedToday: 10, dailyEarnCap: null });
      expect(ann?.tasks.find((t) => t.id === 'tap')).toMatchObject({ doneToday: 3, doneTotal: 3 });
      expect(bob?.boxes).toEqual([expect.objectContaining({ available: 0, opened: 1 })]);
    });
  });

  describe('listings', () => {
    it('lists every positive balance of an account name, by player id in JavaScript order', async () => {
      const send = await festival();
      for (const player of ['zoe', 'Ann', 'ann', 'bob']) await send.receipt(player, tap);
      await send.receipt('bob', tap);
      expect(await store.read('contract-fest', (view) => view.balancesNamed('candy'))).toEqual([
        { scope: 'Ann', balance: 1 },
        { scope: 'ann', balance: 1 },
        { scope: 'bob', balance: 2 },
        { scope: 'zoe', balance: 1 },
      ]);
    });

    it('lists every positive counter of a name, by player id in JavaScript order', async () => {
      const send = await festival({ tapReward: BOX_PRICE });
      for (const player of ['zoe', 'ann', 'Ann']) await send.receipt(player, tap);
      // Each tap earns a box, opened first; the second open is bought with candy.
      for (const player of ['zoe', 'Ann']) {
        for (let i = 0; i < 2; i++) await send.receipt(player, cmd.open('lucky'));
      }
      expect(await store.read('contract-fest', (view) => view.countersNamed(counters.candySpent))).toEqual([
        { scope: 'Ann', value: BOX_PRICE },
        { scope: 'zoe', value: BOX_PRICE },
      ]);
    });

    it("keeps every day's counters exact after later days, and when the clock is set back", async () => {
      const send = await festival();
      const tapOn = (day: number) => store.execute({ ...send.request('ann', tap), now: CONTRACT_NOW + day * DAY });
      for (const day of [0, 0, 1, 2]) await tapOn(day);
      const days = ['2026-11-05', '2026-11-06', '2026-11-07'];
      const taps = () => store.read('contract-fest', (view) => days.map((day) => view.counter('ann', counters.taskOn('tap', day))));
      expect(await taps()).toEqual([2, 1, 1]);
      // A clock set back to the first day counts against that day's cap again.
      await tapOn(0);
      expect(await taps()).toEqual([3, 1, 1]);
      expect(await store.read('contract-fest', (view) => view.countersNamed(counters.taskOn('tap', days[0]!)))).toEqual([{ scope: 'ann', value: 3 }]);
      expect(await store.read('contract-fest', (view) => view.counter('ann', counters.taskTotal('tap')))).toBe(5);
    });
  });

  describe('pools', () => {
    it(`settles a pool of ${POOL_PLAYERS} players in batches, each paid once, the ledger adding up`, async () => {
      const send = await festival();
      const players = times(POOL_PLAYERS, (i) => `p${i}`);
      await Promise.all(players.map((player) => send.receipt(player, tap)));
      const host = { actor: 'host' as const, now: CONTRACT_SETTLE };
      const settle = send.request(OPERATOR_ID, { type: 'pool.settle', poolId: 'share' }, host);
      // Two runs at once (the scheduler and an operator): one effect.
      const [first, second] = await Promise.all([runPoolSettle(store, settle), runPoolSettle(store, settle)]);
      expect(receiptOf(first!)).toEqual(receiptOf(second!));
      expect(receiptOf(first!).outcome).toMatchObject({ players: POOL_PLAYERS, paid: CONTRACT_POOL, batches: Math.ceil(POOL_PLAYERS / POOL_BATCH) });
      const paid = await store.read('contract-fest', (view) => players.map((p) => view.balance(accounts.redPackets(p))));
      // ¥10,000 over equal candy: 476 cents each, and the 400 cents left one each to the first 400.
      expect(paid.reduce((a, b) => a + b, 0)).toBe(CONTRACT_POOL);
      expect(new Set(paid)).toEqual(new Set([476, 477]));
      expect((await store.ledger('contract-fest', { account: 'budget|pool-money', limit: 10_000 })).length).toBe(POOL_PLAYERS);
      expect(await store.read('contract-fest', (view) => view.counter(CAMPAIGN, campaignCounters.budgetSpent('pool-money')))).toBe(CONTRACT_POOL);
    });
  });

  describe('orders and red packets', () => {
    it('moves red packets through reservation, payment and refund, and the ledger adds up to every balance', async () => {
      const send = await festival();
      const host = { actor: 'host' as const };
      await send.receipt('ann', { type: 'allowance.grant', amount: 3000 }, host);
      const placed = (await send.receipt('ann', { type: 'order.create', cart: { lines: [{ id: 'tea', sku: 'tea', store: 'S1', unitPrice: 20000, quantity: 2 }] } })).outcome;
      if (placed.type !== 'order.created') throw new Error('expected an order');
      // ¥400 earns ¥50 across stores; ¥30 of red packets pays part of the rest.
      expect(placed.payable).toBe(40000 - 5000 - 3000);
      await send.receipt('ann', { type: 'order.pay', orderId: placed.orderId }, host);
      const refunded = (await send.receipt('ann', { type: 'order.refund', orderId: placed.orderId, lines: [{ lineId: 'tea', quantity: 1 }] }, host)).outcome;
      expect(refunded).toMatchObject({ type: 'order.refunded', cash: 16000, redPackets: 1500 });

      const names = [accounts.allowanceIssuance.id, accounts.redPacketsHeld.id, accounts.redPacketsSpent.id, accounts.redPackets('ann').id];
      const balances = await storedBalances(store, 'contract-fest', names);
      expect(balances).toEqual({ 'allowance-issuance': -3000, 'red-packets-held': 0, 'red-packets-spent': 1500, 'red-packets|ann': 1500 });
      expect(balances).toEqual(postedBalances(await wholeLedger(store, 'contract-fest'), names));
    });
  });

  describe('versions', () => {
    it('records the version a receipt ran under, and never rewrites what players earned', async () => {
      const send = await festival();
      const early = send.request('ann', tap);
      const v1 = receiptOf(await store.execute(early));
      expect(v1).toMatchObject({ version: 1, outcome: { candy: { credited: 1 } } });

      await store.publish(contractCampaign({ tapReward: 7 }), { seed: CONTRACT_SEED });
      expect(await store.execute(early)).toEqual({ ok: true, receipt: v1, replayed: true });
      const ledgerBefore = await wholeLedger(store, 'contract-fest');
      expect(ledgerBefore).toEqual([expect.objectContaining({ version: 1, commandKey: early.key, amount: 1 })]);
      expect(await storedBalances(store, 'contract-fest', [accounts.player('ann').id])).toEqual({ 'player|ann': 1 });

      const v2 = await send.receipt('ann', tap);
      expect(v2).toMatchObject({ version: 2, outcome: { candy: { credited: 7 } } });
      expect(await wholeLedger(store, 'contract-fest')).toEqual([...ledgerBefore, expect.objectContaining({ version: 2, commandKey: v2.key, amount: 7 })]);
      const [ann] = await playerStates(store, 'contract-fest', ['ann'], CONTRACT_NOW);
      expect(ann).toMatchObject({ version: 2, candy: { balance: 8 } });
    });
  });
});
