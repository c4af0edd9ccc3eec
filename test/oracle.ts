/**
 * The model of the model-based suite: the campaign rules written once more, as plainly as
 * possible, over plain maps. It predicts every answer a store must give (receipt or refusal),
 * every posting, and what each player's page shows. Only two things come from the core: the
 * seeded draw (so box rewards are predicted exactly) and the share-code signature check.
 */
import {
  accounts,
  commandRandom,
  fail,
  ok,
  verifyShareCode,
  WeightedTable,
  type BoxDefinition,
  type BoxRewardDefinition,
  type CampaignDefinition,
  type CommandRequest,
  type CommandResult,
  type Credit,
  type LedgerEntry,
  type Outcome,
  type PlayerState,
  type Receipt,
  type Result,
  type TaskDefinition,
} from '@carnival/core';
import { expect } from 'vitest';
import { DAY, isoOf, localDate } from './fixtures.ts';
import type { Exchange } from './session.ts';

const DEFAULT_TICKET_TTL_SECONDS = 1800;

interface Context {
  request: CommandRequest;
  player: string;
  day: string;
}

/** What the model says a player's page shows, in the shape `viewOf` gives a real PlayerState. */
export interface PlayerView {
  balance: number;
  earnedToday: number;
  tasks: Record<string, { doneToday: number; doneTotal: number }>;
  boxes: Record<string, { available: number; opened: number }>;
  invitations: { receivedToday: number; givenToday: number };
}

const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY);

function limitsOf(task: TaskDefinition): { perDay?: number; total?: number } {
  if (task.kind === 'checkin') return { perDay: 1 };
  return task.limits ?? (task.kind === 'browse' ? { perDay: 1 } : { total: 1 });
}

export class Oracle {
  /** Every posting so far, oldest first. */
  readonly entries: LedgerEntry[] = [];
  readonly #balances = new Map<string, number>();
  readonly #counts = new Map<string, number>();
  readonly #done = new Map<string, { payload: string; receipt: Receipt }>();
  readonly #tickets = new Map<string, { readyAt: number; expiresAt: number }>();
  readonly #checkins = new Map<string, { lastDay: string; streak: number }>();
  readonly #codes = new Map<string, string>();
  readonly #sharers = new Map<string, string>();

  constructor(
    readonly definition: CampaignDefinition,
    readonly seed: string,
    readonly version = 1,
  ) {}

