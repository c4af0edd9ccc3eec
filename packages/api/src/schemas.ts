import { z } from '@hono/zod-openapi';
import {
  CampaignDefinition,
  Cart,
  DomainError,
  Command,
  PLAYER_ID,
  PLAYER_ID_RULE,
  QuoteRequest,
  type BudgetBurn,
  type CampaignSummary,
  type CouponInstance,
  type LedgerEntry,
  type LotteryState,
  type LuckyPacketState,
  type OrderRecord,
  type PlayerState,
  type PublishedDraw,
  type Quote,
  type Receipt,
  type Settlement,
} from '@carnival/core';
import { ApiFailure, problemType, statusOf, titleOf, type Failure } from './problem.ts';

/**
 * The documents of the play API. Request schemas validate; response schemas only document and
 * type the client, so each is annotated with the core type it describes: the compiler then
 * refuses a schema that promises a field the engine does not produce.
 */

const instant = (description: string) => z.string().openapi({ format: 'date-time', description, example: '2026-11-11T00:00:00.000Z' });
const count = () => z.number().int().nonnegative();
const limitsOf = () => z.object({ perDay: z.number().int().optional(), total: z.number().int().optional() });

/**
 * A problem document: the RFC 9457 members, the stable machine `code`, and that code's own fields
 * (`opensAt`, `limit`, `secondsRemaining`, ...), one variant per code, from the failures' one
 * definition (`DomainError` in core, `ApiFailure` here), with the type, title and status it comes with.
 */
const problemVariants = [...DomainError.options, ...ApiFailure.options].map((failure) => {
  const code = failure.shape.code.value;
  const variant = failure.extend({
    type: z.literal(problemType(code)).openapi({ format: 'uri' }),
    title: z.literal(titleOf(code)),
    status: z.literal(statusOf(code)),
    detail: z.string().openapi({ description: 'A sentence for the person in front of the screen.' }),
  });
  return failure.description === undefined ? variant : variant.describe(failure.description);
});
export const ProblemSchema = z
  .discriminatedUnion('code', problemVariants as [(typeof problemVariants)[number], ...typeof problemVariants])
  .openapi('Problem', { description: 'RFC 9457 problem details; `code` is the stable machine code, and says which of its own fields the body carries.' }) as unknown as z.ZodType<ProblemBody>;
// The variants' own types are lost to `map`; each is its failure with the problem's members.
type ProblemBody = Failure & { type: string; title: string; status: number; detail: string };

export const IdempotencyHeaders = z.object({
  'Idempotency-Key': z
    .string()
    .regex(/^[\x20-\x7e]{1,128}$/, { error: '1 to 128 printable ASCII characters' })
    .optional()
    .openapi({
      description:
        'One key, one effect: a retry with the same key returns the first receipt (with `Idempotent-Replayed: true`). ' +
        'The server generates a key when absent and echoes it, but only a key the client sends before the first attempt makes retries safe.',
      example: 'b6f0c1e2-checkin-2026-11-11',
    }),
});

const campaignId = z.string().min(1).max(64).openapi({ param: { name: 'campaignId', in: 'path' }, example: 'double11-2026' });
const taskId = z.string().min(1).max(64).openapi({ param: { name: 'taskId', in: 'path' }, example: 'browse-main-venue' });
const boxId = z.string().min(1).max(64).openapi({ param: { name: 'boxId', in: 'path' }, example: 'surprise-box' });
const couponId = z.string().min(1).max(64).openapi({ param: { name: 'couponId', in: 'path' }, example: 'tmall-d11-200-20' });
const orderId = z.string().min(1).max(64).openapi({ param: { name: 'orderId', in: 'path' }, example: 'o-5k2m9x0c7d4f1b8q' });
const lotteryId = z.string().min(1).max(64).openapi({ param: { name: 'lotteryId', in: 'path' }, example: 'double11-lucky-draw' });
const poolId = z.string().min(1).max(64).openapi({ param: { name: 'poolId', in: 'path' }, example: 'share-by-candy' });
const playerId = z
  .string()
  .regex(PLAYER_ID, { error: PLAYER_ID_RULE })
  .openapi({ param: { name: 'playerId', in: 'path' }, example: 'p-10086' });

