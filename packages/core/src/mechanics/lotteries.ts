import { keyedHmac } from '../sha256.ts';
import { iso, type Campaign } from '../campaign.ts';
import type { CommandContext, Outcome } from '../command.ts';
import { budgetRoom, holdInBudget, payFromBudget } from '../budget.ts';
import type { LotteryDefinition } from '../definition.ts';
import { fail, ok, type Result } from '../errors.ts';
import { CAMPAIGN, campaignRecords, counters, records } from '../keys.ts';
import { commitment, drawWinners, publicValueWritten, ticketListHash, type Prize, type PublishedDraw, type Ticket } from '../lottery-draw.ts';
import { CROCKFORD_UPPER, randomCode, type Random } from '../random.ts';
import type { Plan, RecordListing, StateView } from '../state.ts';
import type { ReadView } from '../store.ts';

/**
 * Scheduled lotteries in the engine: tickets issued between `opensAt` and `drawAt`, the list
 * frozen at `drawAt`, and one atomic, idempotent draw (see lottery-draw.ts for the procedure)
 * that pays cash prizes from the lottery's budget. A crash before the draw commits leaves
 * nothing behind, and drawing again gives the same winners: they depend only on the seed, the
 * frozen list and the public value.
 */

/** The secret seed of a lottery: derived from the campaign's, so it is fixed from publication on and never stored apart. */
export function lotterySeed(campaign: Campaign, lotteryId: string): string {
  return Buffer.from(keyedHmac(campaign.seed).digest(`lottery-seed\u0000${lotteryId}`)).toString('hex');
}

/** What a draw recorded, and what anyone needs to verify it besides the ticket list. */
export interface LotteryResult {
  publicValue: string;
  seed: string;
  commitment: string;
  ticketsHash: string;
  tickets: number;
  /** The tiers and win limit drawn with, kept so that a later version of the definition cannot change what verifies. */
  prizes: Prize[];
  maxWinsPerPlayer: number;
  winners: { tier: string; ticket: string; playerId: string; cash: number | null; clearCart?: { cap: number; until: string }; unpaid?: 'budget' }[];
  at: string;
}

/**
 * A clear-cart prize a player won: the campaign pays their next order up to `cap` until
 * `until`, the cap held in the lottery's budget meanwhile. `reserved` while an unpaid order holds
 * it, `used` once paid, `lapsed` when the window closed unused (the hold then released).
 */
export interface ClearCartPrize {
  lotteryId: string;
  ticket: string;
  budget: string;
  cap: number;
  until: string;
  status: 'open' | 'reserved' | 'used' | 'lapsed';
  order?: string;
}

/**
 * The command's player id for operator commands that belong to no player (a draw, a pool's
 * settle run). Player ids never contain `|`, so no player can share its idempotency keys.
 */
export const OPERATOR_ID = '|operator';

/** `7QK2M-XW3DP`: 50 bits from the command's random stream, unguessable and readable. */
const ticketCode = (random: Random) => `${randomCode(random, CROCKFORD_UPPER, 5)}-${randomCode(random, CROCKFORD_UPPER, 5)}`;

/**
 * Issues up to `count` tickets of a lottery to a player (the command's, unless named) while it
 * is open, within `maxTicketsPerPlayer`; returns the codes issued (none outside the window).
 */
export function issueTickets(plan: Plan, ctx: CommandContext, lottery: LotteryDefinition, count: number, playerId = ctx.playerId): string[] {
  if (ctx.now < Date.parse(lottery.opensAt) || ctx.now >= Date.parse(lottery.drawAt)) return [];
  const held = plan.record<string[]>(playerId, records.tickets(lottery.id)) ?? [];
  const room = lottery.maxTicketsPerPlayer === undefined ? count : Math.max(0, Math.min(count, lottery.maxTicketsPerPlayer - held.length));
  const issued: string[] = [];
  const random = ctx.random();
  while (issued.length < room) {
    const code = ticketCode(random);
    // 2^50 codes: a clash is all but impossible, and drawing again keeps codes unique if one happens.
    if (plan.record(CAMPAIGN, campaignRecords.ticket(lottery.id, code)) !== undefined || issued.includes(code)) continue;
    plan.put(CAMPAIGN, campaignRecords.ticket(lottery.id, code), { code, playerId } satisfies Ticket);
    issued.push(code);
  }
  if (issued.length) plan.put(playerId, records.tickets(lottery.id), [...held, ...issued]);
  return issued;
}

