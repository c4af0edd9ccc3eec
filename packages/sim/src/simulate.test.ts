import { readFileSync } from 'node:fs';
import { accounts, localDay, MemoryStore, validateCampaign, type Account, type CampaignDefinition, type CampaignDefinitionInput, type Store } from '@carnival/core';
import { describe, expect, it } from 'vitest';
import { Population, type Population as PopulationType } from './population.ts';
import { buildReport, type Report } from './report.ts';
import { renderReport } from './report-html.ts';
import { simulate, type SimulationOptions } from './simulate.ts';
import { fiveDaysInput, oneADayInput } from './testing.ts';

const valid = (input: CampaignDefinitionInput): CampaignDefinition => {
  const result = validateCampaign(input);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.value;
};

const fiveDays = (extra: Partial<CampaignDefinitionInput> = {}): CampaignDefinition => valid(fiveDaysInput(extra));
const oneADay = Population.parse(oneADayInput);

async function run(definition: CampaignDefinition, population: PopulationType, players: number, seed: string, options: Partial<SimulationOptions> = {}): Promise<Report> {
  const store = new MemoryStore();
  const result = await simulate({ definition, population, players, seed, store, ...options });
  return buildReport(result, store, population, seed);
}

const example = valid(JSON.parse(readFileSync(new URL('../../../examples/double11-cat-candy.json', import.meta.url), 'utf8')));
const defaultPopulation = Population.parse(JSON.parse(readFileSync(new URL('../../../examples/populations/double11.json', import.meta.url), 'utf8')));

