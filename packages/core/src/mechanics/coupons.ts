import { iso } from '../campaign.ts';
import type { CommandContext, Outcome } from '../command.ts';
import { fail, ok, type Result } from '../errors.ts';
import { accounts, CAMPAIGN, campaignCounters, counters, records } from '../keys.ts';
import { pricingRules } from '../settlement/rules.ts';
import type { Plan, StateView } from '../state.ts';

/** One coupon instance a player holds. */
export interface CouponInstance {
  /** `<couponId>#<n>`: unique for the player. */
  id: string;
  couponId: string;
  /** `owned` until an order reserves it; `used` once that order is paid. */
  status: 'owned' | 'reserved' | 'used';
  /** The order that reserved or used it. */
  order?: string;
  /** How the player got it. */
  source: 'claim' | 'grant';
  at: string;
}

export interface CouponWallet {
  instances: CouponInstance[];
}

export const walletOf = (view: StateView, playerId: string): CouponWallet =>
  view.record<CouponWallet>(playerId, records.coupons) ?? { instances: [] };

/**
 * Gives a player one instance of a coupon: claimed by the player (领券) within the coupon's
 * per-player limit and stock, or granted by the host platform.
 */
export function takeCoupon(plan: Plan, ctx: CommandContext, couponId: string, source: 'claim' | 'grant'): Result<Outcome> {
  const rules = pricingRules(ctx.campaign);
  const rule = rules?.coupons.get(couponId);
  if (!rule) return fail({ code: 'COUPON_NOT_FOUND', couponId });
  if (ctx.now >= rule.validUntil) return fail({ code: 'COUPON_NOT_VALID', coupon: couponId, validFrom: rule.definition.validFrom ?? null, validUntil: rule.definition.validUntil ?? null });
  if (source === 'claim') {
    const claim = rule.definition.claim;
    if (!claim) return fail({ code: 'COUPON_NOT_CLAIMABLE', couponId });
    const claims = counters.couponClaims(rule.id);
    if (plan.counter(ctx.playerId, claims) >= claim.perPlayer) {
      return fail({ code: 'TOTAL_LIMIT_REACHED', subject: `coupon "${couponId}"`, limit: claim.perPlayer });
    }
    const stock = campaignCounters.couponsClaimed(rule.id);
    if (claim.stock !== undefined && plan.counter(CAMPAIGN, stock) >= claim.stock) return fail({ code: 'COUPON_OUT_OF_STOCK', couponId });
    plan.count(ctx.playerId, claims, 1, claim.perPlayer);
    plan.count(CAMPAIGN, stock, 1, claim.stock);
  } else if (ctx.actor !== 'host') {
    return fail({ code: 'HOST_ONLY', action: 'granting coupons' });
  }
  const wallet = walletOf(plan, ctx.playerId);
  const n = wallet.instances.reduce((count, c) => (c.couponId === rule.id ? count + 1 : count), 0) + 1;
  const instance: CouponInstance = { id: `${rule.id}#${n}`, couponId: rule.id, status: 'owned', source, at: iso(ctx.now) };
  plan.put(ctx.playerId, records.coupons, { instances: [...wallet.instances, instance] });
  return ok({ type: 'coupon.taken', coupon: instance });
}

/** Credits a red-packet or shopping-allowance balance (cash-like, in cents): the host platform's grant. */
export function grantAllowance(plan: Plan, ctx: CommandContext, amount: number, memo: string | undefined): Result<Outcome> {
  if (ctx.actor !== 'host') return fail({ code: 'HOST_ONLY', action: 'granting allowances' });
  const account = accounts.redPackets(ctx.playerId);
  plan.transfer(accounts.allowanceIssuance, account, amount, 'allowance', memo);
  return ok({ type: 'allowance.granted', amount, balance: plan.balance(account) });
}