/** Entry paths: a completed task that earns tickets ("post 3 reviews, get 1 entry"). */
export function ticketsForTask(plan: Plan, ctx: CommandContext, taskId: string): string[] {
  const issued: string[] = [];
  for (const lottery of ctx.campaign.lotteries.values()) {
    for (const entry of lottery.entries) {
      if (entry.task !== taskId) continue;
      const done = plan.counter(ctx.playerId, counters.taskTotal(taskId));
      if (done % (entry.every ?? 1) === 0) issued.push(...issueTickets(plan, ctx, lottery, 1));
    }
  }
  return issued;
}

function lotteryOf(ctx: CommandContext, lotteryId: string): Result<LotteryDefinition> {
  const lottery = ctx.campaign.lotteries.get(lotteryId);
  return lottery ? ok(lottery) : fail({ code: 'LOTTERY_NOT_FOUND', lotteryId });
}

/** The host platform grants tickets (an entry path it verifies itself, such as a shared cart). */
export function grantTickets(plan: Plan, ctx: CommandContext, lotteryId: string, count: number): Result<Outcome> {
  if (ctx.actor !== 'host') return fail({ code: 'HOST_ONLY', action: 'granting lottery tickets' });
  const found = lotteryOf(ctx, lotteryId);
  if (!found.ok) return found;
  const lottery = found.value;
  if (ctx.now < Date.parse(lottery.opensAt) || ctx.now >= Date.parse(lottery.drawAt)) {
    return fail({ code: 'LOTTERY_NOT_OPEN', lotteryId, opensAt: iso(Date.parse(lottery.opensAt)), drawAt: iso(Date.parse(lottery.drawAt)) });
  }
  return ok({ type: 'lottery.tickets', lotteryId, tickets: issueTickets(plan, ctx, lottery, count) });
}

/** Excludes a player's tickets from a lottery; only before the freeze, so the frozen list is final. */
export function banFromLottery(plan: Plan, ctx: CommandContext, lotteryId: string): Result<Outcome> {
  if (ctx.actor !== 'host') return fail({ code: 'HOST_ONLY', action: 'banning players' });
  const found = lotteryOf(ctx, lotteryId);
  if (!found.ok) return found;
  if (ctx.now >= Date.parse(found.value.drawAt)) return fail({ code: 'LOTTERY_FROZEN', lotteryId, drawAt: iso(Date.parse(found.value.drawAt)) });
  const banned = plan.record<string[]>(CAMPAIGN, campaignRecords.lotteryBans(lotteryId)) ?? [];
  if (!banned.includes(ctx.playerId)) plan.put(CAMPAIGN, campaignRecords.lotteryBans(lotteryId), [...banned, ctx.playerId]);
  return ok({ type: 'lottery.banned', lotteryId, playerId: ctx.playerId });
}

/** The frozen ticket list: every ticket issued, less those of banned players. */
export function frozenTickets(view: StateView & RecordListing, lotteryId: string): Ticket[] {
  const banned = new Set(view.record<string[]>(CAMPAIGN, campaignRecords.lotteryBans(lotteryId)) ?? []);
  return view.recordsWithPrefix<Ticket>(CAMPAIGN, campaignRecords.ticketPrefix(lotteryId)).filter((ticket) => !banned.has(ticket.playerId));
}

/**
 * Draws a lottery once its list is frozen, with the public value the operator supplies. Drawing
 * again returns the recorded result and changes nothing. Cash prizes are paid from the budget
 * in the same step; a prize the budget can no longer pay is recorded as unpaid.
 */
