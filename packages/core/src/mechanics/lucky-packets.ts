import { availability, iso, type Campaign } from '../campaign.ts';
import type { CommandContext, Outcome } from '../command.ts';
import { budgetRoom, payFromBudget } from '../budget.ts';
import { fail, ok, type Result } from '../errors.ts';
import { CAMPAIGN, campaignCounters, campaignRecords, counters } from '../keys.ts';
import { splitRandomly } from '../pool.ts';
import { newShareId, signShareCode, verifyShareCode } from '../share-code.ts';
import type { Plan, StateView } from '../state.ts';

/**
 * Lucky red packets (拼手气红包). A player sends one (within their limits, the packet's stock and
 * phases) and gets a share code for their group. The packet's amount is split at once into its
 * shares by the double-mean method (`splitRandomly`), seeded by the send command, so the split is
 * reproducible and auditable; friends who open the code grab the shares in the order they
 * arrive, one each, each paid from the budget as it is grabbed. Nothing is held in the budget:
 * a share the budget can no longer pay is refused (`BUDGET_SPENT`) and stays grabbable should
 * the budget free up, and what is left at expiry is never paid. Shares not yet grabbed are never
 * shown, so nobody can wait for a large one.
 */

/** The campaign-wide record of a sent packet, under its share id. */
interface LuckyPacketRecord {
  packetId: string;
  /** Kept here, so a packet pays from the budget it was sent under even if a later version renames it. */
  budget: string;
  senderId: string;
  sentAt: string;
  expiresAt: string;
  /** Every share, in the order they are grabbed. Secret until grabbed. */
  shares: number[];
  grabs: LuckyGrab[];
}

export interface LuckyGrab {
  playerId: string;
  amount: number;
  at: string;
}

export function sendLuckyPacket(plan: Plan, ctx: CommandContext, packetId: string): Result<Outcome> {
  const { campaign, playerId } = ctx;
  const packet = campaign.luckyPackets.get(packetId);
  if (!packet) return fail({ code: 'LUCKY_PACKET_NOT_FOUND', packetId });
  const open = availability(campaign, packet.phases, ctx.now);
  if (!open.open) return fail({ code: 'LUCKY_PACKET_NOT_OPEN', packetId, opensAt: open.opensAt === null ? null : iso(open.opensAt) });
  const subject = `lucky packet "${packetId}"`;
  const { perDay, total } = packet.limits ?? {};
  const sentToday = counters.luckySentOn(packetId, ctx.day);
  const sent = counters.luckySent(packetId);
  if (perDay !== undefined && plan.counter(playerId, sentToday) >= perDay) return fail({ code: 'DAILY_LIMIT_REACHED', subject, limit: perDay });
  if (total !== undefined && plan.counter(playerId, sent) >= total) return fail({ code: 'TOTAL_LIMIT_REACHED', subject, limit: total });
  const stock = campaignCounters.luckyStock(packetId);
  if (packet.stock !== undefined && plan.counter(CAMPAIGN, stock) >= packet.stock) return fail({ code: 'LUCKY_PACKET_OUT_OF_STOCK', packetId });
  if (budgetRoom(plan, campaign, packet.budget) < packet.amount) return fail({ code: 'BUDGET_SPENT', budgetId: packet.budget });

  plan.count(playerId, sentToday, 1, perDay);
  plan.count(playerId, sent, 1, total);
  plan.count(CAMPAIGN, stock, 1, packet.stock);
  const random = ctx.random();
  const shareId = newShareId(random);
  const expiresAt = iso(ctx.now + packet.expiresInHours * 3_600_000);
  const record: LuckyPacketRecord = {
    packetId,
    budget: packet.budget,
    senderId: playerId,
    sentAt: iso(ctx.now),
    expiresAt,
    shares: splitRandomly(packet.amount, packet.packets, random),
    grabs: [],
  };
  plan.put(CAMPAIGN, campaignRecords.luckyPacket(shareId), record);
  const code = signShareCode(campaign.seed, campaign.definition.id, shareId);
  return ok({ type: 'lucky.sent', packetId, code, amount: packet.amount, packets: packet.packets, expiresAt });
}

