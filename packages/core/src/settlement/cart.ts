import { z } from 'zod';

/**
 * What a quote is asked about: a cart as the host platform knows it (its prices, stores and
 * item data), the coupons to use, and the shopper's opt-ins. Amounts are integer cents.
 */

const MAX_UNIT_PRICE = 1_000_000_000; // ¥10,000,000 a unit keeps every total a safe integer
const MAX_QUANTITY = 9_999;
export const MAX_CART_LINES = 500;
/** Top-up suggestions search subsets of the catalog: 500 candidates keeps each search a few milliseconds. */
export const MAX_CATALOG_ITEMS = 500;

const ref = (what: string) =>
  z.string({ error: `${what}: an id` }).regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, {
    error: `${what} of 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit`,
  });

/**
 * One unit of an item as the host platform lists it: what a cart line and a catalog item share,
 * so both are validated (and reported) alike.
 */
const unit = {
  sku: ref('a SKU'),
  store: ref('a store id'),
  category: ref('a category id').optional(),
  tags: z.array(ref('a tag'), { error: 'a list of tags' }).max(32, { error: 'at most 32 tags' }).optional(),
  unitPrice: z
    .int({ error: 'a unit price in integer cents' })
    .min(0, { error: 'a unit price in integer cents, 0 or more' })
    .max(MAX_UNIT_PRICE, { error: `a unit price of at most ${MAX_UNIT_PRICE} cents` })
    .describe('The list price of one unit, in cents.'),
};

export const CartLine = z.strictObject({
  id: ref('a line id').optional().describe('Unique in the cart; `L1`, `L2`, … by position when absent.'),
  ...unit,
  quantity: z
    .int({ error: 'a whole quantity from 1 to 9999' })
    .min(1, { error: 'a whole quantity from 1 to 9999' })
    .max(MAX_QUANTITY, { error: 'a whole quantity from 1 to 9999' }),
});
export type CartLine = z.output<typeof CartLine>;

/**
 * A candidate for top-up suggestions (凑单): one unit of an item the shopper could add, from a
 * catalog or their wishlist. Defined here rather than in `top-up.ts` (which re-exports it) so
 * that `QuoteRequest` can use it without an import cycle.
 */
export const CatalogItem = z.strictObject(unit);
export type CatalogItem = z.output<typeof CatalogItem>;

export const CartFee = z.strictObject({
  store: ref('a store id'),
  kind: z.enum(['shipping', 'service'], { error: "'shipping' or 'service'" }),
  amount: z.int({ error: 'an amount in integer cents' }).min(0, { error: 'an amount in integer cents, 0 or more' }).max(MAX_UNIT_PRICE),
});
export type CartFee = z.output<typeof CartFee>;

export const Cart = z.strictObject({
  lines: z
    .array(CartLine, { error: 'a list of cart lines' })
    .min(1, { error: 'at least one line' })
    .max(MAX_CART_LINES, { error: `at most ${MAX_CART_LINES} lines` }),
  fees: z.array(CartFee, { error: 'a list of fees' }).max(MAX_CART_LINES).optional().describe('Shipping and service fees: paid as they are, never discounted.'),
});
export type Cart = z.output<typeof Cart>;

export const CouponChoice = z.union([z.literal('best'), z.array(z.string().min(1).max(128)).max(100)], {
  error: "'best' or a list of coupon instance ids",
});
export type CouponChoice = z.output<typeof CouponChoice>;

export const QuoteRequest = z.strictObject({
  cart: Cart,
  coupons: CouponChoice.optional().describe("'best' (default): the combination of the player's coupons that pays least; or the instance ids to use."),
  useMemberDiscount: z.boolean().optional().describe('Opt in to the member percent discount (default false).'),
  useRedPackets: z.boolean().optional().describe('Pay with the red-packet balance, after every discount (default true).'),
  catalog: z
    .array(CatalogItem, { error: 'a list of catalog items' })
    .max(MAX_CATALOG_ITEMS, { error: `at most ${MAX_CATALOG_ITEMS} catalog items` })
    .optional()
    .describe('Candidate items for top-up suggestions: the first hints get the cheapest of them that reach their next step.'),
});
export type QuoteRequest = z.output<typeof QuoteRequest>;
