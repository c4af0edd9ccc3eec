import { createHash } from 'node:crypto';
import simulatorPackage from '../package.json' with { type: 'json' };
import {
  accountOfLedgerId,
  accounts,
  budgetBurn,
  CAMPAIGN,
  campaignRecords,
  canonicalDefinition,
  ENGINE_VERSION,
  iso,
  isUnboundedAccount,
  records,
  variantsOf,
  type BudgetBurn,
  type LedgerEntry,
  type LotteryResult,
  type StateView,
  type Store,
} from '@carnival/core';
import type { SourceCost } from './discount-costs.ts';
import type { Population } from './population.ts';
import type { SimPlayer } from './players.ts';
import type { SimulationRun } from './simulate.ts';
import { differenceEstimate, distribution, meanEstimate, proportionEstimate, ratio, type Distribution, type Estimate } from './stats.ts';
import type { PlayerTally } from './tally.ts';

/** The version of the simulator that wrote a report, as its package names it. */
export const SIMULATOR_VERSION: string = simulatorPackage.version;

export interface Invariant {
  name: string;
  holds: boolean;
  detail: string;
}

/** A budget's burn at the end of the run, and over it. */
export interface BudgetReport extends BudgetBurn {
  /** The first moment a payment was refused for want of it, or when nothing was left; null if never. */
  exhaustedAt: string | null;
  /** Spent plus reserved over simulated time: [instant, cents]. */
  burn: [string, number][];
}

/** Per player means of a group of players, each with its 95% confidence interval. */
export interface PlayerMetrics {
  candyEarned: Estimate;
  tasksCompleted: Estimate;
  visits: Estimate;
  orders: Estimate;
  /** Share of the players who ordered at least once. */
  conversion: Estimate;
  payable: Estimate;
  discount: Estimate;
  /** Cash the player won from every mechanic that pays it (boxes, lucky packets, lotteries, pools), from the ledger. */
  cash: Estimate;
  /** Commands refused per player: a variant's tighter cap shows here. */
  refused: Estimate;
}

export interface VariantReport extends PlayerMetrics {
  id: string;
  players: number;
  /**
   * Each metric minus the control's (the experiment's first variant), with Welch's interval; null
   * for the control, and where the variant or the control has no players: no difference to tell.
   */
  vsControl: PlayerMetrics | null;
}

/** What the accounts a segment's fake-friend adversaries made got: candy for their assists, cash from pools and the like. */
export interface FakeAccounts {
  accounts: number;
  candy: number;
  cash: number;
}

/** A simulation's report: only integers, ids, instants and rounded ratios, so it is the same text everywhere. */
export interface Report {
  meta: {
    generatedBy: 'carnival simulate';
    simulator: string;
    engine: string;
    campaign: { id: string; name: string; version: number; sha256: string };
    population: { name: string; sha256: string };
    players: number;
    seed: string;
    timezone: string;
    currency: string;
    from: string;
    to: string;
    reached: string;
    partial: boolean;
  };
  totals: {
    commands: number;
    accepted: number;
    rejected: number;
    replayed: number;
    activePlayers: number;
    visits: number;
    fakeAccounts: number;
    byCommand: { command: string; sent: number; accepted: number; rejected: number; replayed: number }[];
  };
  budgets: BudgetReport[];
  payouts: { candy: { mechanic: string; amount: number }[]; cash: { mechanic: string; amount: number }[] };
  candy: Distribution;
  /** `players` and `payouts` count every account paid, fake ones too; `toFakeAccounts` is their part. */
  pools: { id: string; budget: string; split: number; paid: number; players: number; payouts: Distribution; toFakeAccounts: { players: number; paid: number } }[];
  lotteries: { id: string; tickets: number; holders: number; ticketsPerHolder: Distribution; winners: number; winRatePerHolder: number; winRatePerTicket: number; paid: number }[];
  /** `assists` are between simulated players; `fakeAssists` those of fake accounts, in no tree. */
  invitations: { sent: number; assists: number; fakeAssists: number; trees: number; playersInTrees: number; maxDepth: number; depth: { depth: number; players: number }[]; fanOut: Distribution };
  tasks: {
    funnel: { day: string; visited: number; completedATask: number; completedThree: number; openedABox: number; ordered: number }[];
    completions: { task: string; total: number; byDay: { day: string; count: number }[] }[];
  };
  settlement: {
    orders: number;
    list: number;
    discount: number;
    payable: number;
    discountRate: number;
    /** Who funds `discount`: the platform's part and the merchants'. */
    platform: number;
    merchant: number;
    /** `discount` by source, the costliest first; `carts` and `perCart` count orders. */
    sources: SourceCost[];
    withCoupons: number;
    thresholds: { id: string; reached: number; share: number }[];
    toppedUp: { carts: number; share: number; added: Distribution };
  };
  rejections: { code: string; count: number; bySegment: { segment: string; count: number }[] }[];
  segments: { id: string; players: number; activePlayers: number; candyEarned: Estimate; orders: Estimate; cash: Estimate; rejected: number; fakeAccounts: FakeAccounts }[];
  experiments: { id: string; title: string; variants: VariantReport[] }[];
  invariants: Invariant[];
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const byText = <T>(key: (t: T) => string) => (a: T, b: T) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);
const sum = (values: Iterable<number>) => {
  let total = 0;
  for (const v of values) total += v;
  return total;
};

