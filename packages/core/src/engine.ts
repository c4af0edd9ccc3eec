import { hash } from 'node:crypto';
import { BoundedCache } from './bounded-cache.ts';
import { iso, type Campaign } from './campaign.ts';
import { localDay } from './calendar.ts';
import { campaignFor } from './experiments.ts';
import type { Command, CommandContext, CommandRequest, Outcome, PlayerClaims, Receipt } from './command.ts';
import type { DomainError, Result } from './errors.ts';
import { isUnboundedAccount } from './keys.ts';
import { completeTask, startTask } from './mechanics/tasks.ts';
import { acceptInvitation, shareCode } from './mechanics/invitations.ts';
import { openBox } from './mechanics/boxes.ts';
import { grantAllowance, takeCoupon } from './mechanics/coupons.ts';
import { banFromLottery, drawLottery, grantTickets, releaseLapsedPrizes } from './mechanics/lotteries.ts';
import { cancelOrder, createOrder, payOrder, refundOrder } from './mechanics/orders.ts';
import { grabLuckyPacket, sendLuckyPacket } from './mechanics/lucky-packets.ts';
import { payPoolBatch, settlePool } from './mechanics/pools.ts';
import { shareCart, viewCart } from './mechanics/shared-carts.ts';
import { commandRandom, type Random } from './random.ts';
import { applyEffects, BeyondExactIntegers, Plan, type Effect, type PostingContext, type RecordListing, type StateView, type StateWriter } from './state.ts';

/**
 * The pure rule: a command against the state seen through `plan` gives an outcome, with the
 * effects that make it so collected in the plan, or a refusal. Same campaign, state, command,
 * seed and clock: the same answer, byte for byte. The player acts under their experiment
 * variants' rules (`campaignFor`); a rule that also serves another player asks for theirs.
 */
export function decide(campaign: Campaign, plan: Plan, request: CommandRequest): Result<Outcome> {
  return route(plan, new Context(campaignFor(campaign, request.playerId), request), request.command);
}

/** A command's context. A class rather than a literal so that the lazy `random` needs no closure per command. */
class Context implements CommandContext {
  readonly campaign: Campaign;
  readonly playerId: string;
  readonly key: string;
  readonly actor: 'player' | 'host';
  readonly claims: PlayerClaims;
  readonly now: number;
  readonly day: string;
  #random: Random | undefined;

  constructor(campaign: Campaign, request: CommandRequest) {
    this.campaign = campaign;
    this.playerId = request.playerId;
    this.key = request.key;
    this.actor = request.actor;
    this.claims = request.claims;
    this.now = request.now;
    this.day = localDay(request.now, campaign.definition.timezone);
  }

