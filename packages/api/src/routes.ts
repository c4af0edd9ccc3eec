import { createRoute, type RouteConfig, type z } from '@hono/zod-openapi';
import type { Guards } from './auth.ts';
import { eachKeyOnce } from './each-key-once.ts';
import { FAILURE_CODES, PROBLEM_MEDIA_TYPE, statusOf } from './problem.ts';
import {
  AcceptInvitationBody,
  BudgetBurnSchema,
  AdvanceClockBody,
  BoxParams,
  CampaignDefinitionSchema,
  CampaignList,
  CampaignParams,
  ClockReading,
  CouponParams,
  CreateOrderBody,
  DevToken,
  DevTokenBody,
  DrawLotteryBody,
  GrantAllowanceBody,
  GrantCouponBody,
  GrantTicketsBody,
  Health,
  HostTaskParams,
  IdempotencyHeaders,
  LedgerPage,
  LedgerQuery,
  LotteryParams,
  LotteryStateSchema,
  GrabLuckyPacketBody,
  LuckyPacketParams,
  LuckyPacketQuery,
  LuckyPacketStateSchema,
  MyCoupons,
  OrderParams,
  MyOrders,
  OrderSchema,
  PayOrderBody,
  PoolParams,
  PoolStateSchema,
  ShareCartBody,
  ViewCartBody,
  PlayerLotteryParams,
  PlayerOrderParams,
  PlayerParams,
  PlayerStateSchema,
  ProblemSchema,
  PublicCampaign,
  PublishedDrawSchema,
  PublishResultSchema,
  QuoteRequestSchema,
  QuoteSchema,
  ReceiptSchema,
  RefundOrderBody,
  SetClockBody,
  SettlementReport,
  TaskParams,
} from './schemas.ts';

function codesOf(status: number): string {
  return FAILURE_CODES.filter((code) => statusOf(code) === status).join(', ');
}

/** Why each problem status may come back; the `code` member says exactly which. */
const PROBLEM_STATUSES = {
  400: 'MALFORMED_JSON: the body is not JSON.',
  401: 'UNAUTHORIZED: missing, invalid or expired credentials.',
  403: 'FORBIDDEN (wrong kind of credentials) or HOST_VERIFIED_TASK.',
  // Every code of a status, from the one catalogue, so a new one cannot be left out here.
  404: `${codesOf(404)}: what the path names does not exist.`,
  409: `A refusal by the rules or the state: ${codesOf(409)}. Each code's own fields (a limit, a moment, an id) are in the body.`,
  413: 'PAYLOAD_TOO_LARGE: the body is over the route\'s limit.',
  415: 'UNSUPPORTED_MEDIA_TYPE: the body is not application/json.',
  422: `Well-formed but not acceptable: ${codesOf(422)}. VALIDATION_FAILED lists \`problems\`; INVALID_CART names the \`path\` of the line or fee; PUBLIC_VALUE_MALFORMED names the \`format\` the lottery requires.`,
} as const;
type ProblemStatus = keyof typeof PROBLEM_STATUSES;

const problemContent = { [PROBLEM_MEDIA_TYPE]: { schema: ProblemSchema } } as { 'application/problem+json': { schema: typeof ProblemSchema } };

/** Problem responses for the statuses a route can answer, in its OpenAPI entry and client types. */
function problems<const S extends ProblemStatus>(...statuses: S[]) {
  return Object.fromEntries(statuses.map((status) => [status, { description: PROBLEM_STATUSES[status], content: problemContent }])) as unknown as {
    [K in S]: { description: string; content: typeof problemContent };
  };
}

const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });
const jsonBody = <T extends z.ZodType>(schema: T) => ({ required: true, content: { 'application/json': { schema } } });

const PLAYER = [{ playerToken: [] }];
const ADMIN = [{ adminKey: [] }];

const commandHeaders = {
  'Idempotency-Key': { description: 'The key the command ran under: the client\'s, or one the server generated.', schema: { type: 'string' as const } },
  'Idempotent-Replayed': { description: '`true` when this is the stored receipt of an earlier request with the same key.', schema: { type: 'string' as const } },
};
const receipt = (description: string) => ({ ...json(ReceiptSchema, description), headers: commandHeaders });