/**
 * The report of a run: what the run observed, and what the store holds at its end (the
 * ledger, balances, budgets, draws), with the invariants checked between the two.
 */
export async function buildReport(run: SimulationRun, store: Store, population: Population, seed: string): Promise<Report> {
  const { campaign, tally, players, tallies } = run;
  const definition = campaign.definition;
  const id = definition.id;
  const sums = new LedgerSums();
  for await (const page of store.postings(id)) for (const posting of page) sums.add(posting);
  const posted = sums.posted;
  const ledgerIds = [...posted.keys()].sort();
  const stored = await store.read(id, (view) => ledgerIds.map((ledgerId) => [ledgerId, view.balance(accountOfLedgerId(ledgerId)!)] as const));
  const burns = await store.read(id, (view) => budgetBurn(view, campaign));
  const draws = await store.read(id, (view) => definition.lotteries.map((l) => view.record<LotteryResult>(CAMPAIGN, campaignRecords.lotteryResult(l.id))));
  // Each lottery's tickets as the players hold them: a completion's answer lists its tickets but not their lotteries.
  const held = await store.read(id, (view) => definition.lotteries.map((l) => heldTickets(view, players, l.id)));

  const segmentIds = population.segments.map((s) => s.id);
  const cashOf = (playerId: string) => sums.cashReceived.get(accounts.redPackets(playerId).id) ?? 0;
  const fakeCash = tally.fakes.map((f) => accounts.redPackets(f.id).id);
  const active = tallies.filter((t) => t.daysActive > 0);

  return {
    meta: {
      generatedBy: 'carnival simulate',
      simulator: SIMULATOR_VERSION,
      engine: ENGINE_VERSION,
      campaign: { id, name: definition.name, version: campaign.version, sha256: sha256(canonicalDefinition(definition)) },
      population: { name: population.name, sha256: sha256(JSON.stringify(population)) },
      players: players.length,
      seed,
      timezone: definition.timezone,
      currency: definition.currency,
      from: iso(run.from),
      to: iso(run.to),
      reached: iso(run.reached),
      partial: run.partial,
    },
    totals: {
      commands: tally.commands,
      accepted: sum([...tally.byType.values()].map((c) => c.accepted)),
      rejected: sum([...tally.byType.values()].map((c) => c.rejected)),
      replayed: sum([...tally.byType.values()].map((c) => c.replayed)),
      activePlayers: active.length,
      visits: sum(tallies.map((t) => t.visits)),
      fakeAccounts: tally.fakes.length,
      byCommand: [...tally.byType].map(([command, c]) => ({ command, ...c })).sort(byText((c) => c.command)),
    },
    budgets: burns.map((burn) => {
      // The first of: a payment refused for want of it, payments adding up to it, an hourly sample finding it used up (held prizes count).
      const refused = tally.budgetRefused.get(burn.id);
      const paidOut = tally.budgetPaidOut.get(burn.id);
      const empty = tally.burn.get(burn.id)?.find(([, used]) => used >= burn.amount)?.[0];
      const exhausted = [refused, paidOut, empty].filter((t): t is number => t !== undefined);
      return {
        ...burn,
        exhaustedAt: exhausted.length ? iso(Math.min(...exhausted)) : null,
        burn: (tally.burn.get(burn.id) ?? []).map(([at, used]) => [iso(at), used] as [string, number]),
      };
    }),
    payouts: { candy: byAmount(sums.candyMinted), cash: byAmount(sums.cashPaid) },
    candy: distribution(players.map((p) => posted.get(accounts.player(p.id).id) ?? 0)),
    pools: definition.pools.map((pool) => {
      const perPlayer = sums.poolPayouts.get(pool.id) ?? new Map<string, number>();
      const burn = burns.find((b) => b.id === pool.budget)!;
      const toFakes = fakeCash.map((account) => perPlayer.get(account) ?? 0).filter((paid) => paid > 0);
      return {
        id: pool.id,
        budget: pool.budget,
        split: Math.min(pool.amount, burn.amount),
        paid: sum(perPlayer.values()),
        players: perPlayer.size,
        payouts: distribution([...perPlayer.values()]),
        toFakeAccounts: { players: toFakes.length, paid: sum(toFakes) },
      };
    }),
    lotteries: definition.lotteries.map((lottery, i) => {
      const draw = draws[i];
      const perHolder = held[i]!;
      const winners = draw?.winners ?? [];
      const winningPlayers = new Set(winners.map((w) => w.playerId));
      return {
        id: lottery.id,
        tickets: draw?.tickets ?? sum(perHolder),
        holders: perHolder.length,
        ticketsPerHolder: distribution(perHolder),
        winners: winners.length,
        winRatePerHolder: ratio(perHolder.length ? winningPlayers.size / perHolder.length : 0),
        winRatePerTicket: ratio((draw?.tickets ?? 0) > 0 ? winners.length / draw!.tickets : 0),
        paid: sum(winners.map((w) => w.cash ?? 0)),
      };
    }),
    invitations: invitationTrees(tallies, tally.invitationsSent, tally.assists, tally.fakeAssists),
    tasks: {
      funnel: [...tally.funnel].map(([day, f]) => ({ day, ...f })).sort(byText((f) => f.day)),
      completions: definition.tasks.map((task) => {
        const byDay = [...(tally.completions.get(task.id) ?? new Map<string, number>())].map(([day, count]) => ({ day, count })).sort(byText((d) => d.day));
        return { task: task.id, total: sum(byDay.map((d) => d.count)), byDay };
      }),
    },
    settlement: settlementStats(run),
    rejections: [...tally.rejections]
      .map(([code, bySegment]) => ({
        code,
        count: sum(bySegment.values()),
        bySegment: segmentIds.filter((s) => bySegment.has(s)).map((segment) => ({ segment, count: bySegment.get(segment)! })),
      }))
      .sort((a, b) => b.count - a.count || (a.code < b.code ? -1 : 1)),
    segments: population.segments.map((segment, index) => {
      const of = players.filter((p) => p.segmentIndex === index);
      const ofTallies = of.map((p) => tallies[p.index]!);
      const fakes = tally.fakes.filter((f) => f.segment === index);
      return {
        id: segment.id,
        players: of.length,
        activePlayers: ofTallies.filter((t) => t.daysActive > 0).length,
        candyEarned: meanEstimate(ofTallies.map((t) => t.candyEarned)),
        orders: meanEstimate(ofTallies.map((t) => t.orders)),
        cash: meanEstimate(of.map((p) => cashOf(p.id))),
        rejected: sum([...tally.rejections.values()].map((bySegment) => bySegment.get(segment.id) ?? 0)),
        fakeAccounts: {
          accounts: fakes.length,
          candy: sum(fakes.map((f) => posted.get(accounts.player(f.id).id) ?? 0)),
          cash: sum(fakes.map((f) => cashOf(f.id))),
        },
      };
    }),
    experiments: definition.experiments.map((experiment) => {
      const groups = new Map<string, SimPlayer[]>(experiment.variants.map((v) => [v.id, []]));
      for (const player of players) groups.get(variantsOf(campaign, player.id)[experiment.id]!)!.push(player);
      const values = [...groups].map(([id, of]) => ({ id, players: of.length, values: metricValues(of.map((p) => tallies[p.index]!), of.map((p) => cashOf(p.id))) }));
      const control = values[0]!;
      return {
        id: experiment.id,
        title: experiment.title,
        variants: values.map(({ id: variant, players, values: own }, i) => ({
          id: variant,
          players,
          ...mapMetrics(own, (v, metric) => (metric === 'conversion' ? proportionEstimate(sum(v), v.length) : meanEstimate(v))),
          vsControl: i === 0 || players === 0 || control.players === 0 ? null : mapMetrics(own, (v, metric) => differenceEstimate(control.values[metric], v)),
        })),
      };
    }),
    invariants: invariants(run, sums, new Map(stored), burns),
  };
}

