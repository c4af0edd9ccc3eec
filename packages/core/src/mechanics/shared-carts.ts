import { iso } from '../campaign.ts';
import type { CommandContext, Outcome } from '../command.ts';
import { fail, ok, type Result } from '../errors.ts';
import type { SharedCartsDefinition } from '../definition.ts';
import { campaignFor } from '../experiments.ts';
import { CAMPAIGN, campaignRecords, counters, records } from '../keys.ts';
import { newShareId, signShareCode, verifyShareCode } from '../share-code.ts';
import type { Plan } from '../state.ts';
import { issueTickets } from './lotteries.ts';

/**
 * Shared carts (分享购物车): a player shares a snapshot of their cart and gets a code; a friend who
 * opens it sees the items, and both earn clear-cart codes (tickets of the definition's lottery),
 * once per pair of players, within each player's daily and total caps. The snapshot is what the
 * host platform sent: items to show and copy, not prices the engine vouches for.
 */

export interface SharedCartItem {
  sku: string;
  store: string;
  title?: string | undefined;
  unitPrice: number;
  quantity: number;
}

interface SharedCartRecord {
  shareId: string;
  items: SharedCartItem[];
  sharedAt: string;
}

/** Shares (or re-shares) the player's cart; the code stays the same, the snapshot is replaced. */
export function shareCart(plan: Plan, ctx: CommandContext, items: readonly SharedCartItem[]): Result<Outcome> {
  const { campaign, playerId } = ctx;
  if (!campaign.definition.sharedCarts) return fail({ code: 'SHARED_CARTS_NOT_OFFERED' });
  const shareId = plan.record<SharedCartRecord>(playerId, records.sharedCart)?.shareId ?? newShareId(ctx.random());
  plan.put(playerId, records.sharedCart, { shareId, items: [...items], sharedAt: iso(ctx.now) } satisfies SharedCartRecord);
  plan.put(CAMPAIGN, campaignRecords.cartSharer(shareId), playerId);
  return ok({ type: 'cart.shared', code: signShareCode(campaign.seed, campaign.definition.id, shareId), items: items.length });
}

/**
 * Opens a friend's shared cart. The first time a pair of players meets this way, the viewer and
 * the owner earn their clear-cart codes, each within their own caps (a player at a cap earns
 * nothing more, the other still does), by the rules of their own experiment variants. Viewing
 * one's own cart earns nothing.
 */
export function viewCart(plan: Plan, ctx: CommandContext, code: string): Result<Outcome> {
  const { campaign, playerId: viewerId } = ctx;
  const rules = campaign.definition.sharedCarts;
  if (!rules) return fail({ code: 'SHARED_CARTS_NOT_OFFERED' });
  const shareId = verifyShareCode(campaign.seed, campaign.definition.id, code);
  const ownerId = shareId === undefined ? undefined : plan.record<string>(CAMPAIGN, campaignRecords.cartSharer(shareId));
  const cart = ownerId === undefined ? undefined : plan.record<SharedCartRecord>(ownerId, records.sharedCart);
  if (ownerId === undefined || !cart) return fail({ code: 'INVALID_SHARE_CODE' });

  let viewerCodes: string[] = [];
  let ownerCodes = 0;
  // The pair's mark lives with the smaller id, so A viewing B and B viewing A find the same cell.
  const [first, second] = viewerId < ownerId ? [viewerId, ownerId] : [ownerId, viewerId];
  if (viewerId !== ownerId && plan.counter(first, counters.cartPair(second)) === 0) {
    plan.count(first, counters.cartPair(second), 1, 1);
    // A variant cannot take the section away, so the owner has it too.
    const ownerRules = campaignFor(campaign, ownerId).definition.sharedCarts!;
    const lottery = campaign.lotteries.get(rules.lottery)!;
    viewerCodes = issueTickets(plan, ctx, lottery, capped(plan, ctx, rules, viewerId, rules.viewerCodes ?? 1), viewerId);
    ownerCodes = issueTickets(plan, ctx, lottery, capped(plan, ctx, ownerRules, ownerId, ownerRules.ownerCodes ?? 1), ownerId).length;
    earn(plan, ctx, rules, viewerId, viewerCodes.length);
    earn(plan, ctx, ownerRules, ownerId, ownerCodes);
  }
  return ok({ type: 'cart.viewed', ownerId, items: cart.items, codes: viewerCodes, ownerCodes });
}

/** How many of `wanted` codes a player may still earn from shared carts today and in all, under their rules. */
function capped(plan: Plan, ctx: CommandContext, rules: SharedCartsDefinition, playerId: string, wanted: number): number {
  const limits = rules.limits ?? {};
  let room = wanted;
  if (limits.perDay !== undefined) room = Math.min(room, limits.perDay - plan.counter(playerId, counters.cartCodesOn(ctx.day)));
  if (limits.total !== undefined) room = Math.min(room, limits.total - plan.counter(playerId, counters.cartCodes));
  return Math.max(0, room);
}

/** Counts codes earned against the caps, guarded so that racing views cannot pass them. */
function earn(plan: Plan, ctx: CommandContext, rules: SharedCartsDefinition, playerId: string, codes: number): void {
  if (codes === 0) return;
  const limits = rules.limits ?? {};
  plan.count(playerId, counters.cartCodesOn(ctx.day), codes, limits.perDay);
  plan.count(playerId, counters.cartCodes, codes, limits.total);
}
