import { z } from 'zod';

/** One refusal: its stable `code` and the fields that say why, described for the API's documents. */
const refusal = <const C extends string, const S extends z.ZodRawShape>(code: C, fields: S, description?: string) => {
  const schema = z.object({ code: z.literal(code), ...fields });
  return description === undefined ? schema : schema.describe(description);
};

/**
 * Every way a command can be refused, as one tagged union. Rules return these as values (never
 * throw them), so a caller must look at each; the API maps `code` to problem+json in one place.
 * The `detail` is written for the person in front of the screen. A zod schema only so that the
 * API's OpenAPI document lists each code's fields from this one definition; nothing parses it.
 */
export const DomainError = z.discriminatedUnion('code', [
  refusal('CAMPAIGN_NOT_FOUND', { campaignId: z.string() }),
  refusal('TASK_NOT_FOUND', { taskId: z.string() }),
  refusal('BOX_NOT_FOUND', { boxId: z.string() }),
  refusal('TASK_NOT_OPEN', { taskId: z.string(), opensAt: z.string().nullable() }),
  refusal('INVITATIONS_NOT_OPEN', { opensAt: z.string().nullable() }),
  refusal('BOX_NOT_OPEN', { boxId: z.string(), opensAt: z.string().nullable() }),
  refusal('DAILY_LIMIT_REACHED', { subject: z.string(), limit: z.int() }),
  refusal('TOTAL_LIMIT_REACHED', { subject: z.string(), limit: z.int() }),
  refusal('ALREADY_CHECKED_IN', { taskId: z.string(), day: z.string() }),
  refusal('WRONG_TASK_KIND', { taskId: z.string(), kind: z.string(), expected: z.string() }),
  refusal('HOST_VERIFIED_TASK', { taskId: z.string() }),
  refusal('BROWSE_NOT_STARTED', { taskId: z.string() }),
  refusal('BROWSE_TOO_EARLY', { taskId: z.string(), secondsRemaining: z.int() }),
  refusal('BROWSE_EXPIRED', { taskId: z.string(), expiredAt: z.string() }),
  refusal('INVALID_SHARE_CODE', {}),
  refusal('SELF_ASSIST', {}),
  refusal('ALREADY_ASSISTED', { inviterId: z.string() }),
  refusal('INVITER_DAILY_CAP', { limit: z.int() }),
  refusal('FRIEND_DAILY_CAP', { limit: z.int() }),
  refusal('NO_BOX_TO_OPEN', { boxId: z.string() }),
  refusal('BOX_EMPTY', { boxId: z.string(), reason: z.enum(['stock', 'player-limit', 'budget']) }, 'Every reward the box could give is gone (stock, the player\'s limit, the budget): why the one drawn was.'),
  refusal('INSUFFICIENT_CANDY', { needed: z.int(), balance: z.int() }),
  refusal('IDEMPOTENCY_CONFLICT', { key: z.string() }),
  refusal('BEYOND_EXACT_INTEGERS', { account: z.string() }, 'A transfer would take `account` past ±(2^53 − 1), where amounts stop being exact: refused whole.'),
  refusal('IDEMPOTENCY_KEY_EXPIRED', { key: z.string(), ranAt: z.string() }, 'The key\'s command ran at `ranAt`, a day or more ago (`RECEIPT_RETENTION_MS`).'),
  refusal('PRICING_NOT_DEFINED', { campaignId: z.string() }),
  refusal('INVALID_CART', { path: z.string(), expected: z.string(), got: z.string() }, 'A cart that cannot be settled under this campaign\'s pricing; `path` names the line or fee.'),
  refusal('COUPON_NOT_OWNED', { coupon: z.string() }),
  refusal('COUPON_NOT_FOUND', { couponId: z.string() }),
  refusal('COUPON_NOT_VALID', { coupon: z.string(), validFrom: z.string().nullable(), validUntil: z.string().nullable() }),
  refusal('COUPONS_NOT_STACKABLE', { coupon: z.string(), other: z.string(), group: z.string(), store: z.string().nullable() }),
  refusal('COUPON_NOT_CLAIMABLE', { couponId: z.string() }),
  refusal('COUPON_OUT_OF_STOCK', { couponId: z.string() }),
  refusal('COUPON_ALREADY_RESERVED', { coupon: z.string(), orderId: z.string() }),
  refusal('COUPON_ALREADY_USED', { coupon: z.string(), orderId: z.string() }),
  refusal('HOST_ONLY', { action: z.string() }),
  refusal('QUOTE_CHANGED', { expected: z.int(), payable: z.int() }),
  refusal('ORDER_NOT_FOUND', { orderId: z.string() }),
  refusal('ORDER_ALREADY_PAID', { orderId: z.string() }),
  refusal('ORDER_CLOSED', { orderId: z.string(), orderStatus: z.string() }),
  refusal('ORDER_EXPIRED', { orderId: z.string(), payBy: z.string() }),
  refusal('PAYMENT_PART_INVALID', { orderId: z.string(), part: z.string(), expected: z.string() }),
  refusal('ORDER_NOT_PAID', { orderId: z.string(), orderStatus: z.string() }),
  refusal('REFUND_LINE_NOT_FOUND', { orderId: z.string(), lineId: z.string() }),
  refusal('REFUND_EXCEEDS_PAID', { orderId: z.string(), lineId: z.string(), requested: z.int(), refundable: z.int() }),
  refusal('LOTTERY_NOT_FOUND', { lotteryId: z.string() }),
  refusal('LOTTERY_NOT_OPEN', { lotteryId: z.string(), opensAt: z.string(), drawAt: z.string() }),
  refusal('LOTTERY_FROZEN', { lotteryId: z.string(), drawAt: z.string() }),
  refusal('LOTTERY_NOT_DUE', { lotteryId: z.string(), drawAt: z.string() }),
  refusal('PUBLIC_VALUE_MALFORMED', { lotteryId: z.string(), format: z.string() }, 'The public value is not written as the lottery\'s `publicValueFormat` requires.'),
  refusal('SHARED_CARTS_NOT_OFFERED', {}),
  refusal('CLEAR_CART_NOT_AVAILABLE', { lotteryId: z.string(), ticket: z.string(), reason: z.enum(['not-won', 'reserved', 'used', 'lapsed']) }),
  refusal('POOL_NOT_FOUND', { poolId: z.string() }),
  refusal('POOL_NOT_DUE', { poolId: z.string(), settleAt: z.string() }),
  refusal('POOL_FROZEN', { poolId: z.string(), settleAt: z.string() }, 'A new version would change a pool whose bases are taken (its `settleAt` has come).'),
  refusal('POOL_NOT_SETTLED', { poolId: z.string() }),
  refusal('BUDGET_SPENT', { budgetId: z.string() }, 'A budget cannot pay what the command would pay from it.'),
  refusal('LUCKY_PACKET_NOT_FOUND', { packetId: z.string() }),
  refusal('LUCKY_PACKET_NOT_OPEN', { packetId: z.string(), opensAt: z.string().nullable() }),
  refusal('LUCKY_PACKET_OUT_OF_STOCK', { packetId: z.string() }),
  refusal('LUCKY_PACKET_EXPIRED', { expiredAt: z.string() }),
  refusal('LUCKY_PACKET_EMPTY', { packets: z.int() }),
  refusal('LUCKY_PACKET_ALREADY_GRABBED', { amount: z.int() }),
]);
export type DomainError = z.infer<typeof DomainError>;

