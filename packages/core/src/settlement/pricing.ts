import { z } from 'zod';
import { duration } from '../duration.ts';
import { MAX_AMOUNT } from './money.ts';

/**
 * The `pricing` section of a campaign definition: what a shopper's cart costs during the
 * campaign. Amounts are integer cents; percentages integer percent. Every rule names who funds
 * it, so marketplace accounting can settle with merchants.
 */

const cents = () =>
  z
    .int({ error: 'an amount in integer cents' })
    .min(0, { error: 'an amount in integer cents, 0 or more' })
    .max(MAX_AMOUNT, { error: `an amount in integer cents of at most ${MAX_AMOUNT} (10^13)` });
const positiveCents = () =>
  z
    .int({ error: 'a positive amount in integer cents' })
    .min(1, { error: 'a positive amount in integer cents' })
    .max(MAX_AMOUNT, { error: `a positive amount in integer cents of at most ${MAX_AMOUNT} (10^13)` });
const percent = () => z.int({ error: 'an integer percent from 1 to 99' }).min(1, { error: 'an integer percent from 1 to 99' }).max(99, { error: 'an integer percent from 1 to 99' });
const text = () => z.string({ error: 'a non-empty string' }).min(1, { error: 'a non-empty string' });
const ref = () =>
  z.string({ error: 'an id' }).regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, {
    error: "an id of 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit",
  });
const refs = () => z.array(ref(), { error: 'a list of ids' }).min(1, { error: 'at least one id' });
const instant = () =>
  z.iso.datetime({ offset: true, error: 'an ISO-8601 date-time with an offset, like 2026-11-11T00:00:00+08:00' });

export const Funding = z
  .strictObject({
    platformPercent: z
      .int({ error: 'an integer percent from 0 to 100' })
      .min(0, { error: 'an integer percent from 0 to 100' })
      .max(100, { error: 'an integer percent from 0 to 100' })
      .describe('The platform funds this percent of every store\'s share; the store\'s merchant funds the rest.'),
  })
  .describe('Who pays for a discount. When absent: the merchant for store-level rules, the platform for the rest.');

/** Which cart lines a rule looks at. Every listed filter must hold; `exclude…` wins over the rest. */
const eligibility = {
  categories: refs().optional().describe('Only lines in one of these categories.'),
  tags: refs().optional().describe('Only lines carrying at least one of these tags (the festival badge, for example).'),
  skus: refs().optional().describe('Only these SKUs.'),
  excludeSkus: refs().optional().describe('Never these SKUs.'),
  excludeTags: refs().optional().describe('Never lines carrying one of these tags.'),
};

/** A discount that draws on a hard budget takes no more than the budget has left, and an order holds what it takes. */
const drawsOn = () =>
  ref()
    .optional()
    .describe("A budget of the campaign the discount is paid from: it never takes more than the budget has left, and an order holds what it takes until paid or released.");

const phaseRefs = () =>
  refs().optional().describe('Phases in which the rule applies; every phase when absent (and before and after them).');

export const PricingStore = z
  .strictObject({
    id: ref(),
    name: text(),
    crossStore: z.boolean().optional().describe('Whether the store takes part in cross-store thresholds (default true).'),
  })
  .describe('A store whose lines may appear in a cart.');

export const ItemCut = z
  .strictObject({
    id: ref(),
    title: text(),
    skus: refs(),
    price: positiveCents().optional().describe('The event price per unit (活动价).'),
    cut: positiveCents().optional().describe('Cents off the list price per unit (单品直降).'),
    phases: phaseRefs(),
    funding: Funding.optional(),
  })
  .describe('An item-level price cut: the event price that thresholds are tested on. Give `price` or `cut`.');

export const MemberPrice = z
  .strictObject({
    id: ref(),
    title: text(),
    skus: refs(),
    price: positiveCents().describe('The member price per unit; used when below the event price.'),
    tiers: refs().describe('Member tiers (from the player token) that get it.'),
    phases: phaseRefs(),
    funding: Funding.optional(),
  })
  .describe('A member price (会员价) for some member tiers.');

export const Presale = z
  .strictObject({
    id: ref(),
    title: text(),
    skus: refs(),
    deposit: positiveCents().describe('The deposit per unit (定金), paid at order time and never discounted.'),
    worth: positiveCents().optional().describe('What the deposit is worth off the price (付 50 抵 100: worth 10000); at least the deposit.'),
    cut: positiveCents().optional().describe('A fixed cut per unit for ordering in presale (付定立减).'),
    funding: Funding.optional(),
  })
  .describe('Presale terms (预售) for some SKUs: a deposit with inflation (`worth`), a fixed `cut`, or both.');

const thresholdCommon = {
  id: ref(),
  title: text(),
  kind: z.enum(['store', 'cross-store'], { error: "'store' or 'cross-store'" }),
  store: ref().optional().describe('The store of a `store` threshold.'),
  ...eligibility,
  phases: phaseRefs(),
  funding: Funding.optional(),
  budget: drawsOn(),
};

export const RepeatThreshold = z
  .strictObject({
    ...thresholdCommon,
    mode: z.literal('repeat'),
    every: positiveCents().describe('Every full amount of eligible spend …'),
    off: positiveCents().describe('… takes this much off (每满 300 减 40: every 30000, off 4000).'),
    cap: positiveCents().optional().describe('The most it takes off in total; uncapped when absent.'),
  })
  .describe('A repeating threshold: every ¥300 minus ¥40.');