export const CampaignParams = z.object({ campaignId });
export const TaskParams = z.object({ campaignId, taskId });
export const HostTaskParams = z.object({ campaignId, playerId, taskId });
export const BoxParams = z.object({ campaignId, boxId });
export const CouponParams = z.object({ campaignId, couponId });
export const OrderParams = z.object({ campaignId, orderId });
export const PlayerParams = z.object({ campaignId, playerId });
export const PlayerOrderParams = z.object({ campaignId, playerId, orderId });
export const LotteryParams = z.object({ campaignId, lotteryId });
export const PoolParams = z.object({ campaignId, poolId });
const packetId = z.string().min(1).max(64).openapi({ param: { name: 'packetId', in: 'path' }, example: 'team-lucky-packet' });
export const LuckyPacketParams = z.object({ campaignId, packetId });
export const LuckyPacketQuery = z.object({
  code: z.string().min(1).max(64).openapi({ param: { name: 'code', in: 'query' }, description: 'The share code the sender got.', example: 'Xk2m9x0c7d4f.Qw3rTy8u1o' }),
});
export const PlayerLotteryParams = z.object({ campaignId, playerId, lotteryId });

// zod copies methods onto a schema when it is built, and core's schemas were built before
// zod-openapi added `.openapi`: a clone is built now, so it has the method.
export const CampaignDefinitionSchema = CampaignDefinition.clone().openapi('CampaignDefinition');

export const CampaignSummarySchema: z.ZodType<CampaignSummary> = z
  .object({ id: z.string(), name: z.string(), version: z.number().int(), publishedAt: instant('When this version was published.') })
  .openapi('CampaignSummary');

export const CampaignList = z.object({ campaigns: z.array(CampaignSummarySchema) });

export const PublicCampaign = z
  .object({ campaignId: z.string(), version: z.number().int(), definition: CampaignDefinitionSchema })
  .openapi('PublicCampaign', { description: 'The latest published version. The campaign seed is a server secret and never leaves it.' });

export const PublishResultSchema = z
  .object({ campaignId: z.string(), version: z.number().int(), created: z.boolean().openapi({ description: 'False when the definition equals the latest version.' }) })
  .openapi('PublishResult');

const Credit = z
  .object({ requested: count(), credited: count(), cappedBy: z.literal('dailyEarnCap').optional() })
  .openapi('Credit', { description: 'Candy a command meant to credit and what the daily cap let through.' });

/** Money: integer cents, never negative. */
const cents = (description = 'Integer cents.') => z.number().int().nonnegative().openapi({ description });

const PoolBasis = z.enum(['held', 'earned']).openapi({ description: 'Shares in proportion to candy held at the settle, or earned over the campaign.' });

const couponInstance = z.object({
  id: z.string().openapi({ description: '`<couponId>#<n>`: unique for the player; name it in `coupons` to use it.', example: 'tmall-d11-200-20#1' }),
  couponId: z.string(),
  status: z.enum(['owned', 'reserved', 'used']).openapi({ description: '`owned` until an order reserves it; `used` once that order is paid.' }),
  order: z.string().optional().openapi({ description: 'The order that reserved or used it.' }),
  source: z.enum(['claim', 'grant']).openapi({ description: 'Claimed by the player, or granted by the host platform.' }),
  at: instant('When the player got it.'),
});
const CouponInstanceSchema: z.ZodType<CouponInstance> = couponInstance.openapi('CouponInstance');

const RefundLine = z.object({ lineId: z.string(), quantity: z.number().int().positive(), cash: cents(), redPackets: cents() });