export function drawLottery(plan: Plan, ctx: CommandContext, lotteryId: string, publicValue: string): Result<Outcome> {
  if (ctx.actor !== 'host') return fail({ code: 'HOST_ONLY', action: 'drawing lotteries' });
  const found = lotteryOf(ctx, lotteryId);
  if (!found.ok) return found;
  const lottery = found.value;
  if (ctx.now < Date.parse(lottery.drawAt)) return fail({ code: 'LOTTERY_NOT_DUE', lotteryId, drawAt: iso(Date.parse(lottery.drawAt)) });
  const recorded = plan.record<LotteryResult>(CAMPAIGN, campaignRecords.lotteryResult(lotteryId));
  if (recorded) return ok(drawnOutcome(lotteryId, recorded));
  if (!publicValueWritten(publicValue, lottery.publicValueFormat)) return fail({ code: 'PUBLIC_VALUE_MALFORMED', lotteryId, format: lottery.publicValueFormat! });

  const seed = lotterySeed(ctx.campaign, lotteryId);
  const tickets = frozenTickets(plan, lotteryId);
  const tierOf = new Map(lottery.tiers.map((t) => [t.id, t]));
  const prizes = lottery.tiers.map((t) => ({ tier: t.id, count: t.count }));
  const maxWinsPerPlayer = lottery.maxWinsPerPlayer ?? 1;
  const drawn = drawWinners({ seed, publicValue, tickets, prizes, maxWinsPerPlayer });
  // Cash paid and clear-cart caps held in draw order while the budget lasts; one guarded charge for each.
  let room = lottery.budget === undefined ? 0 : budgetRoom(plan, ctx.campaign, lottery.budget);
  const payments: { playerId: string; amount: number }[] = [];
  let held = 0;
  const winners = drawn.winners.map((winner): LotteryResult['winners'][number] => {
    const { cash, clearCart } = tierOf.get(winner.tier)!.reward;
    const cost = cash ?? clearCart?.cap;
    if (cost === undefined) return { ...winner, cash: null };
    if (cost > room) return { ...winner, cash: null, unpaid: 'budget' };
    room -= cost;
    if (cash !== undefined) {
      payments.push({ playerId: winner.playerId, amount: cash });
      return { ...winner, cash };
    }
    held += clearCart!.cap;
    const prize: ClearCartPrize = {
      lotteryId,
      ticket: winner.ticket,
      budget: lottery.budget!,
      cap: clearCart!.cap,
      until: iso(ctx.now + clearCart!.payWithinHours * 3_600_000),
      status: 'open',
    };
    plan.put(winner.playerId, records.clearCartPrize(lotteryId, winner.ticket), prize);
    return { ...winner, cash: null, clearCart: { cap: prize.cap, until: prize.until } };
  });
  if (payments.length) payFromBudget(plan, ctx.campaign, lottery.budget!, payments, 'lottery-prize', lotteryId);
  if (held) holdInBudget(plan, ctx.campaign, lottery.budget!, held);
  const result: LotteryResult = {
    publicValue,
    seed,
    commitment: commitment(seed),
    ticketsHash: drawn.ticketsHash,
    tickets: tickets.length,
    prizes,
    maxWinsPerPlayer,
    winners,
    at: iso(ctx.now),
  };
  plan.put(CAMPAIGN, campaignRecords.lotteryResult(lotteryId), result);
  return ok(drawnOutcome(lotteryId, result));
}

function drawnOutcome(lotteryId: string, result: LotteryResult): Outcome {
  let paid = 0;
  for (const winner of result.winners) paid += winner.cash ?? 0;
  return { type: 'lottery.drawn', lotteryId, ticketsHash: result.ticketsHash, tickets: result.tickets, winners: result.winners.length, paid, at: result.at };
}

// A frozen list cannot change (no tickets are issued and no bans taken from drawAt on), so its
// hash is computed once per campaign version rather than on every player's read.
const frozenHashes = new WeakMap<Campaign, Map<string, string>>();

function frozenHash(campaign: Campaign, view: ReadView, lotteryId: string): string {
  let hashes = frozenHashes.get(campaign);
  if (!hashes) frozenHashes.set(campaign, (hashes = new Map()));
  let hash = hashes.get(lotteryId);
  if (hash === undefined) hashes.set(lotteryId, (hash = ticketListHash(frozenTickets(view, lotteryId))));
  return hash;
}

/**
 * Releases the budget held for clear-cart prizes whose window closed unused. The operator runs it
 * after the windows; running it again releases nothing more.
 */