  /** Checks a store's answers to one exchange against the model, taking the model's step. */
  check({ request, results }: Exchange): void {
    // Results come fresh answer first; every other copy must then be its replay.
    for (const actual of results) expect(actual).toEqual(this.#execute(request, actual));
  }

  balance(account: string): number {
    return this.#balances.get(account) ?? 0;
  }

  view(player: string, now: number): PlayerView {
    const day = localDate(now);
    return {
      balance: this.balance(accounts.player(player).id),
      earnedToday: this.#count('earned', player, day),
      tasks: Object.fromEntries(
        this.definition.tasks.map((t) => [t.id, { doneToday: this.#count('task-day', player, t.id, day), doneTotal: this.#count('task-total', player, t.id) }]),
      ),
      boxes: Object.fromEntries(
        this.definition.boxes.map((b) => [
          b.id,
          { available: this.#count('box-earned', player, b.id) - this.#count('box-earned-opened', player, b.id), opened: this.#count('box-opened', player, b.id) },
        ]),
      ),
      invitations: { receivedToday: this.#count('assists-in', player, day), givenToday: this.#count('assists-out', player, day) },
    };
  }

  /** The model's answer to a request; `actual` only lends a newly created share code, checked. */
  #execute(request: CommandRequest, actual: CommandResult): CommandResult {
    const id = `${request.playerId}|${request.key}`;
    // Who sent it is part of the request: the host's key is not the player's frontend's.
    const payload = JSON.stringify({ actor: request.actor, command: request.command });
    const stored = this.#done.get(id);
    if (stored) {
      if (stored.payload !== payload) return { ok: false, error: { code: 'IDEMPOTENCY_CONFLICT', key: request.key } };
      const ranAt = stored.receipt.at;
      if (request.now - Date.parse(ranAt) >= DAY) return { ok: false, error: { code: 'IDEMPOTENCY_KEY_EXPIRED', key: request.key, ranAt } };
      return { ok: true, receipt: stored.receipt, replayed: true };
    }
    const decided = this.#decide({ request, player: request.playerId, day: localDate(request.now) }, actual);
    if (!decided.ok) return decided;
    const receipt: Receipt = {
      key: request.key,
      campaignId: this.definition.id,
      playerId: request.playerId,
      version: this.version,
      at: isoOf(request.now),
      outcome: decided.value,
    };
    this.#done.set(id, { payload, receipt });
    return { ok: true, receipt, replayed: false };
  }

  /** Every rule checks everything before it changes anything, so a refusal leaves the model as it was. */
  #decide(ctx: Context, actual: CommandResult): Result<Outcome> {
    const command = ctx.request.command;
    switch (command.type) {
      case 'task.start':
        return this.#start(ctx, command.taskId);
      case 'task.complete':
        return this.#complete(ctx, command.taskId);
      case 'invitation.create':
        if (!this.definition.invitations) return fail({ code: 'INVITATIONS_NOT_OPEN', opensAt: null });
        return ok({ type: 'invitation.created', code: this.#codes.get(ctx.player) ?? this.#adoptCode(ctx.player, actual) });
      case 'invitation.accept':
        return this.#accept(ctx, command.code);
      case 'box.open':
        return this.#open(ctx, command.boxId);
      default:
        // Coupons and orders have their own suites (settlement properties, order races); the model run never sends them.
        throw new Error(`the oracle does not model ${command.type}`);
    }
  }

  // ---- tasks

  #find(ctx: Context, taskId: string): Result<TaskDefinition> {
    const task = this.definition.tasks.find((t) => t.id === taskId);
    if (!task) return fail({ code: 'TASK_NOT_FOUND', taskId });
    const opensAt = this.#closedUntil(task.phases, ctx.request.now);
    return opensAt === undefined ? ok(task) : fail({ code: 'TASK_NOT_OPEN', taskId, opensAt });
  }

  #withinLimits(ctx: Context, task: TaskDefinition): Result<TaskDefinition> {
    const limits = limitsOf(task);
    if (task.kind === 'checkin') {
      if (this.#checkins.get(`${ctx.player}|${task.id}`)?.lastDay === ctx.day) return fail({ code: 'ALREADY_CHECKED_IN', taskId: task.id, day: ctx.day });
    } else if (limits.perDay !== undefined && this.#count('task-day', ctx.player, task.id, ctx.day) >= limits.perDay) {
      return fail({ code: 'DAILY_LIMIT_REACHED', subject: `task "${task.id}"`, limit: limits.perDay });
    }
    if (limits.total !== undefined && this.#count('task-total', ctx.player, task.id) >= limits.total) {
      return fail({ code: 'TOTAL_LIMIT_REACHED', subject: `task "${task.id}"`, limit: limits.total });
    }
    return ok(task);
  }

  #start(ctx: Context, taskId: string): Result<Outcome> {
    const found = this.#find(ctx, taskId);
    if (!found.ok) return found;
    if (found.value.kind !== 'browse') return fail({ code: 'WRONG_TASK_KIND', taskId, kind: found.value.kind, expected: 'browse' });
    const limited = this.#withinLimits(ctx, found.value);
    if (!limited.ok) return limited;
    const { seconds, ticketTtlSeconds } = found.value;
    const key = `${ctx.player}|${taskId}`;
    let ticket = this.#tickets.get(key);
    if (!ticket || ticket.expiresAt <= ctx.request.now) {
      const now = ctx.request.now;
      ticket = { readyAt: now + seconds * 1000, expiresAt: now + (ticketTtlSeconds ?? DEFAULT_TICKET_TTL_SECONDS) * 1000 };
      this.#tickets.set(key, ticket);
    }
    return ok({ type: 'task.started', taskId, readyAt: isoOf(ticket.readyAt), expiresAt: isoOf(ticket.expiresAt) });
  }

  #complete(ctx: Context, taskId: string): Result<Outcome> {
    const found = this.#find(ctx, taskId);
    const limited = found.ok ? this.#withinLimits(ctx, found.value) : found;
    if (!limited.ok) return limited;
    const task = limited.value;
    const { now } = ctx.request;
    const key = `${ctx.player}|${taskId}`;
    let amount = task.reward.candy;
    let streak: { days: number; tableDay: number } | undefined;
    if (task.kind === 'browse') {
      const ticket = this.#tickets.get(key);
      if (!ticket) return fail({ code: 'BROWSE_NOT_STARTED', taskId });
      if (now >= ticket.expiresAt) return fail({ code: 'BROWSE_EXPIRED', taskId, expiredAt: isoOf(ticket.expiresAt) });
      if (now < ticket.readyAt) return fail({ code: 'BROWSE_TOO_EARLY', taskId, secondsRemaining: Math.ceil((ticket.readyAt - now) / 1000) });
      this.#tickets.delete(key);
    } else if (task.kind === 'action') {
      if ((task.verifiedBy ?? 'host') === 'host' && ctx.request.actor !== 'host') return fail({ code: 'HOST_VERIFIED_TASK', taskId });
    } else {
      const last = this.#checkins.get(key);
      const days = last && daysBetween(last.lastDay, ctx.day) === 1 ? last.streak + 1 : 1;
      this.#checkins.set(key, { lastDay: ctx.day, streak: days });
      const table = task.streak?.days ?? [];
      const tableDay = table.length === 0 ? 1 : task.streak?.afterLast === 'restart' ? ((days - 1) % table.length) + 1 : Math.min(days, table.length);
      if (table.length > 0) amount = table[tableDay - 1]!.reward.candy;
      streak = { days, tableDay };
    }
    this.#bump('task-day', ctx.player, taskId, ctx.day);
    this.#bump('task-total', ctx.player, taskId);
    const candy = this.#credit(ctx, ctx.player, amount, 'task', taskId);
    const done = this.#bump('tasks-done', ctx.player);
    const boxesEarned = this.definition.boxes.filter((b) => b.earn && done % b.earn.everyTasks === 0).map((b) => b.id);
    for (const box of boxesEarned) this.#bump('box-earned', ctx.player, box);
    return ok(streak ? { type: 'task.completed', taskId, candy, streak, boxesEarned } : { type: 'task.completed', taskId, candy, boxesEarned });
  }

  // ---- invitations

  /** The share code the store made up, if it is validly signed and nobody else's. */
  #adoptCode(player: string, actual: CommandResult): string {
    const code = actual.ok && actual.receipt.outcome.type === 'invitation.created' ? actual.receipt.outcome.code : undefined;
    const shareId = code === undefined ? undefined : verifyShareCode(this.seed, this.definition.id, code);
    if (code === undefined || shareId === undefined || this.#sharers.has(shareId)) return '(a new, validly signed share code)';
    this.#codes.set(player, code);
    this.#sharers.set(shareId, player);
    return code;
  }

  #accept(ctx: Context, code: string): Result<Outcome> {
    const rules = this.definition.invitations;
    if (!rules) return fail({ code: 'INVITATIONS_NOT_OPEN', opensAt: null });
    const opensAt = this.#closedUntil(rules.phases, ctx.request.now);
    if (opensAt !== undefined) return fail({ code: 'INVITATIONS_NOT_OPEN', opensAt });
    const shareId = verifyShareCode(this.seed, this.definition.id, code);
    const inviterId = shareId === undefined ? undefined : this.#sharers.get(shareId);
    const friend = ctx.player;
    if (inviterId === undefined) return fail({ code: 'INVALID_SHARE_CODE' });
    if (inviterId === friend) return fail({ code: 'SELF_ASSIST' });
    if (this.#count('pair', inviterId, friend) > 0) return fail({ code: 'ALREADY_ASSISTED', inviterId });
    const { perInviterPerDay, perFriendPerDay } = rules.limits;
    if (this.#count('assists-in', inviterId, ctx.day) >= perInviterPerDay) return fail({ code: 'INVITER_DAILY_CAP', limit: perInviterPerDay });
    if (this.#count('assists-out', friend, ctx.day) >= perFriendPerDay) return fail({ code: 'FRIEND_DAILY_CAP', limit: perFriendPerDay });
    this.#bump('pair', inviterId, friend);
    this.#bump('assists-in', inviterId, ctx.day);
    this.#bump('assists-out', friend, ctx.day);
    const newCustomer = ctx.request.claims.newCustomer === true;
    const reward = newCustomer && rules.newCustomerReward ? rules.newCustomerReward : rules.reward;
    const inviter = this.#credit(ctx, inviterId, reward.inviter.candy, 'assist-received', friend);
    const friendCredit = this.#credit(ctx, friend, reward.friend.candy, 'assist-given', inviterId);
    return ok({ type: 'invitation.accepted', inviterId, newCustomer, inviter, friend: friendCredit });
  }

  // ---- boxes

  /**
   * Opens a box: an unopened earned box first, else one bought with candy. A box bought with
   * candy never uses up a box earned later.
   */
  #open(ctx: Context, boxId: string): Result<Outcome> {
    const box = this.definition.boxes.find((b) => b.id === boxId);
    if (!box) return fail({ code: 'BOX_NOT_FOUND', boxId });
    const opensAt = this.#closedUntil(box.phases, ctx.request.now);
    if (opensAt !== undefined) return fail({ code: 'BOX_NOT_OPEN', boxId, opensAt });
    const { player } = ctx;
    const limits = box.limits ?? {};
    if (limits.perDay !== undefined && this.#count('box-day', player, boxId, ctx.day) >= limits.perDay) {
      return fail({ code: 'DAILY_LIMIT_REACHED', subject: `box "${boxId}"`, limit: limits.perDay });
    }
    if (limits.total !== undefined && this.#count('box-opened', player, boxId) >= limits.total) {
      return fail({ code: 'TOTAL_LIMIT_REACHED', subject: `box "${boxId}"`, limit: limits.total });
    }
    const hasEarned = this.#count('box-earned-opened', player, boxId) < this.#count('box-earned', player, boxId);
    if (!hasEarned) {
      if (!box.price) return fail({ code: 'NO_BOX_TO_OPEN', boxId });
      const balance = this.balance(accounts.player(player).id);
      if (balance < box.price.candy) return fail({ code: 'INSUFFICIENT_CANDY', needed: box.price.candy, balance });
    }
    // Nothing left to give: refused before anything is taken.
    const { reward, fellBack, unavailable } = this.#draw(ctx, box);
    if (!reward) return fail({ code: 'BOX_EMPTY', boxId, reason: unavailable!.reason });
    if (!hasEarned) this.#post(ctx, accounts.player(player).id, accounts.redeemed.id, box.price!.candy, 'box', boxId);
    else this.#bump('box-earned-opened', player, boxId);
    this.#bump('box-opened', player, boxId);
    this.#bump('box-day', player, boxId, ctx.day);

    if (reward.stock !== undefined) this.#bump('stock', boxId, reward.id);
    const candy = reward.reward.candy ? this.#credit(ctx, player, reward.reward.candy, 'box-reward', boxId) : null;
    return ok({
      type: 'box.opened',
      boxId,
      paidWith: hasEarned ? 'earned' : 'candy',
      paidCandy: hasEarned ? 0 : box.price!.candy,
      rewardId: reward.id,
      candy,
      cash: null,
      prize: reward.reward.prize ?? null,
      fellBack,
      unavailable,
    });
  }

  /** The command's seeded draw over the whole table; out of stock, a redraw among what is left or the fallback. */
  #draw(ctx: Context, box: BoxDefinition): { reward: BoxRewardDefinition | undefined; fellBack: boolean; unavailable: { rewardId: string; reason: 'stock' } | null } {
    const random = commandRandom(this.seed, this.definition.id, ctx.player, ctx.request.key);
    const inStock = (r: BoxRewardDefinition) => r.stock === undefined || this.#count('stock', box.id, r.id) < r.stock;
    const drawn = WeightedTable.of(box.rewards).draw(random);
    if (inStock(drawn)) return { reward: drawn, fellBack: false, unavailable: null };
    // The model campaign pays no cash and sets no per-player limits: only stock runs out.
    const unavailable = { rewardId: drawn.id, reason: 'stock' as const };
    const rule = box.whenOutOfStock ?? 'redraw';
    if (rule === 'redraw') {
      // The same rows, the sold-out ones at weight 0: a table of its own, not the engine's cached `without`.
      const left = box.rewards.map((r) => (inStock(r) ? r.weight : 0));
      return { reward: left.some((w) => w > 0) ? new WeightedTable(box.rewards, left).draw(random) : undefined, fellBack: false, unavailable };
    }
    return { reward: box.rewards.find((r) => r.id === rule.fallback), fellBack: true, unavailable };
  }

  // ---- candy, counts and windows

  /** Credits candy within the daily earning cap; the credit says how much fit. */
  #credit(ctx: Context, player: string, amount: number, reason: string, memo: string): Credit {
    const cap = this.definition.wallet?.dailyEarnCap;
    const room = cap === undefined ? amount : Math.max(0, cap - this.#count('earned', player, ctx.day));
    const credited = Math.min(amount, room);
    if (credited > 0) {
      this.#add(credited, 'earned', player, ctx.day);
      this.#post(ctx, accounts.issuance.id, accounts.player(player).id, credited, reason, memo);
    }
    return credited < amount ? { requested: amount, credited, cappedBy: 'dailyEarnCap' } : { requested: amount, credited };
  }

  #post(ctx: Context, from: string, to: string, amount: number, reason: string, memo: string): void {
    this.#balances.set(from, this.balance(from) - amount);
    this.#balances.set(to, this.balance(to) + amount);
    const { request } = ctx;
    this.entries.push({
      campaignId: this.definition.id,
      version: this.version,
      playerId: request.playerId,
      commandKey: request.key,
      at: isoOf(request.now),
      from,
      to,
      amount,
      reason,
      memo,
    });
  }

  #count(...parts: string[]): number {
    return this.#counts.get(parts.join('/')) ?? 0;
  }

  #bump(...parts: string[]): number {
    return this.#add(1, ...parts);
  }