const Outcome = z
  .discriminatedUnion('type', [
    z.object({ type: z.literal('task.started'), taskId: z.string(), readyAt: instant('When the visit is long enough.'), expiresAt: instant('When the visit lapses.') }),
    z.object({
      type: z.literal('task.completed'),
      taskId: z.string(),
      candy: Credit,
      streak: z.object({ days: z.number().int(), tableDay: z.number().int() }).optional(),
      boxesEarned: z.array(z.string()),
      tickets: z.array(z.string()).optional().openapi({ description: 'Lottery tickets the completion earned (a lottery entry path), when any.' }),
    }),
    z.object({ type: z.literal('invitation.created'), code: z.string().openapi({ description: 'The share code to send to friends.' }) }),
    z.object({ type: z.literal('invitation.accepted'), inviterId: z.string(), newCustomer: z.boolean(), inviter: Credit, friend: Credit }),
    z.object({
      type: z.literal('box.opened'),
      boxId: z.string(),
      paidWith: z.enum(['earned', 'candy']),
      paidCandy: count(),
      rewardId: z.string(),
      candy: Credit.nullable(),
      cash: cents('Paid to my red-packet balance from the box\'s budget.').nullable(),
      prize: z.string().nullable(),
      fellBack: z.boolean(),
      unavailable: z
        .object({ rewardId: z.string(), reason: z.enum(['stock', 'player-limit', 'budget']) })
        .nullable()
        .openapi({ description: 'The reward first drawn when it could not be given (out of stock, my win limit, the budget spent), and why.' }),
    }),
    z.object({ type: z.literal('coupon.taken'), coupon: CouponInstanceSchema }),
    z.object({ type: z.literal('allowance.granted'), amount: cents(), balance: cents('The red-packet balance after the grant.') }),
    z.object({
      type: z.literal('order.created'),
      orderId: z.string(),
      payable: cents(),
      deposit: cents('Presale deposits within `payable`, paid first.'),
      payBy: instant('Unpaid after this, the order lapses and what it reserved is released.'),
      coupons: z.array(z.string()).openapi({ description: 'The coupon instances it reserved.' }),
      paidByCampaign: cents('With a clear-cart prize: the part of `payable` the campaign pays; the shopper pays the rest.').optional(),
    }),
    z.object({ type: z.literal('order.paid'), orderId: z.string(), status: z.enum(['deposit-paid', 'paid']), amount: cents('What this payment was for.') }),
    z.object({ type: z.literal('order.cancelled'), orderId: z.string(), refunded: cents('A presale deposit returned.'), forfeited: cents('A presale deposit kept.') }),
    z.object({
      type: z.literal('order.refunded'),
      orderId: z.string(),
      cash: cents('Cash returned.'),
      redPackets: cents('Red packets returned to the balance.'),
      keptBack: cents('`recompute` refunds: the discount the kept items no longer reach.'),
      toBudget: cents('With a clear-cart prize: what the refunded goods return to the prize\'s budget (the shopper is refunded first).').optional(),
      lines: z.array(RefundLine),
    }),
    z.object({
      type: z.literal('cart.shared'),
      code: z.string().openapi({ description: 'The share code friends open; the same on every re-share.' }),
      items: count().openapi({ description: 'Items in the snapshot.' }),
    }),
    z.object({
      type: z.literal('cart.viewed'),
      ownerId: z.string(),
      items: z.array(
        z.object({ sku: z.string(), store: z.string(), title: z.string().optional(), unitPrice: cents(), quantity: count() }),
      ),
      codes: z.array(z.string()).openapi({ description: 'Clear-cart codes I earned by this view (none when this pair already earned, or at my caps).' }),
      ownerCodes: count().openapi({ description: 'Codes the owner earned by it.' }),
    }),
    z.object({
      type: z.literal('pool.settled'),
      poolId: z.string(),
      at: instant('When the settle ran: settling again returns this same result.'),
      basis: PoolBasis,
      players: count().openapi({ description: 'Players with candy at the settle.' }),
      split: cents('What was split: the pool, or less when its budget had less left.'),
      paid: cents('What the run pays to the players\' red-packet balances, batch by batch.'),
      unallocated: cents('What no player could take (everyone at the maximum or below the minimum).'),
      batches: count().openapi({ description: 'Payout batches of the run; the settle pays the first, `pool.pay` each further one.' }),
    }),
    z.object({
      type: z.literal('lucky.sent'),
      packetId: z.string(),
      code: z.string().openapi({ description: 'The share code for the group: friends grab with it.' }),
      amount: cents('The packet, split at random into its shares.'),
      packets: count().openapi({ description: 'Shares: so many players can grab one.' }),
      expiresAt: instant('Shares left then are never paid.'),
    }),
    z.object({
      type: z.literal('lucky.grabbed'),
      packetId: z.string(),
      senderId: z.string(),
      amount: cents('My share, paid to my red-packet balance.'),
      share: count().openapi({ description: 'Which share I grabbed, from 1.' }),
      packets: count(),
      luckiest: z.string().nullable().openapi({ description: 'Who grabbed the largest share (手气最佳), set by the grab that empties the packet.' }),
    }),
    z.object({
      type: z.literal('pool.batch-paid'),
      poolId: z.string(),
      batch: count(),
      players: count().openapi({ description: 'Players this batch paid (0 when it was paid before).' }),
      paid: cents('What this batch paid.'),
    }),
    z.object({
      type: z.literal('lottery.tickets'),
      lotteryId: z.string(),
      tickets: z.array(z.string()).openapi({ description: 'The ticket codes issued: fewer than asked (even none) at the lottery\'s `maxTicketsPerPlayer`.' }),
    }),
    z.object({ type: z.literal('lottery.banned'), lotteryId: z.string(), playerId: z.string() }),
    z.object({
      type: z.literal('lottery.released'),
      lotteryId: z.string(),
      prizes: count().openapi({ description: 'Clear-cart prizes whose window closed unused.' }),
      released: cents('Budget held for them and released.'),
    }),
    z.object({
      type: z.literal('lottery.drawn'),
      lotteryId: z.string(),
      ticketsHash: z.string().openapi({ description: 'The frozen ticket list\'s hash (hex SHA-256).' }),
      tickets: count().openapi({ description: 'Tickets in the frozen list.' }),
      winners: count().openapi({ description: 'Prizes awarded (fewer than the tiers hold when there were fewer players than prizes).' }),
      paid: cents('Cash paid to the winners from the lottery\'s budget.'),
      at: instant('When the draw ran: drawing again returns this same result.'),
    }),
  ])
  .openapi('Outcome');