type Metric = keyof PlayerMetrics;
const METRICS: readonly Metric[] = ['candyEarned', 'tasksCompleted', 'visits', 'orders', 'conversion', 'payable', 'discount', 'cash', 'refused'];

/** Each metric's value per player, in player order; conversion as 1 for a player who ordered, else 0. */
function metricValues(of: readonly PlayerTally[], cash: number[]): Record<Metric, number[]> {
  return {
    candyEarned: of.map((t) => t.candyEarned),
    tasksCompleted: of.map((t) => t.completions),
    visits: of.map((t) => t.visits),
    orders: of.map((t) => t.orders),
    conversion: of.map((t) => (t.orders > 0 ? 1 : 0)),
    payable: of.map((t) => t.payable),
    discount: of.map((t) => t.discount),
    cash,
    refused: of.map((t) => t.refused),
  };
}

const mapMetrics = (values: Record<Metric, number[]>, estimate: (values: number[], metric: Metric) => Estimate): PlayerMetrics =>
  Object.fromEntries(METRICS.map((metric) => [metric, estimate(values[metric], metric)])) as unknown as PlayerMetrics;

/** Reasons of the postings that pay cash out of a budget to a player. */
const CASH_REASONS = new Set(['box-reward', 'lucky-packet', 'lottery-prize', 'pool-payout']);
const BUDGET_PREFIX = 'budget|';