export type DomainErrorCode = DomainError['code'];

export type Result<T> = { ok: true; value: T } | { ok: false; error: DomainError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = <T = never>(error: DomainError): Result<T> => ({ ok: false, error });

/** A short human sentence for an error; the API uses it as the problem's `detail`. */
export function describeError(error: DomainError): string {
  switch (error.code) {
    case 'CAMPAIGN_NOT_FOUND':
      return `There is no campaign "${error.campaignId}".`;
    case 'TASK_NOT_FOUND':
      return `There is no task "${error.taskId}" in this campaign.`;
    case 'BOX_NOT_FOUND':
      return `There is no box "${error.boxId}" in this campaign.`;
    case 'TASK_NOT_OPEN':
      return `Task "${error.taskId}" is not open now; ${opens(error.opensAt)}.`;
    case 'INVITATIONS_NOT_OPEN':
      return `Invitations are not open now; ${opens(error.opensAt)}.`;
    case 'BOX_NOT_OPEN':
      return `Box "${error.boxId}" cannot be opened now; ${opens(error.opensAt)}.`;
    case 'DAILY_LIMIT_REACHED':
      return `The daily limit of ${error.limit} for ${error.subject} is reached; try again tomorrow.`;
    case 'TOTAL_LIMIT_REACHED':
      return `The limit of ${error.limit} for ${error.subject} over the campaign is reached.`;
    case 'ALREADY_CHECKED_IN':
      return `Already checked in on ${error.day}.`;
    case 'WRONG_TASK_KIND':
      return `Task "${error.taskId}" is a ${error.kind} task; this needs a ${error.expected} task.`;
    case 'HOST_VERIFIED_TASK':
      return `Task "${error.taskId}" is completed when the host platform reports it, not by the player.`;
    case 'BROWSE_NOT_STARTED':
      return `Start task "${error.taskId}" before completing it.`;
    case 'BROWSE_TOO_EARLY':
      return `Keep browsing: ${error.secondsRemaining} more second${error.secondsRemaining === 1 ? '' : 's'} for task "${error.taskId}".`;
    case 'BROWSE_EXPIRED':
      return `The visit for task "${error.taskId}" expired at ${error.expiredAt}; start it again.`;
    case 'INVALID_SHARE_CODE':
      return 'This share code is not valid for this campaign.';
    case 'SELF_ASSIST':
      return 'You cannot assist yourself.';
    case 'ALREADY_ASSISTED':
      return 'You have already assisted this friend in this campaign.';
    case 'INVITER_DAILY_CAP':
      return `Your friend has received the most assists allowed today (${error.limit}).`;
    case 'FRIEND_DAILY_CAP':
      return `You have given the most assists allowed today (${error.limit}).`;
    case 'NO_BOX_TO_OPEN':
      return `You have no unopened "${error.boxId}" box, and it cannot be bought.`;
    case 'BOX_EMPTY':
      return `Box "${error.boxId}" has nothing left to give (${{ stock: 'its rewards are out of stock', 'player-limit': 'you have won each reward as often as allowed', budget: 'its budget is spent' }[error.reason]}); nothing was taken for it.`;
    case 'INSUFFICIENT_CANDY':
      return `This needs ${error.needed} candy; the balance is ${error.balance}.`;
    case 'BEYOND_EXACT_INTEGERS':
      return `This would take account ${error.account} past 9,007,199,254,740,991, where amounts stop being exact; nothing was done.`;
    case 'IDEMPOTENCY_CONFLICT':
      return `The idempotency key "${error.key}" was already used for a different request.`;
    case 'IDEMPOTENCY_KEY_EXPIRED':
      return `The request under idempotency key "${error.key}" ran at ${error.ranAt}; its receipt is kept for a day, and it does not run again.`;
    case 'PRICING_NOT_DEFINED':
      return `Campaign "${error.campaignId}" has no pricing section, so it cannot settle carts.`;
    case 'INVALID_CART':
      return `${error.path}: expected ${error.expected}, got ${error.got}.`;
    case 'COUPON_NOT_OWNED':
      return `Coupon "${error.coupon}" is not one of your unused coupons.`;
    case 'COUPON_NOT_FOUND':
      return `There is no coupon "${error.couponId}" in this campaign.`;
    case 'COUPON_NOT_VALID':
      return `Coupon "${error.coupon}" is valid ${error.validFrom ? `from ${error.validFrom} ` : ''}${error.validUntil ? `until ${error.validUntil}` : ''}, not now.`;
    case 'COUPON_NOT_CLAIMABLE':
      return `Coupon "${error.couponId}" cannot be claimed; the host platform grants it.`;
    case 'COUPON_OUT_OF_STOCK':
      return `Coupon "${error.couponId}" has all been claimed.`;
    case 'COUPON_ALREADY_RESERVED':
      return `Coupon "${error.coupon}" is held by unpaid order ${error.orderId}; pay or cancel that order first.`;
    case 'COUPON_ALREADY_USED':
      return `Coupon "${error.coupon}" was used by order ${error.orderId}.`;
    case 'HOST_ONLY':
      return `Only the host platform may do this (${error.action}).`;
    case 'QUOTE_CHANGED':
      return `The order would cost ${error.payable}, not the ${error.expected} quoted; quote again.`;
    case 'ORDER_NOT_FOUND':
      return `There is no order "${error.orderId}".`;
    case 'ORDER_ALREADY_PAID':
      return `Order ${error.orderId} is paid; refund it instead.`;
    case 'ORDER_CLOSED':
      return `Order ${error.orderId} is ${error.orderStatus}.`;
    case 'ORDER_EXPIRED':
      return `Order ${error.orderId} was not paid by ${error.payBy}; its coupons are released.`;
    case 'PAYMENT_PART_INVALID':
      return `Order ${error.orderId} cannot take a ${error.part} payment now; expected ${error.expected}.`;
    case 'ORDER_NOT_PAID':
      return `Order ${error.orderId} is ${error.orderStatus}, not paid; cancel it instead.`;
    case 'REFUND_LINE_NOT_FOUND':
      return `Order ${error.orderId} has no line "${error.lineId}".`;
    case 'REFUND_EXCEEDS_PAID':
      return `Line "${error.lineId}" of order ${error.orderId} has ${error.refundable} unit${error.refundable === 1 ? '' : 's'} left to refund, not ${error.requested}.`;
    case 'LOTTERY_NOT_FOUND':
      return `There is no lottery "${error.lotteryId}" in this campaign.`;
    case 'LOTTERY_NOT_OPEN':
      return `Lottery "${error.lotteryId}" issues tickets from ${error.opensAt} until ${error.drawAt}, not now.`;
    case 'LOTTERY_FROZEN':
      return `Lottery "${error.lotteryId}" froze its ticket list at ${error.drawAt}.`;
    case 'PUBLIC_VALUE_MALFORMED':
      return `Lottery "${error.lotteryId}" draws with a public value written as ${error.format} (${{ hex64: '64 lowercase hexadecimal digits' }[error.format] ?? error.format}), one spelling per value.`;
    case 'LOTTERY_NOT_DUE':
      return `Lottery "${error.lotteryId}" is drawn from ${error.drawAt} on, once its ticket list is frozen.`;
    case 'CLEAR_CART_NOT_AVAILABLE':
      return `Ticket ${error.ticket} of lottery "${error.lotteryId}" ${{ 'not-won': 'did not win a clear-cart prize of yours', reserved: 'is paying an unpaid order already', used: 'has cleared a cart already', lapsed: 'won a clear-cart prize whose window has closed' }[error.reason]}.`;
    case 'POOL_NOT_FOUND':
      return `There is no pool "${error.poolId}" in this campaign.`;
    case 'POOL_NOT_DUE':
      return `Pool "${error.poolId}" is settled from ${error.settleAt} on.`;
    case 'POOL_FROZEN':
      return `Pool "${error.poolId}" took its players' candy as of ${error.settleAt}; it cannot change now.`;
    case 'BUDGET_SPENT':
      return `Budget "${error.budgetId}" has too little left to pay this.`;
    case 'LUCKY_PACKET_NOT_FOUND':
      return `There is no lucky packet "${error.packetId}" in this campaign.`;
    case 'LUCKY_PACKET_NOT_OPEN':
      return `Lucky packet "${error.packetId}" cannot be sent now${error.opensAt ? `; it opens at ${error.opensAt}` : ''}.`;
    case 'LUCKY_PACKET_OUT_OF_STOCK':
      return `Every lucky packet "${error.packetId}" of the campaign has been sent.`;
    case 'LUCKY_PACKET_EXPIRED':
      return `This lucky packet expired at ${error.expiredAt}.`;
    case 'LUCKY_PACKET_EMPTY':
      return `All ${error.packets} shares of this lucky packet have been grabbed.`;
    case 'LUCKY_PACKET_ALREADY_GRABBED':
      return `You grabbed a share of this lucky packet already (${error.amount} cents).`;
    case 'POOL_NOT_SETTLED':
      return `Pool "${error.poolId}" has no settle run to pay yet: settle it first.`;
    case 'SHARED_CARTS_NOT_OFFERED':
      return 'This campaign does not offer shared carts.';
    case 'COUPONS_NOT_STACKABLE':
      return `Coupons "${error.coupon}" and "${error.other}" are both in stacking group "${error.group}"${error.store ? ` for store ${error.store}` : ''}; use one of them.`;
  }
}

function opens(at: string | null): string {
  return at ? `it opens at ${at}` : 'it does not open again in this campaign';
}