export const ReceiptSchema: z.ZodType<Receipt> = z
  .object({
    key: z.string().openapi({ description: 'The idempotency key.' }),
    campaignId: z.string(),
    playerId: z.string(),
    version: z.number().int().openapi({ description: 'The definition version the command ran under.' }),
    at: instant('The server clock when the command ran.'),
    outcome: Outcome,
  })
  .openapi('Receipt');

// Settlement: response schemas only, annotated with the core types they describe.

const RuleKind = z.enum(['item-cut', 'member-price', 'presale', 'threshold', 'coupon', 'member-discount', 'red-packets']);

const FundingSchema = z
  .object({ platform: cents(), merchant: cents() })
  .openapi('Funding', { description: 'Who pays for the discounts, in cents: the platform, and the merchant of each line.' });

const SettledLineSchema = z
  .object({
    id: z.string().openapi({ description: 'The cart line id: `L1`, `L2`, … by position when the cart gave none.' }),
    sku: z.string(),
    store: z.string(),
    quantity: z.number().int().positive(),
    unitPrice: cents('The list price of one unit.'),
    list: cents('unitPrice × quantity.'),
    discounts: z
      .array(
        z.object({
          source: z.string().openapi({ description: 'The rule id.' }),
          kind: RuleKind,
          coupon: z.string().optional().openapi({ description: 'The coupon instance, for coupons.' }),
          amount: cents(),
          platform: cents('The platform\'s part of `amount`; the line\'s merchant funds the rest.'),
        }),
      )
      .openapi({ description: 'Each discount\'s exact share of this line.' }),
    net: cents('What the line costs after every discount.'),
    deposit: cents('Presale lines: the part of `net` paid as deposit; the rest is the balance.'),
  })
  .openapi('SettledLine');

const SubOrderSchema = z
  .object({
    store: z.string(),
    name: z.string(),
    list: cents(),
    discount: cents(),
    fees: cents(),
    total: cents('The lines\' net plus fees.'),
    deposit: cents(),
    funding: FundingSchema,
  })
  .openapi('SubOrder', { description: 'One store\'s part of the order.' });

const RuleReportSchema = z
  .object({
    id: z.string(),
    kind: RuleKind,
    title: z.string(),
    coupon: z.string().optional().openapi({ description: 'The coupon instance, for coupons.' }),
    budget: z.string().optional().openapi({ description: 'The budget the discount drew on, when it draws on one.' }),
    status: z.enum(['applied', 'capped', 'not-reached', 'no-eligible-items', 'not-in-effect', 'not-chosen', 'not-usable']),
    base: cents('The eligible amount the rule was tested on (0 when not tested).'),
    nominal: cents('What the rule takes off at that base.'),
    amount: cents('What it took off: less than `nominal` when capped.'),
    explanation: z.string(),
  })
  .openapi('RuleReport', { description: 'One rule\'s verdict, in the order the rules were considered.' });

const settlement = {
  currency: z.string().openapi({ example: 'CNY' }),
  thresholdMode: z.enum(['parallel', 'sequential']),
  lines: z.array(SettledLineSchema),
  stores: z.array(SubOrderSchema),
  list: cents('The cart at list prices.'),
  discount: cents('Every discount together.'),
  fees: cents('Shipping and service fees, never discounted.'),
  payable: cents('What the shopper pays in all: the lines\' net plus fees.'),
  deposit: cents('Presale deposits within `payable`, paid at order time.'),
  funding: FundingSchema,
  coupons: z.array(z.string()).openapi({ description: 'The coupon instances used.' }),
  rules: z.array(RuleReportSchema),
};

const SettlementSchema: z.ZodType<Settlement> = z.object(settlement).openapi('Settlement');