/**
 * What the report needs of the ledger, summed in one pass over its pages: a run of millions of
 * commands never holds the whole ledger.
 */
class LedgerSums {
  /** Ledger account id → what its postings add up to. */
  readonly posted = new Map<string, number>();
  /** Candy minted from the issuance account, and cash paid from budgets, by the mechanic that paid it (the posting's reason). */
  readonly candyMinted = new Map<string, number>();
  readonly cashPaid = new Map<string, number>();
  /** Budget id → cash it paid to players. */
  readonly cashPaidFrom = new Map<string, number>();
  /** Red-packet account → cash paid to it from budgets (its gross winnings: orders spend from it). */
  readonly cashReceived = new Map<string, number>();
  /** Pool id → recipient account → payout. */
  readonly poolPayouts = new Map<string, Map<string, number>>();
  /** Postings that do not move a positive whole amount from one account to another. */
  malformed = 0;

  add(e: LedgerEntry): void {
    if (!Number.isSafeInteger(e.amount) || e.amount <= 0 || e.from === e.to) this.malformed++;
    addTo(this.posted, e.from, -e.amount);
    addTo(this.posted, e.to, e.amount);
    if (e.from === accounts.issuance.id) addTo(this.candyMinted, e.reason, e.amount);
    else if (e.from.startsWith(BUDGET_PREFIX)) {
      addTo(this.cashPaid, e.reason, e.amount);
      if (CASH_REASONS.has(e.reason)) {
        addTo(this.cashPaidFrom, e.from.slice(BUDGET_PREFIX.length), e.amount);
        addTo(this.cashReceived, e.to, e.amount);
      }
    }
    if (e.reason === 'pool-payout' && e.memo !== undefined) {
      let perPlayer = this.poolPayouts.get(e.memo);
      if (!perPlayer) this.poolPayouts.set(e.memo, (perPlayer = new Map()));
      addTo(perPlayer, e.to, e.amount);
    }
  }
}