export function releaseLapsedPrizes(plan: Plan, ctx: CommandContext, lotteryId: string): Result<Outcome> {
  if (ctx.actor !== 'host') return fail({ code: 'HOST_ONLY', action: 'releasing prizes' });
  const found = lotteryOf(ctx, lotteryId);
  if (!found.ok) return found;
  const result = plan.record<LotteryResult>(CAMPAIGN, campaignRecords.lotteryResult(lotteryId));
  if (!result) return fail({ code: 'LOTTERY_NOT_DUE', lotteryId, drawAt: iso(Date.parse(found.value.drawAt)) });
  let prizes = 0;
  let released = 0;
  for (const winner of result.winners) {
    if (!winner.clearCart) continue;
    const key = records.clearCartPrize(lotteryId, winner.ticket);
    const prize = plan.record<ClearCartPrize>(winner.playerId, key);
    if (prize?.status !== 'open' || ctx.now < Date.parse(prize.until)) continue;
    plan.put(winner.playerId, key, { ...prize, status: 'lapsed' } satisfies ClearCartPrize);
    prizes++;
    released += prize.cap;
  }
  if (released) holdInBudget(plan, ctx.campaign, found.value.budget!, -released);
  return ok({ type: 'lottery.released', lotteryId, prizes, released });
}

export type LotteryStatus = 'upcoming' | 'open' | 'frozen' | 'drawn';

/** What a player sees of a lottery. */
export interface LotteryState {
  id: string;
  title: string;
  status: LotteryStatus;
  opensAt: string;
  drawAt: string;
  /** Names the public value the draw will use. */
  publicValue: string;
  /** How the public value must be written, when the definition says. */
  publicValueFormat: LotteryDefinition['publicValueFormat'] | null;
  tiers: LotteryDefinition['tiers'];
  /** SHA-256 of the secret seed, published from the opening on. */
  commitment: string | null;
  /** The frozen ticket list's hash, from the freeze on. */
  ticketsHash: string | null;
  myTickets: string[];
  /** After the draw: the public value used, the revealed seed, and every winner. */
  result: Omit<LotteryResult, 'commitment' | 'ticketsHash'> | null;
}

export function lotteryState(campaign: Campaign, view: ReadView, lotteryId: string, playerId: string, now: number): LotteryState | undefined {
  const lottery = campaign.lotteries.get(lotteryId);
  if (!lottery) return undefined;
  const result = view.record<LotteryResult>(CAMPAIGN, campaignRecords.lotteryResult(lotteryId)) ?? null;
  const opened = now >= Date.parse(lottery.opensAt);
  const frozen = now >= Date.parse(lottery.drawAt);
  const status: LotteryStatus = result ? 'drawn' : frozen ? 'frozen' : opened ? 'open' : 'upcoming';
  let ticketsHash: string | null = null;
  if (result) ticketsHash = result.ticketsHash;
  else if (frozen) ticketsHash = frozenHash(campaign, view, lotteryId);
  const { commitment: _commitment, ticketsHash: _hash, ...revealed } = result ?? ({} as LotteryResult);
  return {
    id: lottery.id,
    title: lottery.title,
    status,
    opensAt: iso(Date.parse(lottery.opensAt)),
    drawAt: iso(Date.parse(lottery.drawAt)),
    publicValue: lottery.publicValue,
    publicValueFormat: lottery.publicValueFormat ?? null,
    tiers: lottery.tiers,
    commitment: opened ? commitment(lotterySeed(campaign, lotteryId)) : null,
    ticketsHash,
    myTickets: view.record<string[]>(playerId, records.tickets(lotteryId)) ?? [],
    result: result ? revealed : null,
  };
}

/** Everything `carnival verify-draw` needs, once a lottery is drawn. */
export function publishedDraw(campaign: Campaign, view: ReadView, lotteryId: string): (PublishedDraw & { lotteryId: string }) | undefined {
  const result = view.record<LotteryResult>(CAMPAIGN, campaignRecords.lotteryResult(lotteryId));
  const lottery = campaign.lotteries.get(lotteryId);
  if (!lottery || !result) return undefined;
  return {
    lotteryId,
    commitment: result.commitment,
    seed: result.seed,
    publicValue: result.publicValue,
    // A lottery frozen at its drawAt keeps its definition (republishRefusal), the format among it.
    ...(lottery.publicValueFormat ? { publicValueFormat: lottery.publicValueFormat } : {}),
    ticketsHash: result.ticketsHash,
    tickets: frozenTickets(view, lotteryId),
    prizes: result.prizes,
    maxWinsPerPlayer: result.maxWinsPerPlayer,
    winners: result.winners.map(({ tier, ticket, playerId }) => ({ tier, ticket, playerId })),
  };
}