const TopUpHintSchema = z
  .object({
    id: z.string(),
    kind: z.enum(['threshold', 'coupon']),
    coupon: z.string().optional(),
    base: cents('Eligible spend the cart has for it now.'),
    needed: cents('How much more eligible spend unlocks the next step.'),
    saves: cents('What that step takes off, before any cap.'),
    explanation: z.string(),
    suggestion: z
      .object({
        items: z.array(z.object({ sku: z.string(), store: z.string(), unitPrice: cents('Its list price.'), eligible: cents('Its event price: what it counts and costs.') })),
        adds: cents('What the items add: at least `needed`.'),
        exact: z.boolean().openapi({ description: 'Whether the search proved it the cheapest (false: the best found).' }),
      })
      .nullable()
      .optional()
      .openapi({ description: 'When the request has a `catalog`, on the best hints: the cheapest catalog items that reach it, or null when none do.' }),
  })
  .openapi('TopUpHint');

export const QuoteSchema: z.ZodType<Quote> = z
  .object({ ...settlement, hints: z.array(TopUpHintSchema).openapi({ description: 'Thresholds and owned coupons within reach, best saving per extra yuan first.' }) })
  .openapi('Quote', { description: 'What the cart costs now, line by line, with every rule\'s verdict. Nothing is reserved: an order settles again.' });

// The core schema, cloned so it has `.openapi` (see CampaignDefinitionSchema).
export const QuoteRequestSchema = QuoteRequest.clone().openapi('QuoteRequest', {
  description: 'A cart as the host platform knows it (its prices, stores and item data, in integer cents), the coupons to use and the shopper\'s opt-ins.',
});

/** A command's schema, found by its `type`: a route's body is the command less its `type` and what the path names. */
const commandSchema = <T extends Command['type']>(type: T) =>
  Command.options.find((option) => option.shape.type.value === type) as Extract<(typeof Command.options)[number], { shape: { type: z.ZodLiteral<T> } }>;

export const CreateOrderBody = commandSchema('order.create')
  .omit({ type: true })
  .openapi('CreateOrderBody', { description: 'A quote request, plus the `payable` the shopper confirmed: the order is refused with QUOTE_CHANGED when it differs.' });
export const GrantCouponBody = commandSchema('coupon.grant').omit({ type: true });
export const GrantAllowanceBody = commandSchema('allowance.grant').omit({ type: true });
export const PayOrderBody = commandSchema('order.pay').omit({ type: true, orderId: true });
export const ShareCartBody = commandSchema('cart.share').omit({ type: true });
export const ViewCartBody = commandSchema('cart.view').omit({ type: true });
export const GrabLuckyPacketBody = commandSchema('lucky.grab').omit({ type: true });
export const RefundOrderBody = commandSchema('order.refund').omit({ type: true, orderId: true });
export const GrantTicketsBody = commandSchema('lottery.grant')
  .omit({ type: true, lotteryId: true })
  .openapi('GrantTicketsBody', { description: 'How many tickets to issue, 1 to 1000.' });
export const DrawLotteryBody = commandSchema('lottery.draw')
  .omit({ type: true, lotteryId: true })
  .openapi('DrawLotteryBody', {
    description:
      'The public value the lottery named in advance (its `publicValue` field says which), as it became known at the draw, e.g. the drand round\'s randomness; ' +
      'written as the lottery\'s `publicValueFormat` requires, when it has one (`hex64`: 64 lowercase hex digits), else PUBLIC_VALUE_MALFORMED.',
  });

export const OrderSchema: z.ZodType<OrderRecord> = z
  .object({
    id: z.string(),
    status: z.enum(['created', 'deposit-paid', 'paid', 'refunded', 'cancelled', 'expired']),
    version: z.number().int().openapi({ description: 'The definition version it was settled under.' }),
    createdAt: instant('When it was created.'),
    payBy: instant('Unpaid after this, it lapses and its reservations are released.'),
    tier: z.string().nullable(),
    request: z.object({ cart: Cart, useMemberDiscount: z.boolean() }),
    memberSavedBefore: cents('What the member discount had saved this month before this order.'),
    settlement: SettlementSchema,
    reserved: z.object({
      coupons: z.array(z.string()),
      memberDiscount: cents(),
      month: z.string(),
      redPackets: cents(),
      budgets: z.record(z.string(), cents()).optional().openapi({ description: 'What discounts drawing on budgets took, held until paid or released.' }),
    }),
    refundedUnits: z.record(z.string(), count()).openapi({ description: 'Units refunded so far, by line id.' }),
    refunds: z.array(
      z.object({ key: z.string(), at: z.string(), lines: z.array(RefundLine), cash: cents(), redPackets: cents(), keptBack: cents() }),
    ),
    refunded: z.object({ cash: cents(), redPackets: cents() }),
    forfeited: cents('A presale deposit kept because the balance was never paid.'),
    clearCart: z
      .object({
        lotteryId: z.string(),
        ticket: z.string(),
        budget: z.string(),
        cap: cents(),
        covered: cents('What the campaign pays of this order.'),
        returned: cents('What refunds returned of it to the budget.').optional(),
      })
      .optional()
      .openapi({ description: 'A clear-cart prize paying this order up to its cap.' }),
  })
  .openapi('Order', { description: 'An order with the settlement it was created with; refunds work from that snapshot.' });