const addTo = <K>(sums: Map<K, number>, key: K, amount: number) => sums.set(key, (sums.get(key) ?? 0) + amount);

/** Sums by name, largest first (ties by name). */
const byAmount = (sums: Map<string, number>) => [...sums].map(([mechanic, amount]) => ({ mechanic, amount })).sort((a, b) => b.amount - a.amount || (a.mechanic < b.mechanic ? -1 : 1));

/** How many tickets of the lottery each player who holds any holds, in player order. */
function heldTickets(view: StateView, players: readonly SimPlayer[], lotteryId: string): number[] {
  const name = records.tickets(lotteryId);
  const counts: number[] = [];
  for (const player of players) {
    const count = view.record<readonly string[]>(player.id, name)?.length ?? 0;
    if (count > 0) counts.push(count);
  }
  return counts;
}

/** Trees of first assists: depth of every player in one (a root that brought others in is depth 0), and fan-out of every inviter. */
function invitationTrees(tallies: readonly PlayerTally[], sent: number, assists: number, fakeAssists: number): Report['invitations'] {
  const depthOf = new Int32Array(tallies.length).fill(-1);
  const depth = (i: number): number => {
    if (depthOf[i]! >= 0) return depthOf[i]!;
    const path: number[] = [];
    let at = i;
    while (at !== -1 && depthOf[at]! < 0) {
      path.push(at);
      at = tallies[at]!.parent;
    }
    let d = at === -1 ? -1 : depthOf[at]!;
    for (let k = path.length - 1; k >= 0; k--) depthOf[path[k]!] = ++d;
    return depthOf[i]!;
  };
  const inTree = tallies.map((t, i) => (t.parent !== -1 || t.children > 0 ? i : -1)).filter((i) => i >= 0);
  const counts = new Map<number, number>();
  for (const i of inTree) counts.set(depth(i), (counts.get(depth(i)) ?? 0) + 1);
  const roots = tallies.filter((t) => t.parent === -1 && t.children > 0).length;
  return {
    sent,
    assists,
    fakeAssists,
    trees: roots,
    playersInTrees: inTree.length,
    maxDepth: counts.size ? Math.max(...counts.keys()) : 0,
    depth: [...counts].map(([d, players]) => ({ depth: d, players })).sort((a, b) => a.depth - b.depth),
    fanOut: distribution(tallies.filter((t) => t.children > 0).map((t) => t.children)),
  };
}

function settlementStats(run: SimulationRun): Report['settlement'] {
  const orders = run.tally.orders;
  const share = (n: number) => ratio(orders.count ? n / orders.count : 0);
  const thresholds = run.campaign.definition.pricing?.thresholds ?? [];
  return {
    orders: orders.count,
    list: orders.list,
    discount: orders.discount,
    payable: orders.payable,
    discountRate: ratio(orders.list ? orders.discount / orders.list : 0),
    platform: orders.platform,
    merchant: orders.merchant,
    sources: orders.costs.result(),
    withCoupons: orders.withCoupons,
    thresholds: thresholds.map((t) => ({ id: t.id, reached: orders.reached.get(t.id) ?? 0, share: share(orders.reached.get(t.id) ?? 0) })),
    toppedUp: { carts: orders.toppedUp, share: share(orders.toppedUp), added: distribution(orders.topUps) },
  };
}

