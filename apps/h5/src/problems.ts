import type { FailureCode } from '@carnival/api';
import { fill, t, type Lang } from './i18n.ts';

/**
 * What the shopper reads when the API refuses: a sentence per problem+json `code`, filled from
 * the problem's own fields. A `Record` over every code, so a code the API adds does not compile
 * until the page can say it kindly.
 */

/** A problem as the page keeps it: the API's document, or a request that never got an answer. */
export interface Problem {
  code: FailureCode | 'NETWORK';
  detail?: string;
  [field: string]: unknown;
}

type Entry = Record<Lang, string>;

export const PROBLEM_MESSAGES: Record<FailureCode, Entry> = {
  CAMPAIGN_NOT_FOUND: { zh: '活动不存在或已下线', en: 'This campaign is not available' },
  TASK_NOT_FOUND: { zh: '这个任务不存在', en: 'That task does not exist' },
  BOX_NOT_FOUND: { zh: '这个宝箱不存在', en: 'That box does not exist' },
  TASK_NOT_OPEN: { zh: '任务还没开放，{opensAt} 再来', en: 'This task is not open yet: come back {opensAt}' },
  INVITATIONS_NOT_OPEN: { zh: '助力还没开始，{opensAt} 再来', en: 'Invitations are not open yet: come back {opensAt}' },
  BOX_NOT_OPEN: { zh: '宝箱还没开放，{opensAt} 再来', en: 'This box is not open yet: come back {opensAt}' },
  DAILY_LIMIT_REACHED: { zh: '今天的次数用完了（每天 {limit} 次），明天再来', en: "That's today's limit ({limit} a day): see you tomorrow" },
  TOTAL_LIMIT_REACHED: { zh: '次数已用完（共 {limit} 次）', en: 'All done: {limit} in all' },
  ALREADY_CHECKED_IN: { zh: '今天已经签过到啦', en: 'You already checked in today' },
  WRONG_TASK_KIND: { zh: '这个任务不能这样完成', en: 'That task is not done this way' },
  HOST_VERIFIED_TASK: { zh: '这个任务由店铺确认后自动到账', en: 'The store confirms this task; the candy comes by itself' },
  BROWSE_NOT_STARTED: { zh: '先点"去逛逛"开始浏览', en: 'Tap Browse first to start the visit' },
  BROWSE_TOO_EARLY: { zh: '再逛 {secondsRemaining} 秒就能领取', en: 'Keep browsing {secondsRemaining} more seconds' },
  BROWSE_EXPIRED: { zh: '浏览超时了，重新逛一次吧', en: 'The visit timed out: start it again' },
  INVALID_SHARE_CODE: { zh: '这个分享码无效，请让好友重新分享', en: 'That share code is not valid: ask your friend to share again' },
  SELF_ASSIST: { zh: '不能给自己助力哦', en: "You can't assist yourself" },
  ALREADY_ASSISTED: { zh: '你已经为这位好友助力过了', en: 'You already assisted this friend' },
  INVITER_DAILY_CAP: { zh: '好友今天的助力已满（{limit} 次），明天再来', en: 'Your friend has all {limit} assists for today: try tomorrow' },
  FRIEND_DAILY_CAP: { zh: '你今天已助力 {limit} 次，明天再来', en: "You've assisted {limit} times today: try tomorrow" },
  NO_BOX_TO_OPEN: { zh: '还没有可开的宝箱，多做任务吧', en: 'No box to open yet: do more tasks' },
  BEYOND_EXACT_INTEGERS: { zh: '金额超出可精确记账的范围，未执行', en: 'That amount is beyond what can be kept exactly: nothing was done' },
  BOX_EMPTY: { zh: '宝箱里的奖品已经发完了，宝箱和喵糖都没有扣', en: 'The box has nothing left to give: your box and candy are kept' },
  INSUFFICIENT_CANDY: { zh: '喵糖不够：需要 {needed}，你有 {balance}', en: 'Not enough candy: {needed} needed, you have {balance}' },
  IDEMPOTENCY_CONFLICT: { zh: '操作冲突，请刷新后重试', en: 'That clashed with an earlier request: refresh and try again' },
  IDEMPOTENCY_KEY_EXPIRED: { zh: '该操作已于一天前完成，请刷新查看', en: 'That was done over a day ago: refresh to see it' },
  PRICING_NOT_DEFINED: { zh: '这个活动暂不支持购物', en: 'This campaign has no shopping' },
  INVALID_CART: { zh: '购物车里有商品信息不对，请删掉后重试', en: 'Something in the cart is not right: remove it and try again' },
  COUPON_NOT_OWNED: { zh: '你还没有这张券', en: "You don't hold that coupon" },
  COUPON_NOT_FOUND: { zh: '这张券不存在', en: 'That coupon does not exist' },
  COUPON_NOT_VALID: { zh: '这张券现在不能用', en: 'That coupon cannot be used now' },
  COUPONS_NOT_STACKABLE: { zh: '这两张券不能同时用', en: 'Those coupons do not stack' },
  COUPON_NOT_CLAIMABLE: { zh: '这张券不能直接领取', en: 'That coupon cannot be claimed here' },
  COUPON_OUT_OF_STOCK: { zh: '券已被抢光了', en: 'All gone: the coupon ran out' },
  COUPON_ALREADY_RESERVED: { zh: '这张券已被另一个订单占用', en: 'Another order holds that coupon' },
  COUPON_ALREADY_USED: { zh: '这张券已经用过了', en: 'That coupon was used already' },
  HOST_ONLY: { zh: '这一步由平台完成', en: 'The platform does this step' },
  QUOTE_CHANGED: { zh: '价格有变化，请确认新的金额', en: 'The price changed: check the new total' },
  ORDER_NOT_FOUND: { zh: '订单不存在', en: 'Order not found' },
  ORDER_ALREADY_PAID: { zh: '订单已支付', en: 'That order is paid already' },
  ORDER_CLOSED: { zh: '订单已关闭', en: 'That order is closed' },
  ORDER_EXPIRED: { zh: '订单已超时关闭', en: 'That order expired' },
  PAYMENT_PART_INVALID: { zh: '支付步骤不对', en: 'That payment step does not fit the order' },
  ORDER_NOT_PAID: { zh: '订单还未支付', en: 'That order is not paid' },
  REFUND_LINE_NOT_FOUND: { zh: '订单里没有这件商品', en: 'That item is not in the order' },
  REFUND_EXCEEDS_PAID: { zh: '退款超过了实付金额', en: 'The refund is more than was paid' },
  LOTTERY_NOT_FOUND: { zh: '抽奖不存在', en: 'That lottery does not exist' },
  LOTTERY_NOT_OPEN: { zh: '抽奖现在不发码', en: 'The lottery is not issuing tickets now' },
  LOTTERY_FROZEN: { zh: '抽奖名单已封存', en: 'The ticket list is frozen' },
  PUBLIC_VALUE_MALFORMED: { zh: '公开随机数须按 {format} 书写：64 位小写十六进制', en: 'Write the public value as {format} requires: 64 lowercase hex digits' },
  LOTTERY_NOT_DUE: { zh: '还没到开奖时间（{drawAt}）', en: 'Not drawn yet: the draw is at {drawAt}' },
  SHARED_CARTS_NOT_OFFERED: { zh: '这个活动没有分享购物车玩法', en: 'This campaign has no shared carts' },
  CLEAR_CART_NOT_AVAILABLE: { zh: '清空购物车奖励不可用', en: 'That clear-cart prize is not available' },
  POOL_NOT_FOUND: { zh: '红包池不存在', en: 'That pool does not exist' },
  POOL_FROZEN: { zh: '瓜分已按 {settleAt} 时的喵糖结算，不能再修改', en: 'The split took its candy at {settleAt}: it cannot change' },
  POOL_NOT_DUE: { zh: '还没到瓜分时间（{settleAt}）', en: 'Not yet: the split is at {settleAt}' },
  POOL_NOT_SETTLED: { zh: '红包池还在结算中', en: 'The pool is still being split' },
  BUDGET_SPENT: { zh: '活动预算已用完', en: 'The campaign budget for this is spent' },
  LUCKY_PACKET_NOT_FOUND: { zh: '没有这个拼手气红包', en: 'There is no such lucky packet' },
  LUCKY_PACKET_NOT_OPEN: { zh: '现在还不能发拼手气红包', en: 'Lucky packets cannot be sent now' },
  LUCKY_PACKET_OUT_OF_STOCK: { zh: '拼手气红包已经发完了', en: 'Every lucky packet has been sent' },
  LUCKY_PACKET_EXPIRED: { zh: '红包已过期', en: 'This lucky packet has expired' },
  LUCKY_PACKET_EMPTY: { zh: '手慢了，红包已被抢完', en: 'Too late: every share has been grabbed' },
  LUCKY_PACKET_ALREADY_GRABBED: { zh: '你已经抢过这个红包了', en: 'You grabbed this lucky packet already' },
  UNAUTHORIZED: { zh: '登录已过期，请重新进入', en: 'Your sign-in expired: open the page again' },
  FORBIDDEN: { zh: '没有权限做这一步', en: "You're not allowed to do that" },
  NOT_FOUND: { zh: '页面请求的接口不存在', en: 'The page asked for something the server does not have' },
  METHOD_NOT_ALLOWED: { zh: '页面请求的方式不对', en: 'The page asked the server in a way it does not take' },
  MALFORMED_JSON: { zh: '请求格式不对', en: 'The request was garbled' },
  VALIDATION_FAILED: { zh: '填写的内容有误', en: 'Something in the request is not right' },
  PAYLOAD_TOO_LARGE: { zh: '内容太多了，请减少一些', en: 'That is too much at once' },
  UNSUPPORTED_MEDIA_TYPE: { zh: '请求格式不对', en: 'The request was garbled' },
  CLOCK_NOT_MANUAL: { zh: '服务器使用真实时间，不能调时钟', en: 'The server runs on real time: the clock cannot be moved' },
  INTERNAL: { zh: '服务器开小差了，请稍后重试', en: 'Our side had a hiccup: please try again' },
};