export const MyOrders = z.object({ orders: z.array(OrderSchema) }).openapi('MyOrders');

export const MyCoupons = z
  .object({
    instances: z.array(
      couponInstance.extend({
        usable: z.boolean().openapi({ description: 'Whether a quote or order may use it now: unused (or held by a lapsed order) and within its validity.' }),
      }),
    ),
  })
  .openapi('MyCoupons');

const funding = { platform: cents('Funded by the platform.'), merchant: cents('Funded by the store\'s merchant.'), total: cents() };

export const SettlementReport = z
  .object({
    campaignId: z.string(),
    currency: z.string(),
    stores: z.array(z.object({ store: z.string(), name: z.string(), ...funding })),
    totals: z.object(funding),
  })
  .openapi('SettlementReport', {
    description:
      'The discounts of paid orders by who funds them, per store of the current pricing, net of refunds (a refund takes back the refunded units\' share).',
  });

export const BudgetBurnSchema = z
  .object({
    budgets: z.array(
      z.object({
        id: z.string(),
        title: z.string(),
        amount: cents('The budget, in cents.'),
        spent: cents('Paid out.'),
        reserved: cents('Promised and not yet paid (a winner\'s payment window).'),
        left: cents('What it can still pay: amount − spent − reserved.'),
      }) satisfies z.ZodType<BudgetBurn>,
    ),
  })
  .openapi('BudgetBurn', { description: 'Every budget of the campaign with what it paid, holds and has left.' });

const TaskStateSchema = z
  .object({
    id: z.string(),
    kind: z.enum(['browse', 'checkin', 'action']),
    title: z.string(),
    reward: count(),
    status: z.enum(['open', 'in-progress', 'ready', 'done', 'closed']),
    doneToday: count(),
    doneTotal: count(),
    limits: limitsOf(),
    opensAt: z.string().nullable(),
    hostVerified: z.boolean(),
    browse: z.union([z.object({ seconds: z.number().int(), readyAt: z.string(), expiresAt: z.string() }), z.object({ seconds: z.number().int() })]).optional(),
    streak: z.object({ days: z.number().int(), checkedInToday: z.boolean() }).optional(),
  })
  .openapi('TaskState');

export const PlayerStateSchema: z.ZodType<PlayerState> = z
  .object({
    campaignId: z.string(),
    version: z.number().int(),
    playerId: z.string(),
    now: instant('The server clock.'),
    day: z.string().openapi({ description: 'Campaign-local day, YYYY-MM-DD.', example: '2026-11-11' }),
    phase: z.object({ current: z.string().nullable(), next: z.object({ id: z.string(), startsAt: z.string() }).nullable() }),
    candy: z.object({ balance: count(), earnedToday: count(), dailyEarnCap: z.number().int().nullable() }),
    redPackets: z.object({ balance: cents('Red packets and shopping allowances to spend on orders; what unpaid orders hold is not counted.') }),
    tasks: z.array(TaskStateSchema),
    boxes: z.array(
      z.object({
        id: z.string(),
        title: z.string(),
        available: count(),
        opened: count(),
        price: z.number().int().nullable(),
        everyTasks: z.number().int().nullable(),
        tasksDone: count(),
        open: z.boolean().openapi({ description: 'Whether it can be opened now, within its phases.' }),
        opensAt: z.string().nullable().openapi({ description: 'When a closed box opens next (null: open now, or never again).' }),
        empty: z.boolean().openapi({ description: 'Nothing left to give me (every reward out of stock, won as often as allowed, or past its budget): opening it is refused as BOX_EMPTY.' }),
      }),
    ),
    invitations: z
      .object({
        shareCode: z.string().nullable(),
        receivedToday: count(),
        perInviterPerDay: z.number().int(),
        givenToday: count(),
        perFriendPerDay: z.number().int(),
        assists: z.array(
          z.object({ friendId: z.string(), at: z.string(), newCustomer: z.boolean(), inviterCandy: count(), friendCandy: count() }),
        ),
      })
      .nullable(),
    experiments: z.record(z.string(), z.string()).openapi({
      description: "My variant of each of the campaign's experiments (experiment id → variant id); the rules above are my variants'.",
      example: { 'browse-reward': 'control' },
    }),
  })
  .openapi('PlayerState', { description: "My state and rules: with experiments, the rules of my variants (rewards, limits, prices)." });