/**
 * What must hold after any run: the stored balances add up to zero and every posting is well
 * formed (postings alone always add up to zero: each moves one amount out of one account and into
 * another), every stored balance is what its postings add up to, no bounded account is negative,
 * no budget is exceeded, what the engine's answers said they paid is what the ledger holds, and
 * orders' discounts add up by source and by funder.
 */
function invariants(run: SimulationRun, sums: LedgerSums, stored: Map<string, number>, burns: readonly BudgetBurn[]): Invariant[] {
  const { tally } = run;
  const { posted, cashPaidFrom: cashPosted } = sums;
  const total = sum(stored.values());
  const mismatched = [...stored].filter(([ledgerId, balance]) => balance !== posted.get(ledgerId));
  const negative = [...stored].filter(([ledgerId, balance]) => balance < 0 && !isUnboundedAccount(accountOfLedgerId(ledgerId)!));
  const over = burns.filter((b) => b.spent + b.reserved > b.amount);
  const minted = sum(sums.candyMinted.values());
  const redeemed = posted.get(accounts.redeemed.id) ?? 0;
  const cashDiffers = run.campaign.definition.budgets.filter((b) => (cashPosted.get(b.id) ?? 0) !== (tally.cashPaid.get(b.id) ?? 0));
  const spentDiffers = burns.filter((b) => -(stored.get(accounts.budget(b.id).id) ?? 0) !== b.spent);
  const orders = tally.orders;
  const bySource = sum(orders.costs.result().map((s) => s.amount));
  return [
    {
      name: 'ledger balances',
      holds: total === 0 && sums.malformed === 0,
      detail: `balances add up to ${total} over ${stored.size} accounts; ${sums.malformed === 0 ? 'every posting moves' : `${sums.malformed} postings do not move`} a positive whole amount between two accounts`,
    },
    { name: 'balances are their postings', holds: mismatched.length === 0, detail: mismatched.length ? `differ: ${mismatched.slice(0, 5).map(([a, b]) => `${a} holds ${b}, postings ${posted.get(a)}`).join('; ')}` : `${stored.size} accounts checked` },
    { name: 'no balance below zero', holds: negative.length === 0, detail: negative.length ? negative.slice(0, 5).map(([a, b]) => `${a}: ${b}`).join('; ') : 'every bounded account at zero or more' },
    { name: 'budgets never exceeded', holds: over.length === 0, detail: over.length ? over.map((b) => `${b.id}: ${b.spent + b.reserved} of ${b.amount}`).join('; ') : `${burns.length} budgets within their amounts` },
    { name: 'budgets spent are their postings', holds: spentDiffers.length === 0, detail: spentDiffers.length ? spentDiffers.map((b) => `${b.id}: spent ${b.spent}, posted ${-(stored.get(accounts.budget(b.id).id) ?? 0)}`).join('; ') : 'every budget' },
    { name: 'candy the answers credited is the candy minted', holds: minted === tally.candyCredited, detail: `answers ${tally.candyCredited}, ledger ${minted}` },
    { name: 'candy the answers spent on boxes is the candy redeemed', holds: redeemed === tally.candyPaidForBoxes, detail: `answers ${tally.candyPaidForBoxes}, ledger ${redeemed}` },
    {
      name: "orders' discounts are their sources and funders",
      holds: bySource === orders.discount && orders.platform + orders.merchant === orders.discount,
      detail: `discount ${orders.discount}; by source ${bySource}; platform ${orders.platform} + merchants ${orders.merchant}`,
    },
    { name: 'cash the answers paid is the cash posted', holds: cashDiffers.length === 0, detail: cashDiffers.length ? cashDiffers.map((b) => `${b.id}: answers ${tally.cashPaid.get(b.id) ?? 0}, ledger ${cashPosted.get(b.id) ?? 0}`).join('; ') : 'every budget' },
  ];
}