describe('carnival simulate', () => {
  it('matches a scenario worked by hand: 1,000 players, one task a day for five days', async () => {
    const report = await run(fiveDays(), oneADay, 1000, 'worked');
    // Every player plays every day; the frontend offers the task once a day, so exactly one completion each.
    expect(report.totals).toMatchObject({ commands: 5000, accepted: 5000, rejected: 0, replayed: 0, activePlayers: 1000, fakeAccounts: 0 });
    expect(report.tasks.completions).toEqual([
      { task: 'tap', total: 5000, byDay: ['01', '02', '03', '04', '05'].map((d) => ({ day: `2026-11-${d}`, count: 1000 })) },
    ]);
    expect(report.tasks.funnel.map((f) => [f.day, f.visited, f.completedATask, f.completedThree])).toEqual(
      ['01', '02', '03', '04', '05'].map((d) => [`2026-11-${d}`, 1000, 1000, 0]),
    );
    expect(report.payouts).toEqual({ candy: [{ mechanic: 'task', amount: 50_000 }], cash: [] });
    expect(report.candy).toMatchObject({ count: 1000, total: 50_000, mean: 50, median: 50, max: 50, gini: 0, top1Share: 0.01 });
    expect(report.invariants.every((i) => i.holds)).toBe(true);
    expect(report.meta).toMatchObject({ players: 1000, seed: 'worked', partial: false, from: '2026-10-31T16:00:00.000Z', to: '2026-11-05T16:00:00.000Z' });
  });

  it('matches a money scenario worked by hand: a ¥1 box a day for 1,000 players, from a ¥3,000 budget', async () => {
    const definition = fiveDays({
      budgets: [{ id: 'packets', title: 'Red packets', amount: 300_000 }],
      boxes: [{ id: 'red', title: 'Red packet box', earn: { everyTasks: 1 }, budget: 'packets', rewards: [{ id: 'red', weight: 1, reward: { cash: 100 } }] }],
    });
    const population = Population.parse({ ...oneADayInput, segments: [{ ...oneADayInput.segments[0]!, boxes: 1 }] });
    const report = await run(definition, population, 1000, 'worked-cash');
    // Every day each player earns a box with the task and opens it: 1,000 packets of ¥1 a day, so the
    // budget pays days one to three in full, ¥3 to each player; on days four and five the box has
    // nothing left to give, and the opens are refused (the players keep the boxes they earned).
    expect(report.totals.byCommand.find((c) => c.command === 'box.open')).toEqual({ command: 'box.open', sent: 5000, accepted: 3000, rejected: 2000, replayed: 0 });
    expect(report.rejections).toEqual([{ code: 'BOX_EMPTY', count: 2000, bySegment: [{ segment: 'daily', count: 2000 }] }]);
    expect(report.tasks.funnel.map((f) => f.openedABox)).toEqual([1000, 1000, 1000, 0, 0]);
    expect(report.payouts.cash).toEqual([{ mechanic: 'box-reward', amount: 300_000 }]);
    expect(report.budgets[0]).toMatchObject({ id: 'packets', spent: 300_000, reserved: 0, left: 0 });
    expect(localDay(Date.parse(report.budgets[0]!.exhaustedAt!), 'Asia/Shanghai')).toBe('2026-11-03');
    expect(report.segments[0]!.cash).toEqual({ value: 300, low: 300, high: 300, n: 1000 });
    expect(report.candy).toMatchObject({ count: 1000, total: 50_000, gini: 0 });
    expect(report.invariants.every((i) => i.holds)).toBe(true);
  });

  it('runs the example festival over the default population with every invariant holding', async () => {
    const report = await run(example, defaultPopulation, 1000, 'festival');
    expect(report.invariants.filter((i) => !i.holds)).toEqual([]);
    expect(report.totals.commands).toBeGreaterThan(10_000);
    // The festival's mechanics all ran: tasks, boxes, invitations, the pool, the lottery, orders.
    expect(report.payouts.candy.map((p) => p.mechanic)).toEqual(expect.arrayContaining(['task', 'assist-received', 'assist-given']));
    expect(report.payouts.cash.map((p) => p.mechanic)).toEqual(expect.arrayContaining(['pool-payout', 'lottery-prize', 'box-reward']));
    expect(report.pools[0]!.paid).toBeGreaterThan(0);
    expect(report.pools[0]!.paid).toBe(report.payouts.cash.find((p) => p.mechanic === 'pool-payout')!.amount);
    expect(report.lotteries[0]!.winners).toBeGreaterThan(0);
    expect(report.settlement.orders).toBeGreaterThan(100);
    expect(report.settlement.discount).toBeLessThan(report.settlement.list);
    expect(report.invitations.assists).toBeGreaterThan(0);
    // Every cent of cash won is a player's or a fake account's, each counted once.
    const won = report.payouts.cash.filter((p) => ['box-reward', 'lucky-packet', 'lottery-prize', 'pool-payout'].includes(p.mechanic)).reduce((sum, p) => sum + p.amount, 0);
    const bySegments = report.segments.reduce((sum, s) => sum + s.cash.value * s.players + s.fakeAccounts.cash, 0);
    expect(bySegments).toBeCloseTo(won, 0);
    const farm = report.segments.find((s) => s.id === 'fake-friend-farm')!;
    expect(farm.fakeAccounts.accounts).toBe(report.totals.fakeAccounts);
    expect(farm.fakeAccounts.cash).toBe(report.pools[0]!.toFakeAccounts.paid);
    expect(report.experiments[0]!.variants.map((v) => v.id)).toEqual(['control', 'sixty']);
    expect(report.experiments[0]!.variants.reduce((sum, v) => sum + v.players, 0)).toBe(1000);
    // The shipped adversaries, two to a thousand and one: caps refuse them, retries replay.
    expect(report.segments.filter((s) => s.id.match(/farm|script|assister/)).map((s) => [s.id, s.players])).toEqual([
      ['fake-friend-farm', 2],
      ['retry-script', 2],
      ['self-assister', 1],
    ]);
    const refusedOf = (segment: string) => report.rejections.flatMap((r) => r.bySegment.filter((s) => s.segment === segment).map((s) => r.code));
    expect(refusedOf('self-assister')).toEqual(['SELF_ASSIST']);
    expect(refusedOf('fake-friend-farm')).toEqual(['INVITER_DAILY_CAP']);
    expect(report.totals.replayed).toBeGreaterThan(0);
  });

  it('shows adversaries as caps doing their job, and retries as replays with one effect', async () => {
    const invitations = { reward: { inviter: { candy: 100 }, friend: { candy: 50 } }, limits: { perInviterPerDay: 10, perFriendPerDay: 3 } };
    const population = Population.parse({
      name: 'adversaries',
      segments: [
        { id: 'farm', share: 1, activeDays: 1, visitsPerDay: 1, tasks: {}, adversary: { kind: 'fake-friends', perDay: 15 } },
        { id: 'script', share: 1, activeDays: 1, visitsPerDay: 1, tasks: { tap: 1 }, adversary: { kind: 'retry', times: 3 } },
        { id: 'selfish', share: 1, activeDays: 1, visitsPerDay: 1, tasks: {}, adversary: { kind: 'self-assist' } },
      ],
    });
    const report = await run(fiveDays({ invitations }), population, 30, 'abuse');
    const refused = Object.fromEntries(report.rejections.map((r) => [r.code, r.bySegment]));
    // Ten farmers, five days, 15 fake friends a day against a cap of 10: 5 refused each day.
    expect(refused.INVITER_DAILY_CAP).toEqual([{ segment: 'farm', count: 10 * 5 * 5 }]);
    expect(refused.SELF_ASSIST).toEqual([{ segment: 'selfish', count: 10 * 5 }]);
    expect(report.totals.fakeAccounts).toBe(10 * 5 * 15);
    // Ten of each day's 15 fakes get in, 50 candy each: what the farm's fake accounts took, and no one else's.
    expect(report.segments.map((s) => [s.id, s.fakeAccounts])).toEqual([
      ['farm', { accounts: 750, candy: 10 * 5 * 10 * 50, cash: 0 }],
      ['script', { accounts: 0, candy: 0, cash: 0 }],
      ['selfish', { accounts: 0, candy: 0, cash: 0 }],
    ]);
    expect(report.invitations).toMatchObject({ assists: 0, fakeAssists: 10 * 5 * 10 });
    // Ten scripts tap once a day, three times each: the second and third are replays.
    expect(report.tasks.completions[0]!.total).toBe(10 * 5);
    expect(report.totals.byCommand.find((c) => c.command === 'task.complete')).toEqual({ command: 'task.complete', sent: 150, accepted: 50, rejected: 0, replayed: 100 });
    expect(report.segments.find((s) => s.id === 'script')!.candyEarned.value).toBe(50);
    expect(report.invariants.every((i) => i.holds)).toBe(true);
  });

  it("claims the coupons the shopper's own variant makes claimable", async () => {
    const definition = fiveDays({
      pricing: { stores: [{ id: 'snacks', name: 'Snacks' }], coupons: [{ id: 'snacks-99-10', title: 'Snacks', kind: 'store', store: 'snacks', min: 9900, off: 1000 }] },
      experiments: [{ id: 'claims', title: 'Claimable coupon', variants: [{ id: 'control', weight: 1 }, { id: 'claimable', weight: 1, overrides: [{ path: '/pricing/coupons/snacks-99-10/claim', value: { perPlayer: 1 } }] }] }],
    });
    const shopping = { orders: 2, lines: { min: 1, max: 1 }, categories: { snacks: 1 }, topUp: 0, coupons: 1 };
    const population = Population.parse({
      name: 'claimers',
      segments: [{ ...oneADayInput.segments[0]!, tasks: {}, shopping }],
      catalog: [{ id: 'snacks', items: [{ sku: 'nuts', store: 'snacks', unitPrice: 12000 }] }],
    });
    const report = await run(definition, population, 200, 'variant-claims');
    const [, claimable] = report.experiments[0]!.variants;
    // A shopper of the variant claims it once, before their first order, and uses it there; the control's never try.
    const claims = report.totals.byCommand.find((c) => c.command === 'coupon.claim')!;
    expect(claims.rejected).toBe(0);
    expect(claims.accepted).toBeGreaterThan(0.9 * claimable!.players);
    expect(claims.accepted).toBeLessThanOrEqual(claimable!.players);
    expect(report.settlement.sources).toEqual([expect.objectContaining({ id: 'snacks-99-10', carts: claims.accepted })]);
  });

  it('collects host-granted store coupons for the stores in the cart, once each, and reports what they cost', async () => {
    const coupon = (id: string, store: string) => ({ id, title: id, kind: 'store' as const, store, min: 9900, off: 1000 });
    const definition = fiveDays({
      pricing: { stores: [{ id: 'snacks', name: 'Snacks' }, { id: 'toys', name: 'Toys' }], coupons: [coupon('snacks-99-10', 'snacks'), coupon('toys-99-10', 'toys')] },
    });
    const shopping = { orders: 2, lines: { min: 1, max: 1 }, categories: { snacks: 1 }, topUp: 0, coupons: 1, collects: { 'snacks-99-10': 1, 'toys-99-10': 1 } };
    const population = Population.parse({
      name: 'coupon collectors',
      segments: [{ ...oneADayInput.segments[0]!, tasks: {}, shopping }],
      catalog: [{ id: 'snacks', items: [{ sku: 'nuts', store: 'snacks', unitPrice: 12000 }] }],
    });
    const report = await run(definition, population, 300, 'collect');
    const grants = report.totals.byCommand.find((c) => c.command === 'coupon.grant')!;
    const orders = report.totals.byCommand.find((c) => c.command === 'order.create')!;
    // Two orders each on average: every shopper collects the snacks coupon before the first, and
    // never the toys coupon, whose store is in no cart.
    expect(orders.accepted).toBeGreaterThan(grants.accepted);
    expect(grants).toMatchObject({ rejected: 0, replayed: 0 });
    expect(grants.accepted).toBeGreaterThan(200);
    expect(grants.accepted).toBeLessThanOrEqual(300);
    // Each collected coupon is used by its shopper's first order: ¥10 off, funded by the store.
    expect(report.settlement.sources).toEqual([
      { id: 'snacks-99-10', kind: 'coupon', carts: grants.accepted, amount: 1000 * grants.accepted, platform: 0, merchant: 1000 * grants.accepted, perCart: Math.round((1000 * grants.accepted) / orders.accepted) },
    ]);
    expect(report.settlement).toMatchObject({ discount: 1000 * grants.accepted, platform: 0, merchant: 1000 * grants.accepted, withCoupons: grants.accepted });
    expect(report.invariants.filter((i) => !i.holds)).toEqual([]);
  });

  it('compares experiment variants side by side with confidence intervals', async () => {
    const experiments = [{ id: 'reward', title: 'Double the tap', variants: [{ id: 'control', weight: 1 }, { id: 'double', weight: 1, overrides: [{ path: '/tasks/tap/reward/candy', value: 20 }] }] }];
    const report = await run(fiveDays({ experiments }), oneADay, 1000, 'ab');
    const [control, double] = report.experiments[0]!.variants;
    expect(control!.players + double!.players).toBe(1000);
    expect(Math.abs(control!.players - 500)).toBeLessThan(60);
    expect(control!.candyEarned).toEqual({ value: 50, low: 50, high: 50, n: control!.players });
    expect(double!.candyEarned).toEqual({ value: 100, low: 100, high: 100, n: double!.players });
    expect(report.payouts.candy[0]!.amount).toBe(control!.players * 50 + double!.players * 100);
    expect(double!.vsControl!.candyEarned).toEqual({ value: 50, low: 50, high: 50, n: 1000 });
  });

  it('tells no difference where a variant or the control has no players', async () => {
    const variant = (id: string, weight: number, path: string) => ({ id, weight, overrides: [{ path, value: 20 }] });
    const reward = '/tasks/tap/reward/candy';
    const limit = '/tasks/tap/limits/perDay';
    const experiments = [
      { id: 'off', title: 'A variant switched off', variants: [{ id: 'control', weight: 1 }, variant('double', 1, reward), variant('paused', 0, reward)] },
      { id: 'no-control', title: 'The control switched off', variants: [{ id: 'control', weight: 0 }, variant('double', 1, limit)] },
    ];
    const report = await run(fiveDays({ experiments }), oneADay, 200, 'ab-empty');
    const [off, noControl] = report.experiments;
    expect(off!.variants.map((v) => v.players)).toEqual([expect.any(Number), expect.any(Number), 0]);
    expect(off!.variants[1]!.vsControl).not.toBeNull();
    expect(off!.variants[2]!.vsControl).toBeNull();
    expect(noControl!.variants.map((v) => v.players)).toEqual([0, 200]);
    expect(noControl!.variants[1]!.vsControl).toBeNull();
    const html = renderReport(report);
    expect(html).toContain('<td>paused − control</td><td class="right">0</td><td>no players</td>');
    expect(html).toContain('<td>double − control</td><td class="right">200</td><td>no control players</td>');
  });

  it('compares variants whose players differ, with intervals around each mean, and counts refusals per player', async () => {
    const experiments = [{ id: 'reward', title: 'Double the tap', variants: [{ id: 'control', weight: 1 }, { id: 'double', weight: 1, overrides: [{ path: '/tasks/tap/reward/candy', value: 20 }] }] }];
    const invitations = { reward: { inviter: { candy: 5 }, friend: { candy: 5 } }, limits: { perInviterPerDay: 10, perFriendPerDay: 3 } };
    // Half the days on average, so players differ; each day played, one assist of their own code, refused.
    const population = Population.parse({ name: 'some-days', segments: [{ id: 'selfish', share: 1, activeDays: 0.5, visitsPerDay: 1, tasks: { tap: 1 }, adversary: { kind: 'self-assist' } }] });
    const report = await run(fiveDays({ experiments, invitations }), population, 2000, 'ab-spread');
    const [control, double] = report.experiments[0]!.variants;
    for (const v of [control!, double!]) {
      expect(v.candyEarned.low).toBeLessThan(v.candyEarned.value);
      expect(v.candyEarned.high).toBeGreaterThan(v.candyEarned.value);
      // Refused once a day played: as many refusals as tasks done, per player and so on average.
      expect(v.refused.value).toBe(v.tasksCompleted.value);
      expect(v.refused.value).toBeGreaterThan(2);
      expect(v.refused.value).toBeLessThan(3);
    }
    // Double the reward, double the candy: the intervals lie well apart.
    expect(double!.candyEarned.low!).toBeGreaterThan(control!.candyEarned.high!);
    // And the difference's own interval leaves out 0.
    expect(control!.vsControl).toBeNull();
    expect(double!.vsControl!.candyEarned.low!).toBeGreaterThan(0);
    expect(double!.vsControl!.candyEarned.value).toBeCloseTo(double!.candyEarned.value - control!.candyEarned.value, 5);
    expect(report.rejections.map((r) => r.code)).toEqual(['SELF_ASSIST']);
  });

  it('gives the same report for the same seed, and another for another seed', async () => {
    const a = await run(example, defaultPopulation, 150, 'seed-a');
    const again = await run(example, defaultPopulation, 150, 'seed-a');
    const b = await run(example, defaultPopulation, 150, 'seed-b');
    expect(JSON.stringify(again)).toBe(JSON.stringify(a));
    // Beyond the seed it names: the seed drives behaviour and draws, so the figures differ.
    const figures = ({ meta, ...rest }: Report) => JSON.stringify(rest);
    expect(figures(b)).not.toBe(figures(a));
    expect(b.totals.commands).not.toBe(a.totals.commands);
  });

  it('counts the tickets of each lottery apart, as the players hold them', async () => {
    const lottery = (id: string, task: string) => ({
      id,
      title: id,
      opensAt: '2026-11-01T00:00:00+08:00',
      drawAt: '2026-11-06T00:00:00+08:00',
      publicValue: 'a value named in advance',
      tiers: [{ id: 'mug', title: 'A mug', count: 3, reward: { prize: 'mug' } }],
      entries: [{ task }],
    });
    const definition = fiveDays({
      tasks: [
        { id: 'tap', kind: 'action', verifiedBy: 'player', title: 'Tap', reward: { candy: 10 }, limits: { perDay: 1 } },
        { id: 'review', kind: 'action', verifiedBy: 'player', title: 'Review', reward: { candy: 10 }, limits: { total: 2 } },
      ],
      lotteries: [lottery('tap-draw', 'tap'), lottery('review-draw', 'review')],
    });
    // Everyone taps once a day (5 tickets); one player in four also reviews, twice in all (2 tickets).
    const population = Population.parse({
      name: 'two-draws',
      segments: [
        { id: 'tappers', share: 3, activeDays: 1, visitsPerDay: 1, tasks: { tap: 1 } },
        { id: 'reviewers', share: 1, activeDays: 1, visitsPerDay: 1, tasks: { tap: 1, review: 1 } },
      ],
    });
    const report = await run(definition, population, 400, 'two-draws');
    const [tapDraw, reviewDraw] = report.lotteries;
    expect(tapDraw).toMatchObject({ id: 'tap-draw', tickets: 2000, holders: 400, winners: 3 });
    expect(tapDraw!.ticketsPerHolder).toMatchObject({ count: 400, total: 2000, median: 5, max: 5 });
    expect(reviewDraw).toMatchObject({ id: 'review-draw', tickets: 200, holders: 100, winners: 3, winRatePerHolder: 0.03, winRatePerTicket: 0.015 });
    expect(reviewDraw!.ticketsPerHolder).toMatchObject({ count: 100, total: 200, median: 2, max: 2 });
    expect(report.invariants.every((i) => i.holds)).toBe(true);
  });

  it('reports the invariants that do not hold when the store loses a posting or misstates a balance', async () => {
    const store = new MemoryStore();
    const result = await simulate({ definition: fiveDays(), population: oneADay, players: 100, seed: 'faults', store });
    const player = accounts.player('p0000001');
    // The store as a faulty one would read back: its first posting gone, or one player's balance one candy too high.
    const faulty = (fault: 'posting' | 'balance'): Store => ({
      publish: (definition, options) => store.publish(definition, options),
      campaign: (id) => store.campaign(id),
      campaigns: () => store.campaigns(),
      execute: (request) => store.execute(request),
      ledger: (id, query) => store.ledger(id, query),
      close: () => store.close(),
      read: (id, reader) => store.read(id, (view) => reader(fault === 'posting' ? view : Object.assign(Object.create(view), { balance: (a: Account) => view.balance(a) + (a.id === player.id ? 1 : 0) }))),
      async *postings(id, size) {
        let first = true;
        for await (const page of store.postings(id, size)) {
          yield fault === 'posting' && first ? page.slice(1) : page;
          first = false;
        }
      },
    });
    const failing = async (fault: 'posting' | 'balance') => (await buildReport(result, faulty(fault), oneADay, 'faults')).invariants.filter((i) => !i.holds);
    expect((await failing('posting')).map((i) => [i.name, i.detail])).toEqual([
      ['balances are their postings', expect.stringMatching(/^differ: issuance holds -5000, postings -4990; player\|p\d{7} holds 50, postings 40$/)],
      ['candy the answers credited is the candy minted', 'answers 5000, ledger 4990'],
    ]);
    expect((await failing('balance')).map((i) => [i.name, i.detail])).toEqual([
      ['ledger balances', 'balances add up to 1 over 101 accounts; every posting moves a positive whole amount between two accounts'],
      ['balances are their postings', `differ: ${player.id} holds 51, postings 50`],
    ]);
  });

  it('dates the exhaustion of a budget at the payment that used it up', async () => {
    const definition = fiveDays({
      budgets: [{ id: 'packets', title: 'Red packets', amount: 1000 }],
      boxes: [{ id: 'red', title: 'Red packet box', earn: { everyTasks: 1 }, budget: 'packets', rewards: [{ id: 'red', weight: 1, reward: { cash: 100 } }] }],
    });
    const store = new MemoryStore();
    const result = await simulate({ definition, population: oneADay, players: 200, seed: 'dry', store });
    const report = await buildReport(result, store, oneADay, 'dry');
    // Ten packets of ¥1 use the ¥10 budget up; the tenth is the newest posting from it.
    const [last] = await store.ledger(definition.id, { account: accounts.budget('packets').id, limit: 1 });
    expect(report.budgets[0]).toMatchObject({ id: 'packets', spent: 1000, exhaustedAt: last!.at });
  });

  it('stops cleanly when asked, with a partial report that still balances', async () => {
    const stop = new AbortController();
    const report = await run(fiveDays(), oneADay, 1000, 'stop', { signal: stop.signal, progressEvery: 1000, onProgress: (p) => p.commands >= 2000 && stop.abort() });
    expect(report.meta.partial).toBe(true);
    expect(report.totals.commands).toBeGreaterThanOrEqual(2000);
    expect(report.totals.commands).toBeLessThan(5000);
    expect(Date.parse(report.meta.reached)).toBeLessThan(Date.parse(report.meta.to));
    expect(report.invariants.every((i) => i.holds)).toBe(true);
  });

  it('writes a self-contained page of the report, every section with its figures', async () => {
    const html = renderReport(await run(example, defaultPopulation, 300, 'page'));
    expect(html).toMatch(/^<!doctype html>/i);
    expect(html).not.toMatch(/<script\b|<link\b|\bsrc="http|\bhref="http/i);
    const section = (id: string) => html.slice(html.indexOf(`id="${id}"`), html.indexOf('</section>', html.indexOf(`id="${id}"`)));
    expect(section('summary')).toMatch(/<dt>Commands<\/dt><dd>[1-9][\d,]*<\/dd>/);
    expect(section('segments')).toMatch(/<td class="right">[1-9][\d,]*<\/td>/);
    // Each chart of the festival has marks drawn from data (bars, lines), not just axes.
    for (const id of ['budgets', 'payouts', 'candy', 'pools', 'lotteries', 'invitations', 'tasks', 'settlement', 'rejections', 'experiments']) {
      expect(section(id), id).toMatch(/<svg[\s\S]*<(rect|polyline|path)\b[^>]*(height="[1-9]|points="|d="M)/);
    }
  });
});
