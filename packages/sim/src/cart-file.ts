import { Cart, CouponChoice, type CampaignDefinition, type Problem, type QuoteRequest, type Shopper } from '@carnival/core';
import { z } from 'zod';

/**
 * The cart file `carnival quote` reads and `carnival backtest` reads one of per line: a quote
 * request plus the shopper the host platform would pass in, and a moment. Here, not in the CLI,
 * so the simulator can settle the same carts without depending on the command line.
 */

const id = (what: string) => z.string({ error: `${what}: a non-empty string` }).min(1, { error: `${what}: a non-empty string` }).max(128, { error: `${what} of at most 128 characters` });
const cents = (what: string) => z.int({ error: `${what} in integer cents, 0 or more` }).min(0, { error: `${what} in integer cents, 0 or more` });

export const CartFile = z.strictObject({
  $comment: z.string().optional(),
  cart: Cart,
  coupons: CouponChoice.optional(),
  player: z
    .strictObject({
      tier: id('a member tier').optional(),
      coupons: z
        .array(z.strictObject({ id: id('a coupon instance id'), couponId: id('a coupon id') }), { error: 'a list of { id, couponId } coupon instances' })
        .max(100, { error: 'at most 100 coupons' })
        .optional(),
      memberDiscountUsed: cents('an amount').optional(),
      redPackets: cents('an amount').optional(),
    })
    .optional(),
  at: z.iso.datetime({ offset: true, error: 'an ISO-8601 date-time with an offset, like 2026-11-11T20:00:00+08:00' }).optional(),
  useMemberDiscount: z.boolean({ error: 'true or false' }).optional(),
  useRedPackets: z.boolean({ error: 'true or false' }).optional(),
});
export type CartFile = z.output<typeof CartFile>;

/** The shopper a cart file describes; what it leaves out is what a new shopper has: nothing. */
export function cartShopper(file: CartFile): Shopper {
  return {
    tier: file.player?.tier,
    coupons: file.player?.coupons ?? [],
    memberDiscountUsed: file.player?.memberDiscountUsed ?? 0,
    redPackets: file.player?.redPackets ?? 0,
  };
}

/** The quote a cart file asks for; `coupons` (a command-line choice) overrides the file's. */
export function cartRequest(file: CartFile, coupons?: CouponChoice): QuoteRequest {
  return { cart: file.cart, coupons: coupons ?? file.coupons ?? 'best', useMemberDiscount: file.useMemberDiscount, useRedPackets: file.useRedPackets };
}

/** When a cart file says nothing: the start of the campaign's last phase (the peak of a festival). */
export function defaultMoment(definition: CampaignDefinition): string {
  let last = definition.phases[0]!;
  for (const phase of definition.phases) if (Date.parse(phase.start) > Date.parse(last.start)) last = phase;
  return last.start;
}

/** Coupon instances naming a coupon the campaign does not have, or an instance id used twice. */
export function unknownCoupons(file: CartFile, definition: CampaignDefinition): Problem[] {
  const known = (definition.pricing?.coupons ?? []).map((c) => c.id);
  const problems: Problem[] = [];
  const seen = new Map<string, number>();
  (file.player?.coupons ?? []).forEach((owned, i) => {
    const first = seen.get(owned.id);
    if (first !== undefined) {
      problems.push({ path: `player.coupons[${i}].id`, expected: `an instance id not used before (player.coupons[${first}] has it)`, got: JSON.stringify(owned.id) });
    } else seen.set(owned.id, i);
    if (!known.includes(owned.couponId)) {
      problems.push({ path: `player.coupons[${i}].couponId`, expected: `one of the campaign's coupons (${known.join(', ') || 'it has none'})`, got: JSON.stringify(owned.couponId) });
    }
  });
  return problems;
}