  #add(by: number, ...parts: string[]): number {
    const key = parts.join('/');
    const next = (this.#counts.get(key) ?? 0) + by;
    this.#counts.set(key, next);
    return next;
  }

  /** undefined when one of the phases (every phase when absent) is open; else when one opens next, or null. */
  #closedUntil(phaseIds: readonly string[] | undefined, now: number): string | null | undefined {
    const windows = this.definition.phases.filter((p) => !phaseIds || phaseIds.includes(p.id)).map((p) => [Date.parse(p.start), Date.parse(p.end)] as const);
    if (windows.some(([start, end]) => now >= start && now < end)) return undefined;
    const later = windows.map(([start]) => start).filter((start) => start > now);
    return later.length === 0 ? null : isoOf(Math.min(...later));
  }
}

/** The part of a real player's page the model predicts. */
export function viewOf(state: PlayerState): PlayerView {
  return {
    balance: state.candy.balance,
    earnedToday: state.candy.earnedToday,
    tasks: Object.fromEntries(state.tasks.map((t) => [t.id, { doneToday: t.doneToday, doneTotal: t.doneTotal }])),
    boxes: Object.fromEntries(state.boxes.map((b) => [b.id, { available: b.available, opened: b.opened }])),
    invitations: { receivedToday: state.invitations?.receivedToday ?? 0, givenToday: state.invitations?.givenToday ?? 0 },
  };
}