  random(): Random {
    return (this.#random ??= commandRandom(this.campaign.seed, this.campaign.definition.id, this.playerId, this.key));
  }
}

function route(plan: Plan, ctx: CommandContext, command: Command): Result<Outcome> {
  switch (command.type) {
    case 'task.start':
      return startTask(plan, ctx, command.taskId);
    case 'task.complete':
      return completeTask(plan, ctx, command.taskId);
    case 'invitation.create':
      return shareCode(plan, ctx);
    case 'invitation.accept':
      return acceptInvitation(plan, ctx, command.code);
    case 'box.open':
      return openBox(plan, ctx, command.boxId);
    case 'coupon.claim':
      return takeCoupon(plan, ctx, command.couponId, 'claim');
    case 'coupon.grant':
      return takeCoupon(plan, ctx, command.couponId, 'grant');
    case 'allowance.grant':
      return grantAllowance(plan, ctx, command.amount, command.memo);
    case 'order.create':
      return createOrder(plan, ctx, command);
    case 'order.pay':
      return payOrder(plan, ctx, command.orderId, command.part ?? 'full');
    case 'order.cancel':
      return cancelOrder(plan, ctx, command.orderId);
    case 'order.refund':
      return refundOrder(plan, ctx, command.orderId, command.lines);
    case 'cart.share':
      return shareCart(plan, ctx, command.items);
    case 'cart.view':
      return viewCart(plan, ctx, command.code);
    case 'pool.settle':
      return settlePool(plan, ctx, command.poolId);
    case 'lucky.send':
      return sendLuckyPacket(plan, ctx, command.packetId);
    case 'lucky.grab':
      return grabLuckyPacket(plan, ctx, command.code);
    case 'pool.pay':
      return payPoolBatch(plan, ctx, command.poolId, command.batch);
    case 'lottery.grant':
      return grantTickets(plan, ctx, command.lotteryId, command.count);
    case 'lottery.ban':
      return banFromLottery(plan, ctx, command.lotteryId);
    case 'lottery.draw':
      return drawLottery(plan, ctx, command.lotteryId, command.publicValue);
    case 'lottery.release':
      return releaseLapsedPrizes(plan, ctx, command.lotteryId);
  }
}

/** The idempotency record of an executed command. */
export interface StoredCommand {
  /** Canonical JSON of the command, to tell a retry from a different request under the same key. */
  payload: string;
  receipt: Receipt;
}

/**
 * How long a retry gets the first receipt back, in ms of the campaign clock: a day, as payment
 * APIs keep idempotency keys. A later retry under the key is refused (`IDEMPOTENCY_KEY_EXPIRED`)
 * and never runs the command again, so a store keeps every key for the campaign's life but may
 * forget a receipt once it is this old: at a festival's millions of commands, the receipts are
 * most of what idempotency costs.
 */
export const RECEIPT_RETENTION_MS = 24 * 60 * 60 * 1000;

/** What a store still holds under a used key: the record, or, once its receipt is forgotten, the payload and when it ran. */
export type KeptCommand = StoredCommand | { payload: string; at: string; receipt: null };

/** What deciding a command reads: the state, its listings, and the idempotency records. */
export interface CommandView extends StateView, RecordListing {
  storedCommand(playerId: string, key: string): KeptCommand | undefined;
}

/** A store's synchronous, already-atomic view of one campaign while it runs one command. */
export interface CommandTxn extends CommandView, StateWriter {
  saveCommand(playerId: string, key: string, stored: StoredCommand): void;
}

export type CommandResult = { ok: true; receipt: Receipt; replayed: boolean } | { ok: false; error: DomainError };

/**
 * A command decided but not yet applied. A store whose atomic step runs elsewhere (Redis, in a
 * server-side script) decides against a snapshot, then applies `effects` and `stored` together.
 */
export type Decision =
  /** A replay, a conflict or a refusal: nothing to write. */
  | { kind: 'answered'; result: CommandResult }
  | { kind: 'effects'; effects: readonly Effect[]; posting: PostingContext; stored: StoredCommand };

/**
 * Runs one command inside a store's atomic step: a retry returns the first receipt and changes
 * nothing; the same key with another payload is a conflict; otherwise decide, then apply the
 * effects and the idempotency record together. Refusals write nothing and are not remembered,
 * so a player may retry a refused command with the same key once the reason has passed.
 */
export function executeCommand(txn: CommandTxn, campaign: Campaign, request: CommandRequest): CommandResult {
  const decision = decideCommand(txn, campaign, request);
  if (decision.kind === 'answered') return decision.result;
  try {
    applyEffects(txn, decision.effects, decision.posting, isUnboundedAccount);
  } catch (error) {
    // Refused whole, nothing written: applyEffects checks every guard before it writes.
    if (error instanceof BeyondExactIntegers) return { ok: false, error: { code: 'BEYOND_EXACT_INTEGERS', account: error.account } };
    throw error;
  }
  txn.saveCommand(request.playerId, request.key, decision.stored);
  return { ok: true, receipt: decision.stored.receipt, replayed: false };
}

/** The first half of `executeCommand`: the answer, or the writes that make it, with nothing written. */
export function decideCommand(view: CommandView, campaign: Campaign, request: CommandRequest): Decision {
  const payload = commandPayload(request.command, request.actor);
  const previous = view.storedCommand(request.playerId, request.key);
  if (previous) return { kind: 'answered', result: replay(previous, payload, request) };
  const plan = new Plan(view);
  const decided = decide(campaign, plan, request);
  if (!decided.ok) return { kind: 'answered', result: decided };
  const at = iso(request.now);
  const receipt: Receipt = {
    key: request.key,
    campaignId: campaign.definition.id,
    playerId: request.playerId,
    version: campaign.version,
    at,
    outcome: decided.value,
  };
  return {
    kind: 'effects',
    effects: plan.effects,
    posting: { campaignId: receipt.campaignId, version: campaign.version, playerId: request.playerId, commandKey: request.key, at },
    stored: { payload, receipt },
  };
}

/**
 * The answer to a command whose key was used before: the first receipt for the same payload
 * within the retention window, a conflict for another payload, and after the window a refusal,
 * whether or not the store still keeps the receipt, so every store answers alike.
 */
export function replay(previous: KeptCommand, payload: string, request: CommandRequest): CommandResult {
  if (previous.payload !== payload) return { ok: false, error: { code: 'IDEMPOTENCY_CONFLICT', key: request.key } };
  const ranAt = previous.receipt === null ? previous.at : previous.receipt.at;
  if (previous.receipt === null || request.now - Date.parse(ranAt) >= RECEIPT_RETENTION_MS) {
    return { ok: false, error: { code: 'IDEMPOTENCY_KEY_EXPIRED', key: request.key, ranAt } };
  }
  return { ok: true, receipt: previous.receipt, replayed: true };
}

/**
 * The text an idempotency record keeps of a request, to tell a retry from another request under
 * the same key. Task and box commands, most of the traffic, map to a few texts that are made once
 * and shared by every record: serializing each command, and keeping a copy in each record, was a
 * tenth of the engine's time. The text is JSON with keys in a fixed order; a longer one (an
 * order's cart runs to a kilobyte) is kept as its SHA-256, which tells two commands apart as
 * surely at a tenth of the size.
 *
 * A request the host sent is marked as such: the host platform and the player's frontend choose
 * their keys apart, under the same player, so a key one of them used is another request when the
 * other sends it, refused as a conflict rather than answered with the other's receipt (which would
 * swallow the host's report without a word).
 *
 * @example
 * commandPayload({ type: 'task.complete', taskId: 'browse' }); // '{"type":"task.complete","taskId":"browse"}', the same string object every time
 * commandPayload({ type: 'task.complete', taskId: 'follow' }, 'host'); // 'host {"type":"task.complete","taskId":"follow"}'
 */
export function commandPayload(command: Command, actor: CommandRequest['actor'] = 'player'): string {
  switch (command.type) {
    case 'task.start':
    case 'task.complete':
      return sharedPayload(actor, command.type, 'taskId', command.taskId);
    case 'box.open':
      return sharedPayload(actor, command.type, 'boxId', command.boxId);
    case 'coupon.claim':
    case 'coupon.grant':
      return sharedPayload(actor, command.type, 'couponId', command.couponId);
    default:
      return marked(actor, fingerprint(JSON.stringify(command)));
  }
}

const marked = (actor: CommandRequest['actor'], payload: string) => (actor === 'host' ? `host ${payload}` : payload);

/** Payloads longer than this are kept as their digest. */
const LONGEST_KEPT_PAYLOAD = 128;

// One-shot `hash`: a `createHash` object per order was a native object for the collector to clear.
const fingerprint = (json: string) => (json.length <= LONGEST_KEPT_PAYLOAD ? json : `sha256:${hash('sha256', json, 'base64url')}`);

const sharedPayloads = { player: new Map<string, BoundedCache<string, string>>(), host: new Map<string, BoundedCache<string, string>>() };

function sharedPayload(actor: CommandRequest['actor'], type: Command['type'], field: string, id: string): string {
  const byType = sharedPayloads[actor];
  let byId = byType.get(type);
  // Ids come from requests (an unknown one is refused later), so the cache is bounded.
  if (!byId) byType.set(type, (byId = new BoundedCache(1000)));
  return byId.get(id) ?? byId.add(id, marked(actor, JSON.stringify({ type, [field]: id })));
}