// Lotteries: response schemas only, annotated with the core types they describe.

const LotteryTierSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    count: z.number().int().positive(),
    reward: z.object({ cash: cents('Cents to the winner\'s red-packet balance.').optional(), prize: z.string().optional() }),
  })
  .openapi('LotteryTier');

const LotteryWinnerSchema = z
  .object({
    tier: z.string(),
    ticket: z.string().openapi({ description: 'The winning ticket\'s code.' }),
    playerId: z.string(),
  })
  .openapi('LotteryWinner');

export const PoolStateSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    amount: cents('The pool, in cents.'),
    basis: PoolBasis,
    settleAt: instant('When the split is taken: candy held (or earned) then is the basis.'),
    status: z.enum(['pending', 'paying', 'settled']).openapi({ description: 'paying: settled, with payout batches still running.' }),
    result: z
      .object({ at: z.string(), basis: PoolBasis, players: count(), split: cents(), paid: cents(), unallocated: cents(), batches: count() })
      .nullable()
      .openapi({ description: 'The settle run, once settled.' }),
    batchesPaid: count(),
    myPayout: cents('What the pool paid me, once my batch is paid.').nullable(),
  })
  .openapi('PoolState');

export const LuckyPacketStateSchema: z.ZodType<LuckyPacketState> = z
  .object({
    packetId: z.string(),
    title: z.string(),
    senderId: z.string(),
    amount: cents('The whole packet.'),
    packets: count(),
    sentAt: instant('When it was sent.'),
    expiresAt: instant('Shares left then are never paid.'),
    status: z.enum(['open', 'empty', 'expired']),
    grabs: z.array(z.object({ playerId: z.string(), amount: cents(), at: instant('When.') })).openapi({ description: 'The shares grabbed so far, in order; shares still to come are never shown.' }),
    mine: cents('What I grabbed.').nullable(),
    luckiest: z.string().nullable().openapi({ description: 'Who grabbed the largest share (手气最佳), once every share is grabbed.' }),
  })
  .openapi('LuckyPacketState');

export const LotteryStateSchema: z.ZodType<LotteryState> = z
  .object({
    id: z.string(),
    title: z.string(),
    status: z.enum(['upcoming', 'open', 'frozen', 'drawn']).openapi({
      description: '`upcoming` before `opensAt`; `open` while tickets are issued; `frozen` from `drawAt` until the draw; then `drawn`.',
    }),
    opensAt: instant('Tickets are issued from here on, and the commitment is published.'),
    drawAt: instant('The ticket list is frozen here; the draw runs from here on.'),
    publicValue: z.string().openapi({ description: 'Names, in advance, the public value the draw will use.' }),
    publicValueFormat: z.enum(['hex64']).nullable().openapi({ description: 'How the public value must be written (`hex64`: 64 lowercase hex digits), so it has one spelling; null when the definition does not say.' }),
    tiers: z.array(LotteryTierSchema).openapi({ description: 'Drawn in this order.' }),
    commitment: z.string().nullable().openapi({ description: 'Hex SHA-256 of the secret seed, from `opensAt` on (null before).' }),
    ticketsHash: z.string().nullable().openapi({ description: 'The frozen ticket list\'s hash, from `drawAt` on (null while tickets are issued).' }),
    myTickets: z.array(z.string()).openapi({ description: 'My ticket codes.' }),
    result: z
      .object({
        publicValue: z.string(),
        seed: z.string().openapi({ description: 'The revealed seed: its SHA-256 is `commitment`.' }),
        tickets: count().openapi({ description: 'Tickets in the frozen list.' }),
        prizes: z.array(z.object({ tier: z.string(), count: count() })).openapi({ description: 'The tiers drawn, as they were at the draw.' }),
        maxWinsPerPlayer: z.number().int().positive(),
        winners: z.array(
          LotteryWinnerSchema.extend({
            cash: z.number().int().nullable().openapi({ description: 'Cents paid; null for a goods prize or one the budget could not pay.' }),
            unpaid: z.literal('budget').optional().openapi({ description: 'A cash prize the budget could no longer pay.' }),
            clearCart: z
              .object({ cap: cents(), until: instant('The winner orders the cart the campaign pays before this.') })
              .optional()
              .openapi({ description: 'A clear-cart prize: the winner\'s next order is paid up to the cap.' }),
          }),
        ),
        at: instant('When the draw ran.'),
      })
      .nullable()
      .openapi({ description: 'After the draw: the public value used, the revealed seed and every winner, in draw order.' }),
  })
  .openapi('LotteryState');