export function grabLuckyPacket(plan: Plan, ctx: CommandContext, code: string): Result<Outcome> {
  const { campaign, playerId } = ctx;
  const found = findPacket(plan, campaign, code);
  if (!found) return fail({ code: 'INVALID_SHARE_CODE' });
  const { shareId, packet } = found;
  if (ctx.now >= Date.parse(packet.expiresAt)) return fail({ code: 'LUCKY_PACKET_EXPIRED', expiredAt: packet.expiresAt });
  const mine = packet.grabs.find((g) => g.playerId === playerId);
  if (mine) return fail({ code: 'LUCKY_PACKET_ALREADY_GRABBED', amount: mine.amount });
  const index = packet.grabs.length;
  if (index >= packet.shares.length) return fail({ code: 'LUCKY_PACKET_EMPTY', packets: packet.shares.length });
  const amount = packet.shares[index]!;
  if (budgetRoom(plan, campaign, packet.budget) < amount) return fail({ code: 'BUDGET_SPENT', budgetId: packet.budget });

  payFromBudget(plan, campaign, packet.budget, [{ playerId, amount }], 'lucky-packet', packet.packetId);
  const grabs = [...packet.grabs, { playerId, amount, at: iso(ctx.now) }];
  // The record is the guard: a store applies the grab only on the record it was decided on, so
  // racing grabs take successive shares, and one player never two.
  plan.put(CAMPAIGN, campaignRecords.luckyPacket(shareId), { ...packet, grabs } satisfies LuckyPacketRecord);
  const last = grabs.length === packet.shares.length;
  return ok({
    type: 'lucky.grabbed',
    packetId: packet.packetId,
    senderId: packet.senderId,
    amount,
    share: grabs.length,
    packets: packet.shares.length,
    luckiest: last ? luckiest(grabs) : null,
  });
}

function findPacket(view: StateView, campaign: Campaign, code: string): { shareId: string; packet: LuckyPacketRecord } | undefined {
  const shareId = verifyShareCode(campaign.seed, campaign.definition.id, code);
  const packet = shareId === undefined ? undefined : view.record<LuckyPacketRecord>(CAMPAIGN, campaignRecords.luckyPacket(shareId));
  return packet && shareId !== undefined ? { shareId, packet } : undefined;
}

/** 手气最佳: the largest share, and among equal ones the first grabbed. */
const luckiest = (grabs: readonly LuckyGrab[]) => grabs.reduce((best, g) => (g.amount > best.amount ? g : best)).playerId;

/** What anyone with the code sees of a packet: the grabs so far, never the shares still to come. */
export interface LuckyPacketState {
  packetId: string;
  title: string;
  senderId: string;
  amount: number;
  packets: number;
  sentAt: string;
  expiresAt: string;
  status: 'open' | 'empty' | 'expired';
  grabs: LuckyGrab[];
  /** What I grabbed, or null. */
  mine: number | null;
  /** Who grabbed the largest share, once every share is grabbed. */
  luckiest: string | null;
}

export function luckyPacketState(campaign: Campaign, view: StateView, code: string, playerId: string, now: number): LuckyPacketState | undefined {
  const found = findPacket(view, campaign, code);
  if (!found) return undefined;
  const { packet } = found;
  const empty = packet.grabs.length === packet.shares.length;
  return {
    packetId: packet.packetId,
    title: campaign.luckyPackets.get(packet.packetId)?.title ?? packet.packetId,
    senderId: packet.senderId,
    amount: packet.shares.reduce((a, b) => a + b, 0),
    packets: packet.shares.length,
    sentAt: packet.sentAt,
    expiresAt: packet.expiresAt,
    status: empty ? 'empty' : now >= Date.parse(packet.expiresAt) ? 'expired' : 'open',
    grabs: packet.grabs,
    mine: packet.grabs.find((g) => g.playerId === playerId)?.amount ?? null,
    luckiest: empty ? luckiest(packet.grabs) : null,
  };
}