/**
 * The routes of the play API, described once: zod validates the requests, the OpenAPI document
 * is generated from the same schemas, and the typed client reads their types.
 */
export function defineRoutes(guards: Guards) {
  const playerCommand = <P extends z.ZodType>(params: P, summary: string, description: string) =>
    ({
      method: 'post' as const,
      tags: ['play'],
      summary,
      description,
      security: PLAYER,
      middleware: guards.player,
      request: { params, headers: IdempotencyHeaders },
      responses: { 200: receipt('The receipt.'), ...problems(401, 403, 404, 409, 422) },
    });

  /** A command the host platform sends on a player's behalf (the player is in the path). */
  const hostCommand = <P extends z.ZodType>(params: P, summary: string, description: string) =>
    ({
      method: 'post' as const,
      tags: ['admin'],
      summary,
      description,
      security: ADMIN,
      middleware: guards.admin,
      request: { params, headers: IdempotencyHeaders },
      responses: { 200: receipt('The receipt.'), ...problems(401, 403, 404, 409, 422) },
    });

  /** The request and responses of a command that also takes a JSON body: it can meet the body's problems too. */
  const withBody = <P extends z.ZodType, B extends z.ZodType, S extends ProblemStatus>(params: P, body: B, ...statuses: S[]) => ({
    request: { params, headers: IdempotencyHeaders, body: jsonBody(body) },
    responses: { 200: receipt('The receipt.'), ...problems<400 | 413 | 415 | S>(400, 413, 415, ...statuses) },
  });

  return {
    health: createRoute({
      method: 'get',
      path: '/healthz',
      tags: ['meta'],
      summary: 'Liveness',
      responses: { 200: json(Health, 'The server is up.') },
    }),

    listCampaigns: createRoute({
      method: 'get',
      path: '/v1/campaigns',
      tags: ['campaigns'],
      summary: 'Published campaigns',
      responses: { 200: json(CampaignList, 'Every campaign, at its latest version.') },
    }),

    getCampaign: createRoute({
      method: 'get',
      path: '/v1/campaigns/{campaignId}',
      tags: ['campaigns'],
      summary: 'A campaign definition',
      description: 'The public definition at its latest version (the seed stays on the server).',
      request: { params: CampaignParams },
      responses: { 200: json(PublicCampaign, 'The campaign.'), ...problems(404, 422) },
    }),

    publishCampaign: createRoute({
      method: 'post',
      path: '/v1/campaigns',
      tags: ['campaigns', 'admin'],
      summary: 'Publish a campaign definition',
      description:
        'Validates the definition (schema and cross-references) and publishes it as a new immutable version when it differs ' +
        'from the latest; publishing the same definition again changes nothing. A lottery whose drawAt has come is final: a ' +
        'version that changes or drops it is refused (LOTTERY_FROZEN), and so is one that changes a pool whose settleAt has come ' +
        '(POOL_FROZEN). Bodies up to 1 MiB.',
      security: ADMIN,
      middleware: [guards.admin, eachKeyOnce],
      request: { body: jsonBody(CampaignDefinitionSchema) },
      responses: {
        201: json(PublishResultSchema, 'A new version was published.'),
        200: json(PublishResultSchema, 'The definition equals the latest version; nothing changed.'),
        ...problems(400, 401, 403, 409, 413, 415, 422),
      },
    }),

    playerCampaign: createRoute({
      method: 'get',
      path: '/v1/campaigns/{campaignId}/me/campaign',
      tags: ['play'],
      summary: 'The campaign as I play it',
      description:
        'The definition at its latest version under my experiment variants: the rewards, caps, thresholds, coupons and ' +
        'packets I meet, where `GET /v1/campaigns/{campaignId}` gives the published ones. A page shows a player these.',
      security: PLAYER,
      middleware: guards.player,
      request: { params: CampaignParams },
      responses: { 200: json(PublicCampaign, "The campaign by the player's variants."), ...problems(401, 403, 404, 422) },
    }),

    playerState: createRoute({
      method: 'get',
      path: '/v1/campaigns/{campaignId}/me',
      tags: ['play'],
      summary: 'My state in a campaign',
      description:
        'Balance, tasks with their status and limits, boxes, invitations: everything the play page shows, by the rules of my ' +
        'experiment variants, which `experiments` names.',
      security: PLAYER,
      middleware: guards.player,
      request: { params: CampaignParams },
      responses: { 200: json(PlayerStateSchema, 'The player state.'), ...problems(401, 403, 404, 422) },
    }),

    myLedger: createRoute({
      method: 'get',
      path: '/v1/campaigns/{campaignId}/me/ledger',
      tags: ['play'],
      summary: 'My candy postings',
      security: PLAYER,
      middleware: guards.player,
      request: { params: CampaignParams, query: LedgerQuery },
      responses: { 200: json(LedgerPage, 'Postings from or to my account, newest first.'), ...problems(401, 403, 404, 422) },
    }),

    startTask: createRoute({
      path: '/v1/campaigns/{campaignId}/tasks/{taskId}/start',
      ...playerCommand(TaskParams, 'Start a browse task', 'Starts the server-side timer of a browse visit; a visit already running is returned unchanged.'),
    }),

    completeTask: createRoute({
      path: '/v1/campaigns/{campaignId}/tasks/{taskId}/complete',
      ...playerCommand(TaskParams, 'Complete a task', 'Completes a browse (once long enough), check-in or player-verified action task and credits its candy.'),
      responses: { 200: receipt('The receipt.'), ...problems(401, 403, 404, 409, 422) },
    }),

    hostCompleteTask: createRoute({
      method: 'post',
      path: '/v1/campaigns/{campaignId}/players/{playerId}/tasks/{taskId}/complete',
      tags: ['admin'],
      summary: 'Report a host-verified action',
      description: 'The host platform reports that a player did something it verified (followed a store, joined a club).',
      security: ADMIN,
      middleware: guards.admin,
      request: { params: HostTaskParams, headers: IdempotencyHeaders },
      responses: { 200: receipt('The receipt.'), ...problems(401, 403, 404, 409, 422) },
    }),

    createInvitation: createRoute({
      path: '/v1/campaigns/{campaignId}/invitations',
      ...playerCommand(CampaignParams, 'My share code', 'Creates my share code on first call; the same code ever after.'),
    }),

    acceptInvitation: createRoute({
      path: '/v1/campaigns/{campaignId}/invitations/accept',
      ...playerCommand(CampaignParams, 'Assist a friend', 'Accepts a friend\'s share code: both are credited, once per pair, within daily caps.'),
      ...withBody(CampaignParams, AcceptInvitationBody, 401, 403, 404, 409, 422),
    }),

    openBox: createRoute({
      path: '/v1/campaigns/{campaignId}/boxes/{boxId}/open',
      ...playerCommand(BoxParams, 'Open a surprise box', 'Opens an earned box, or buys one with candy when none is earned and the box has a price.'),
    }),

    quote: createRoute({
      method: 'post',
      path: '/v1/campaigns/{campaignId}/quote',
      tags: ['shop'],
      summary: 'Price a cart',
      description:
        'Settles a cart under the campaign\'s pricing for me (my experiment variants\' pricing), with my coupons (the best combination by default), member discount ' +
        'and red packets as an order would see them now, and says what to add to reach the next threshold. Writes nothing and ' +
        'reserves nothing, so it needs no Idempotency-Key. Bodies up to 256 KiB (a 500-line cart).',
      security: PLAYER,
      middleware: guards.player,
      request: { params: CampaignParams, body: jsonBody(QuoteRequestSchema) },
      responses: { 200: json(QuoteSchema, 'The quote.'), ...problems(400, 401, 403, 404, 413, 415, 422) },
    }),

    myCoupons: createRoute({
      method: 'get',
      path: '/v1/campaigns/{campaignId}/me/coupons',
      tags: ['shop'],
      summary: 'My coupons',
      description: 'Every coupon instance I hold, used or not, and whether each is usable now.',
      security: PLAYER,
      middleware: guards.player,
      request: { params: CampaignParams },
      responses: { 200: json(MyCoupons, 'My coupon instances, in the order I got them.'), ...problems(401, 403, 404, 422) },
    }),

    claimCoupon: createRoute({
      path: '/v1/campaigns/{campaignId}/coupons/{couponId}/claim',
      ...playerCommand(CouponParams, 'Claim a coupon', 'Claims one instance of a claimable coupon (领券), within its per-player limit and stock.'),
      tags: ['shop'],
    }),

    grantCoupon: createRoute({
      path: '/v1/campaigns/{campaignId}/players/{playerId}/coupons',
      ...hostCommand(PlayerParams, 'Grant a coupon', 'The host platform gives a player one instance of any coupon of the campaign, claimable or not.'),
      ...withBody(PlayerParams, GrantCouponBody, 401, 403, 404, 409, 422),
    }),

    grantAllowance: createRoute({
      path: '/v1/campaigns/{campaignId}/players/{playerId}/allowance',
      ...hostCommand(PlayerParams, 'Grant red packets', 'Credits a player\'s red-packet (shopping allowance) balance, in cents; orders spend it after every discount.'),
      ...withBody(PlayerParams, GrantAllowanceBody, 401, 403, 404, 409, 422),
    }),

    shareCart: createRoute({
      path: '/v1/campaigns/{campaignId}/carts/share',
      ...playerCommand(
        CampaignParams,
        'Share my cart',
        'Shares a snapshot of my cart (分享购物车): the items the host platform sends, up to 100. Gives the share code friends open; ' +
          're-sharing replaces the snapshot and keeps the code.',
      ),
      tags: ['play'],
      ...withBody(CampaignParams, ShareCartBody, 401, 403, 404, 409, 422),
    }),

    viewCart: createRoute({
      path: '/v1/campaigns/{campaignId}/carts/view',
      ...playerCommand(
        CampaignParams,
        'Open a friend\'s shared cart',
        'Shows the items of a shared cart. The first time two players meet this way, both earn clear-cart codes (tickets of the ' +
          'campaign\'s clear-cart lottery) within their daily and total caps.',
      ),
      tags: ['play'],
      ...withBody(CampaignParams, ViewCartBody, 401, 403, 404, 409, 422),
    }),

    sendLuckyPacket: createRoute({
      path: '/v1/campaigns/{campaignId}/lucky-packets/{packetId}/send',
      ...playerCommand(
        LuckyPacketParams,
        'Send a lucky packet',
        'Sends a lucky red packet (拼手气红包) paid by the campaign, within my limits and the packet\'s stock: its amount is split at random ' +
          '(double mean, at least a cent each) into its shares, and the share code goes to my group. BUDGET_SPENT when the budget cannot pay it.',
      ),
    }),

    grabLuckyPacket: createRoute({
      path: '/v1/campaigns/{campaignId}/lucky-packets/grab',
      ...playerCommand(CampaignParams, 'Grab a share of a lucky packet', 'Takes the next share of the packet, once per player, paid to my red-packet balance from the budget.'),
      ...withBody(CampaignParams, GrabLuckyPacketBody, 401, 403, 404, 409, 422),
    }),

    luckyPacketState: createRoute({
      method: 'get',
      path: '/v1/campaigns/{campaignId}/lucky-packets',
      tags: ['play'],
      summary: 'A lucky packet by its code',
      description: 'The packet behind a share code: who sent it, the shares grabbed so far (never those to come), mine, and once empty the luckiest grab.',
      security: PLAYER,
      middleware: guards.player,
      request: { params: CampaignParams, query: LuckyPacketQuery },
      responses: { 200: json(LuckyPacketStateSchema, 'The packet.'), ...problems(401, 403, 404, 422) },
    }),

    poolState: createRoute({
      method: 'get',
      path: '/v1/campaigns/{campaignId}/pools/{poolId}',
      tags: ['play'],
      summary: 'A pool and my share',
      description: 'A red-packet pool split by candy held (or earned) at `settleAt` (瓜分): its terms, and once settled the run and what it paid me.',
      security: PLAYER,
      middleware: guards.player,
      request: { params: PoolParams },
      responses: { 200: json(PoolStateSchema, 'The pool.'), ...problems(401, 403, 404, 422) },
    }),

    settlePool: createRoute({
      method: 'post',
      path: '/v1/campaigns/{campaignId}/pools/{poolId}/settle',
      tags: ['admin'],
      summary: 'Settle a pool',
      description:
        'From `settleAt` on: freezes the basis (candy held or earned), splits the pool (cut to what its budget has left) in proportion to it, ' +
        'exactly, holds the payout in the budget, and pays each share to the red-packet balance in atomic batches of 1,000 players, ' +
        'each batch exactly once. Answers once every batch is paid. Settling again (after a crash too) returns the same run and pays only what was not paid.',
      security: ADMIN,
      middleware: guards.admin,
      request: { params: PoolParams, headers: IdempotencyHeaders },
      responses: { 200: receipt('The receipt.'), ...problems(401, 403, 404, 409, 422) },
    }),

    createOrder: createRoute({
      path: '/v1/campaigns/{campaignId}/orders',
      ...playerCommand(
        CampaignParams,
        'Place an order',
        'Settles the cart as a quote does and reserves what its discounts use (coupon instances, red packets, the month\'s member ' +
          'discount) in the same atomic step, so two checkouts never spend one coupon: the loser is refused with ' +
          'COUPON_ALREADY_RESERVED. Unpaid by `payBy`, the order lapses and the reservations are released. Bodies up to 256 KiB.',
      ),
      tags: ['shop'],
      ...withBody(CampaignParams, CreateOrderBody, 401, 403, 404, 409, 422),
    }),

    myOrders: createRoute({
      method: 'get',
      path: '/v1/campaigns/{campaignId}/orders',
      tags: ['shop'],
      summary: 'My orders',
      description: 'Every order I placed in the campaign, newest first, each as `GET …/orders/{orderId}` returns it.',
      security: PLAYER,
      middleware: guards.player,
      request: { params: CampaignParams },
      responses: { 200: json(MyOrders, 'My orders.'), ...problems(401, 403, 404, 422) },
    }),

    getOrder: createRoute({
      method: 'get',
      path: '/v1/campaigns/{campaignId}/orders/{orderId}',
      tags: ['shop'],
      summary: 'One of my orders',
      description:
        'The order with its settlement snapshot, payments and refunds. The snapshot keeps the verdicts of the rules that took something off and of the coupons named; ' +
        'a quote explains every rule. An unpaid order past `payBy` reads `expired`.',
      security: PLAYER,
      middleware: guards.player,
      request: { params: OrderParams },
      responses: { 200: json(OrderSchema, 'The order.'), ...problems(401, 403, 404, 422) },
    }),

    cancelOrder: createRoute({
      path: '/v1/campaigns/{campaignId}/orders/{orderId}/cancel',
      ...playerCommand(OrderParams, 'Cancel my order', 'Cancels an order not paid in full and releases what it reserved; a paid presale deposit is kept or returned as the pricing says.'),
      tags: ['shop'],
    }),

    payOrder: createRoute({
      path: '/v1/campaigns/{campaignId}/players/{playerId}/orders/{orderId}/pay',
      ...hostCommand(
        PlayerOrderParams,
        'Report a payment',
        'The host platform reports that the player paid: `full` (the default), or a presale order\'s `deposit` then `balance`. ' +
          'Paying in full uses the reserved coupons and books the discounts\' funding to the platform and each merchant. ' +
          'The body is optional.',
      ),
      request: { params: PlayerOrderParams, headers: IdempotencyHeaders, body: { required: false, content: { 'application/json': { schema: PayOrderBody } } } },
      responses: { 200: receipt('The receipt.'), ...problems(400, 401, 403, 404, 409, 413, 415, 422) },
    }),

    hostCancelOrder: createRoute({
      path: '/v1/campaigns/{campaignId}/players/{playerId}/orders/{orderId}/cancel',
      ...hostCommand(PlayerOrderParams, 'Cancel a player\'s order', 'As the player\'s own cancellation, reported by the host platform (a timeout, a stock-out).'),
    }),

    refundOrder: createRoute({
      path: '/v1/campaigns/{campaignId}/players/{playerId}/orders/{orderId}/refund',
      ...hostCommand(
        PlayerOrderParams,
        'Refund units of a paid order',
        'Returns the refunded units\' share of what was paid, from the order\'s settlement snapshot; never more than was paid in all.',
      ),
      ...withBody(PlayerOrderParams, RefundOrderBody, 401, 403, 404, 409, 422),
    }),

    lottery: createRoute({
      method: 'get',
      path: '/v1/campaigns/{campaignId}/lotteries/{lotteryId}',
      tags: ['play'],
      summary: 'A scheduled lottery, as I see it',
      description:
        'A lottery (抽奖) drawn by commit and reveal, with my tickets. What is published grows with time: from `opensAt` the ' +
        '`commitment` (SHA-256 of the secret seed, fixed before any ticket exists); from `drawAt` the `ticketsHash` of the frozen ' +
        'ticket list; after the draw the `result`: the public value used, the revealed seed and every winner. Anyone can then ' +
        'check the draw with `GET …/lotteries/{lotteryId}/draw` and `carnival verify-draw`.',
      security: PLAYER,
      middleware: guards.player,
      request: { params: LotteryParams },
      responses: { 200: json(LotteryStateSchema, 'The lottery and my tickets.'), ...problems(401, 403, 404, 422) },
    }),

    publishedDraw: createRoute({
      method: 'get',
      path: '/v1/campaigns/{campaignId}/lotteries/{lotteryId}/draw',
      tags: ['play'],
      summary: 'A drawn lottery\'s published draw (no credentials)',
      description:
        'Everything anyone needs to verify a draw, public and unauthenticated: the commitment published at `opensAt`, the ' +
        'revealed seed, the public value, the frozen ticket list (every ticket code and its holder) with its hash, the prize ' +
        'tiers and the winners in draw order. Save the body as a file and run `carnival verify-draw FILE`: it checks that the ' +
        'seed is the one committed to, that the list hashes to `ticketsHash`, and that the draw gives exactly these winners. ' +
        'Before the draw the answer is 409 LOTTERY_NOT_DUE with the lottery\'s `drawAt`.',
      request: { params: LotteryParams },
      responses: {
        200: json(PublishedDrawSchema, 'The published draw, exactly the file `carnival verify-draw` reads.'),
        ...problems(404, 409, 422),
      },
    }),

    drawLottery: createRoute({
      path: '/v1/campaigns/{campaignId}/lotteries/{lotteryId}/draw',
      ...hostCommand(
        LotteryParams,
        'Draw a lottery',
        'Runs the draw once the ticket list is frozen (from `drawAt` on), with the public value the lottery named in advance, ' +
          'as it became known: the winners follow from the committed seed, the frozen list and that value alone, and cash prizes ' +
          'are paid from the lottery\'s budget in the same atomic step (a prize the budget can no longer pay is recorded unpaid). ' +
          'The draw happens once: drawing again, with any key or public value, returns the recorded result and pays nothing ' +
          'more; a retry with the same Idempotency-Key returns the first receipt. A crash before the draw commits leaves nothing ' +
          'behind. Refused with LOTTERY_NOT_DUE before `drawAt`.',
      ),
      ...withBody(LotteryParams, DrawLotteryBody, 401, 403, 404, 409, 422),
    }),

    releaseLapsedPrizes: createRoute({
      path: '/v1/campaigns/{campaignId}/lotteries/{lotteryId}/release',
      ...hostCommand(
        LotteryParams,
        'Release lapsed clear-cart prizes',
        'After a drawn lottery\'s clear-cart windows: releases the budget held for every prize whose winner did not order in time. ' +
          'Running it again releases nothing more.',
      ),
    }),

    grantTickets: createRoute({
      path: '/v1/campaigns/{campaignId}/players/{playerId}/lotteries/{lotteryId}/tickets',
      ...hostCommand(
        PlayerLotteryParams,
        'Grant lottery tickets',
        'Issues up to `count` tickets to a player, for an entry path the host platform verifies itself (a shared cart, a paid ' +
          'order), within the lottery\'s `maxTicketsPerPlayer`. Only between `opensAt` and `drawAt` (else LOTTERY_NOT_OPEN).',
      ),
      ...withBody(PlayerLotteryParams, GrantTicketsBody, 401, 403, 404, 409, 422),
    }),

    banFromLottery: createRoute({
      path: '/v1/campaigns/{campaignId}/players/{playerId}/lotteries/{lotteryId}/ban',
      ...hostCommand(
        PlayerLotteryParams,
        'Ban a player from a lottery',
        'Excludes every ticket of the player from the frozen list (a fraud finding). Only before `drawAt`, so the list whose hash ' +
          'is published at the freeze is final (else LOTTERY_FROZEN). Banning again changes nothing.',
      ),
    }),

    settlementReport: createRoute({
      method: 'get',
      path: '/v1/campaigns/{campaignId}/settlement-report',
      tags: ['admin'],
      summary: 'Discount funding by store',
      description:
        'Per store of the campaign\'s pricing, what the discounts of paid orders cost the platform and the merchant, with totals. ' +
        'Net of refunds: booked when an order is paid in full, and a refund takes back the refunded units\' share.',
      security: ADMIN,
      middleware: guards.admin,
      request: { params: CampaignParams },
      responses: { 200: json(SettlementReport, 'The funding booked so far.'), ...problems(401, 403, 404, 422) },
    }),

    budgets: createRoute({
      method: 'get',
      path: '/v1/campaigns/{campaignId}/budgets',
      tags: ['admin'],
      summary: 'Budget burn',
      description: 'Every budget with what it paid, what it holds for promised payouts, and what is left. A budget is never exceeded.',
      security: ADMIN,
      middleware: guards.admin,
      request: { params: CampaignParams },
      responses: { 200: json(BudgetBurnSchema, 'The budgets.'), ...problems(401, 403, 404, 422) },
    }),

    readClock: createRoute({
      method: 'get',
      path: '/v1/admin/clock',
      tags: ['admin'],
      summary: 'The campaign clock',
      security: ADMIN,
      middleware: guards.admin,
      responses: { 200: json(ClockReading, 'What the rules see as now.'), ...problems(401, 403) },
    }),

    setClock: createRoute({
      method: 'put',
      path: '/v1/admin/clock',
      tags: ['admin'],
      summary: 'Set the manual clock',
      security: ADMIN,
      middleware: guards.admin,
      request: { body: jsonBody(SetClockBody) },
      responses: { 200: json(ClockReading, 'The clock after the change.'), ...problems(400, 401, 403, 409, 413, 415, 422) },
    }),

    advanceClock: createRoute({
      method: 'post',
      path: '/v1/admin/clock/advance',
      tags: ['admin'],
      summary: 'Move the manual clock',
      security: ADMIN,
      middleware: guards.admin,
      request: { body: jsonBody(AdvanceClockBody) },
      responses: { 200: json(ClockReading, 'The clock after the change.'), ...problems(400, 401, 403, 409, 413, 415, 422) },
    }),

    devToken: createRoute({
      method: 'post',
      path: '/v1/dev/tokens',
      tags: ['dev'],
      summary: 'Mint a player token (dev mode only)',
      description: 'Stands in for the host platform\'s login in development. Absent unless the server runs with CARNIVAL_DEV=1.',
      request: { body: jsonBody(DevTokenBody) },
      responses: { 200: json(DevToken, 'A token valid for 24 hours.'), ...problems(400, 413, 415, 422) },
    }),
  };
}

export type Routes = ReturnType<typeof defineRoutes>;

/** A route's path as Hono matches it: `/v1/campaigns/{campaignId}` → `/v1/campaigns/:campaignId`. */
export const honoPath = (route: RouteConfig) => route.path.replaceAll(/\/{(.+?)}/g, '/:$1');