export const TieredThreshold = z
  .strictObject({
    ...thresholdCommon,
    mode: z.literal('tiered'),
    tiers: z
      .array(z.strictObject({ min: positiveCents(), off: positiveCents() }), { error: 'a list of { min, off } tiers' })
      .min(1, { error: 'at least one tier' })
      .describe('Ascending by `min`; the highest tier reached applies (满100减10 / 满200减20 / 满300减40).'),
  })
  .describe('A stepped threshold: the highest tier reached applies.');

export const Threshold = z.discriminatedUnion('mode', [RepeatThreshold, TieredThreshold], {
  error: "a threshold whose mode is 'repeat' or 'tiered'",
});

export const Coupon = z
  .strictObject({
    id: ref(),
    title: text(),
    kind: z.enum(['store', 'platform', 'category'], { error: "'store', 'platform' or 'category'" }),
    store: ref().optional().describe('The store of a `store` coupon.'),
    ...eligibility,
    min: cents().describe('Eligible spend the coupon needs (0: no threshold).'),
    off: positiveCents().optional().describe('Cents off.'),
    percentOff: percent().optional().describe('Percent off the eligible spend, rounded down to the cent; needs `maxOff`.'),
    maxOff: positiveCents().optional().describe('The most a percent coupon takes off.'),
    validFrom: instant().optional(),
    validUntil: instant().optional().describe('Exclusive.'),
    group: ref()
      .optional()
      .describe(
        'Stacking group: a cart uses at most one coupon of a group per store (store coupons) or per order (the rest). Defaults to the kind, so one store coupon per store and one platform coupon per order.',
      ),
    claim: z
      .strictObject({
        perPlayer: z.int().min(1, { error: 'a positive integer' }).describe('Instances one player may claim.'),
        stock: z.int().min(1, { error: 'a positive integer' }).optional().describe('Instances all players may claim together.'),
      })
      .optional()
      .describe('Players may claim instances themselves (领券); otherwise only the host platform grants them.'),
    funding: Funding.optional(),
    budget: drawsOn(),
  })
  .describe('A coupon (店铺券 / 平台券 / 品类券); players own instances of it. Give `off`, or `percentOff` with `maxOff`.');

export const MemberDiscount = z
  .strictObject({
    id: ref(),
    title: text(),
    tiers: refs().describe('Member tiers that may opt in (88VIP).'),
    percentOff: percent(),
    monthlyCap: positiveCents().describe('The most one member saves with it per calendar month (campaign time zone).'),
    ...eligibility,
    funding: Funding.optional(),
    budget: drawsOn(),
  })
  .describe('A member percent discount on marked items (88VIP 95 折): opt-in at checkout, never on fees, only on the balance of presale items.');

export const Stage = z.enum(
  ['store-thresholds', 'store-coupons', 'cross-store-thresholds', 'platform-coupons', 'member-discount', 'red-packets'],
  { error: "one of 'store-thresholds', 'store-coupons', 'cross-store-thresholds', 'platform-coupons', 'member-discount', 'red-packets'" },
);
export type Stage = z.output<typeof Stage>;

/** Narrow scope to wide: a discount that can only land on one store is taken before one that can spread. */
export const DEFAULT_ORDER: readonly Stage[] = [
  'store-thresholds',
  'store-coupons',
  'cross-store-thresholds',
  'platform-coupons',
  'member-discount',
  'red-packets',
];

export const Pricing = z
  .strictObject({
    stores: z.array(PricingStore).min(1, { error: 'at least one store' }),
    thresholdMode: z
      .enum(['parallel', 'sequential'], { error: "'parallel' or 'sequential'" })
      .optional()
      .describe(
        "'parallel' (平行满减, default): every threshold and coupon is tested on the event-price base. 'sequential': each on what is left after the stages before it.",
      ),
    order: z
      .array(Stage)
      .optional()
      .describe('The order discounts are taken in after item cuts; every stage once. Default: narrow scope to wide.'),
    itemCuts: z.array(ItemCut).default([]),
    memberPrices: z.array(MemberPrice).default([]),
    presales: z.array(Presale).default([]),
    thresholds: z.array(Threshold).default([]),
    coupons: z.array(Coupon).default([]),
    memberDiscount: MemberDiscount.optional(),
    paymentMinutes: duration('minutes')
      .optional()
      .describe('How long an unpaid order holds its coupons, red packets and member discount (default 30).'),
    refunds: z
      .strictObject({
        mode: z
          .enum(['allocated', 'recompute'], { error: "'allocated' or 'recompute'" })
          .optional()
          .describe("'allocated' (default): a refunded unit returns its allocated net paid. 'recompute': the rest of the order is settled again and a discount it no longer reaches is kept back."),
        presaleDeposit: z
          .enum(['forfeit', 'refund'], { error: "'forfeit' or 'refund'" })
          .optional()
          .describe("What happens to a deposit whose balance is never paid: 'forfeit' (default) or 'refund'."),
      })
      .optional(),
  })
  .describe('Prices and discounts during the campaign (结算).');

export type PricingDefinition = z.output<typeof Pricing>;
export type ThresholdDefinition = z.output<typeof Threshold>;
export type CouponDefinition = z.output<typeof Coupon>;
export type FundingDefinition = z.output<typeof Funding>;