/** The sentence of a window that opens no more this festival (`opensAt: null`): "come back —" would be no answer. */
const CLOSED_FOR_GOOD: Partial<Record<FailureCode, Entry>> = {
  TASK_NOT_OPEN: { zh: '这个任务本次活动不再开放', en: 'This task is closed for the rest of the festival' },
  INVITATIONS_NOT_OPEN: { zh: '助力本次活动不再开放', en: 'Invitations are closed for the rest of the festival' },
  BOX_NOT_OPEN: { zh: '这个宝箱本次活动不再开放', en: 'This box is closed for the rest of the festival' },
};

/** Instants in a problem (`opensAt`, `drawAt`, ...) shown as local times by the caller's formatter. */
const INSTANT_FIELDS = ['opensAt', 'drawAt', 'settleAt', 'payBy', 'expiredAt'];

/**
 * The sentence for a problem. A code the page does not know (a newer server) falls back to the
 * server's own `detail`, so the shopper still reads something true.
 */
export function problemMessage(problem: Problem, lang: Lang, formatInstant: (iso: string) => string): string {
  if (problem.code === 'NETWORK') return t(lang, 'problemNetwork');
  const closed = problem.opensAt === null ? CLOSED_FOR_GOOD[problem.code] : undefined;
  const entry = closed ?? (PROBLEM_MESSAGES as Partial<Record<string, Entry>>)[problem.code];
  if (!entry) return t(lang, 'problemUnknown', { detail: problem.detail ?? problem.code });
  const vars: Record<string, string | number> = {};
  for (const [field, value] of Object.entries(problem)) {
    if (typeof value === 'number') vars[field] = value;
    else if (typeof value === 'string') vars[field] = INSTANT_FIELDS.includes(field) ? formatInstant(value) : value;
  }
  return fill(entry[lang], vars);
}

/** A problem from an answer body: the problem+json document when it is one, else by status. */
export function asProblem(body: unknown, status: number): Problem {
  if (typeof body === 'object' && body !== null && typeof (body as { code?: unknown }).code === 'string') return body as Problem;
  return { code: status >= 500 ? 'INTERNAL' : 'NOT_FOUND', detail: `HTTP ${status}` };
}