export const PublishedDrawSchema: z.ZodType<PublishedDraw & { lotteryId: string }> = z
  .object({
    lotteryId: z.string(),
    commitment: z.string().openapi({ description: 'Hex SHA-256 of the seed, as published from `opensAt` on.' }),
    seed: z.string().openapi({ description: 'The secret seed, revealed by the draw.' }),
    publicValue: z.string().openapi({ description: 'The public value the draw used.' }),
    publicValueFormat: z.enum(['hex64']).optional().openapi({ description: 'How the definition required the public value to be written; verify-draw checks it.' }),
    ticketsHash: z.string().openapi({ description: 'Hex SHA-256 of the frozen list\'s canonical serialization, as published from `drawAt` on.' }),
    tickets: z
      .array(z.object({ code: z.string(), playerId: z.string() }))
      .openapi({ description: 'The frozen ticket list: every ticket issued before `drawAt`, less those of banned players.' }),
    prizes: z.array(z.object({ tier: z.string(), count: z.number().int().nonnegative() })).openapi({ description: 'The tiers, in the order drawn.' }),
    maxWinsPerPlayer: z.number().int().positive().optional(),
    winners: z.array(LotteryWinnerSchema).openapi({ description: 'In draw order.' }),
  })
  .openapi('PublishedDraw', {
    description:
      'Everything needed to recompute a draw: save it as a file and run `carnival verify-draw FILE`. The procedure is specified step by step in ' +
      'packages/core/src/lottery-draw.ts.',
  });

const LedgerEntrySchema: z.ZodType<LedgerEntry> = z
  .object({
    campaignId: z.string(),
    version: z.number().int(),
    playerId: z.string().openapi({ description: 'The player whose command caused the posting.' }),
    commandKey: z.string(),
    from: z.string(),
    to: z.string(),
    amount: z.number().int().positive(),
    reason: z.string(),
    memo: z.string().optional(),
    at: z.string(),
  })
  .openapi('LedgerEntry');

export const LedgerPage = z.object({ account: z.string(), entries: z.array(LedgerEntrySchema) }).openapi('LedgerPage', { description: 'Newest first.' });

// A query value is text: checked as text, so a bad value is reported as sent ("abc", not NaN).
const LEDGER_LIMIT = 'an integer from 1 to 500';
export const LedgerQuery = z.object({
  limit: z
    .string()
    .refine((text) => /^[1-9][0-9]{0,2}$/.test(text) && Number(text) <= 500, { error: LEDGER_LIMIT })
    .optional()
    .transform((text) => (text === undefined ? 50 : Number(text)))
    .openapi({ param: { name: 'limit', in: 'query' }, type: 'integer', minimum: 1, maximum: 500, description: 'Entries to return, newest first (default 50).' }),
});

export const AcceptInvitationBody = z.strictObject({
  code: z.string({ error: 'a share code' }).min(1, { error: 'a share code of 1 to 64 characters' }).max(64, { error: 'a share code of 1 to 64 characters' }).openapi({ example: 'V1StGXR8_Z5j.4Nl0a8oQpb' }),
});

export const ClockReading = z
  .object({ now: instant('The clock the rules see.'), mode: z.enum(['system', 'manual']), running: z.boolean().openapi({ description: 'A manual clock that ticks with real time.' }) })
  .openapi('ClockReading');

export const SetClockBody = z.strictObject({
  now: z.iso.datetime({ offset: true, error: 'an ISO-8601 date-time with an offset, like 2026-10-20T20:00:00+08:00' }),
});

export const AdvanceClockBody = z.strictObject({
  seconds: z
    .number({ error: 'a number of seconds' })
    .int({ error: 'a whole number of seconds' })
    .min(-366 * 86_400, { error: 'at most a year back' })
    .max(366 * 86_400, { error: 'at most a year ahead' }),
});

export const DevTokenBody = z.strictObject({
  playerId: z.string({ error: 'a player id' }).regex(PLAYER_ID, { error: PLAYER_ID_RULE }),
  newCustomer: z.boolean({ error: 'true or false' }).optional(),
  tier: z.string({ error: 'a tier name' }).min(1, { error: 'a tier name of 1 to 64 characters' }).max(64, { error: 'a tier name of 1 to 64 characters' }).optional(),
});

export const DevToken = z.object({ token: z.string(), playerId: z.string(), expiresAt: z.string() }).openapi('DevToken');

export const Health = z.object({ ok: z.literal(true) });
