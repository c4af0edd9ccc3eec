/**
 * The page's words in Chinese and English. Every entry names both languages, so a missing
 * translation does not compile; `{name}` placeholders are filled by `t`.
 */
export type Lang = 'zh' | 'en';
export const LANGS: readonly Lang[] = ['zh', 'en'];

type Entry = Record<Lang, string>;

const MESSAGES = {
  appTitle: { zh: '双11 喵糖狂欢', en: 'Double 11 Cat Candy' },
  loading: { zh: '加载中…', en: 'Loading…' },
  retry: { zh: '重试', en: 'Retry' },
  refresh: { zh: '刷新', en: 'Refresh' },
  close: { zh: '关闭', en: 'Close' },
  sectionBroken: { zh: '这一块暂时显示不了', en: 'This part could not be shown' },
  signInNeeded: { zh: '请从宿主 App 打开本页（链接需带 token）', en: 'Open this page from the host app (the link carries your token)' },
  shopper: { zh: '当前玩家', en: 'Playing as' },
  // Latin letters on both: the toggle must read right even where no CJK font is installed.
  switchLang: { zh: 'EN', en: 'ZH' },
  tabPlay: { zh: '赚喵糖', en: 'Play' },
  tabShop: { zh: '购物车', en: 'Shop' },
  tabLucky: { zh: '抽奖', en: 'Lucky draw' },

  phaseNow: { zh: '当前阶段', en: 'Now' },
  phaseNone: { zh: '活动未在进行', en: 'No phase running' },
  phaseNextIn: { zh: '{phase} 倒计时', en: '{phase} in' },
  phaseOver: { zh: '活动已结束', en: 'The festival is over' },
  phaseEndsIn: { zh: '距结束', en: 'Ends in' },
  candyBalance: { zh: '我的喵糖', en: 'My cat candy' },
  redPacketBalance: { zh: '红包余额 {amount}', en: 'Red packets {amount}' },
  earnedToday: { zh: '今日已赚 {earned} / 上限 {cap}', en: 'Earned today {earned} of {cap}' },
  earnedTodayNoCap: { zh: '今日已赚 {earned}', en: 'Earned today {earned}' },

  tasksTitle: { zh: '做任务 赚喵糖', en: 'Tasks for candy' },
  taskBrowse: { zh: '去逛逛', en: 'Browse' },
  taskBrowsing: { zh: '浏览中 {seconds} 秒', en: 'Browsing {seconds} s' },
  taskClaim: { zh: '领取', en: 'Claim' },
  taskCheckin: { zh: '签到', en: 'Check in' },
  taskDo: { zh: '去完成', en: 'Do it' },
  taskDone: { zh: '已完成', en: 'Done' },
  taskDoneToday: { zh: '今日已完成 {done}/{limit}', en: 'Done today {done}/{limit}' },
  taskDoneForGood: { zh: '已完成，不可再做', en: 'Done for the festival' },
  opensAt: { zh: '{at} 开放', en: 'Opens {at}' },
  closedForGood: { zh: '本阶段不开放', en: 'Not in this festival phase' },
  taskHostVerified: { zh: '由店铺确认后到账', en: 'Paid once the store confirms it' },
  taskWaiting: { zh: '等待确认', en: 'Awaiting' },
  streak: { zh: '连签 {days} 天', en: '{days}-day streak' },
  streakToday: { zh: '今日已签到', en: 'Checked in today' },
  candyGained: { zh: '+{candy} 喵糖', en: '+{candy} candy' },
  candyCapped: { zh: '今日上限到了，只到账 {credited}', en: 'Daily cap reached: only {credited} credited' },
  capReached: { zh: '今天的喵糖已达上限：任务仍计入宝箱和连签，但今天不再得喵糖', en: "Today's candy cap is reached: tasks still count toward boxes and streaks, but pay no more candy today" },

  inviteTitle: { zh: '邀请好友助力', en: 'Invite friends to assist' },
  inviteHint: { zh: '好友助力，双方都得喵糖；新用户奖励更多', en: 'A friend assists, you both get candy; more for new customers' },
  inviteCreate: { zh: '生成我的助力码', en: 'Get my invite link' },
  inviteCopy: { zh: '复制链接', en: 'Copy link' },
  inviteCopied: { zh: '链接已复制', en: 'Link copied' },
  inviteToday: { zh: '今日已获助力 {received}/{limit}', en: 'Assists today {received}/{limit}' },
  assistFriend: { zh: '为好友助力', en: 'Assist your friend' },
  assistFrom: { zh: '好友邀你助力，一起拿喵糖', en: 'A friend asked for your help: you both get candy' },
  assistDone: { zh: '助力成功！你得 {friend} 喵糖，好友得 {inviter}', en: 'Assisted! You got {friend} candy, your friend {inviter}' },
  luckyPacketsTitle: { zh: '组队拼手气红包', en: 'Team lucky packets' },
  luckyPacketShares: { zh: '{amount}，{packets} 位好友拼手气', en: '{amount}, split at random among {packets} friends' },
  luckyPacketSend: { zh: '发红包', en: 'Send one' },
  luckyPacketSent: { zh: '红包已发出：把链接分享给好友', en: 'Sent: share the link with your friends' },
  luckyPacketFrom: { zh: '好友发来拼手气红包', en: 'A friend sent you a lucky packet' },
  luckyPacketGrab: { zh: '抢红包', en: 'Grab a share' },
  luckyPacketGrabbed: { zh: '抢到 {amount}（第 {share}/{packets} 份），已存入红包余额', en: 'You got {amount} (share {share} of {packets}), added to your red packets' },
  assistsList: { zh: '已为你助力', en: 'Who assisted you' },
  newCustomer: { zh: '新用户', en: 'new customer' },

  boxesTitle: { zh: '惊喜宝箱', en: 'Surprise boxes' },
  boxAvailable: { zh: '可开 {count} 个', en: '{count} to open' },
  boxProgress: { zh: '每完成 {every} 个任务得一个：{done}/{every}', en: 'One every {every} tasks: {done}/{every}' },
  boxOpen: { zh: '开箱', en: 'Open' },
  boxEmpty: { zh: '奖品已发完', en: 'Nothing left to give' },
  boxBuy: { zh: '{price} 喵糖开一次', en: 'Open for {price} candy' },
  redPacketDraw: { zh: '{price} 喵糖抽红包', en: 'Draw for {price} candy' },
  boxWonCandy: { zh: '开出 {candy} 喵糖！', en: 'You won {candy} candy!' },
  boxWonCash: { zh: '抽中红包 {cash}！', en: 'A red packet of {cash}!' },
  boxWonPrize: { zh: '抽中大奖：{prize}', en: 'You won: {prize}' },
  boxWonNothing: { zh: '谢谢参与，下次好运', en: 'No luck this time' },
  boxUnavailable: { zh: '（{reward} 已抽完，已换成其他奖励）', en: '({reward} ran out, so you got another reward)' },

  cartTitle: { zh: '购物车', en: 'Cart' },
  catalogTitle: { zh: '好物清单', en: 'Shop the festival' },
  cartEmpty: { zh: '购物车是空的，从下面挑几件吧', en: 'Your cart is empty: pick something below' },
  cartAdd: { zh: '加购', en: 'Add' },
  cartInCart: { zh: '已加 {quantity}', en: '{quantity} in cart' },
  cartShare: { zh: '分享购物车', en: 'Share my cart' },
  cartShared: { zh: '已分享：好友打开即可双方得清空码', en: 'Shared: when a friend opens it you both earn clear-cart codes' },
  friendCart: { zh: '好友的购物车', en: "A friend's cart" },
  friendCartOpen: { zh: '看看 TA 买了啥', en: 'See what they picked' },
  friendCartCodes: { zh: '清空码到手：你 +{count}，好友 +{owner}', en: 'Clear-cart codes: you +{count}, your friend +{owner}' },
  friendCartNoCodes: { zh: '这次没有新的清空码（每对好友只得一次，每天有上限）', en: 'No new codes this time (once per pair of friends, within the daily limit)' },
  friendCartLotteryClosed: { zh: '清空码抽奖现在不发码', en: 'The clear-cart lottery is not issuing codes now' },
  quantity: { zh: '数量', en: 'Qty' },
  remove: { zh: '删除', en: 'Remove' },
  eventPrice: { zh: '活动价', en: 'Event price' },
  d11Badge: { zh: '跨店满减', en: 'Cross-store' },

  settleTitle: { zh: '结算明细', en: 'Settlement' },
  settleList: { zh: '商品原价', en: 'List price' },
  settleDiscount: { zh: '共优惠', en: 'You save' },
  settleFees: { zh: '运费', en: 'Shipping' },
  settlePayable: { zh: '实付', en: 'To pay' },
  settleDeposit: { zh: '其中定金 {deposit}', en: 'Deposit now {deposit}' },
  settleCoupons: { zh: '已为你选好最优券', en: 'Best coupons applied' },
  settleNoCoupons: { zh: '没有可用的券', en: 'No coupon applies' },
  settleByStore: { zh: '按店铺拆单', en: 'Sub-orders by store' },
  settleLineNet: { zh: '到手', en: 'Net' },
  topUpTitle: { zh: '凑单更省', en: 'Top up to save more' },
  topUpHint: { zh: '再买 {needed} 参与活动的商品，可再省 {saves}', en: 'Add {needed} more of eligible items to save another {saves}' },
  topUpAdd: { zh: '一键凑单（+{adds}）', en: 'Add them (+{adds})' },
  couponsTitle: { zh: '领券中心', en: 'Coupons' },
  couponClaim: { zh: '领取', en: 'Claim' },
  couponOwned: { zh: '已领', en: 'Claimed' },
  couponClaimed: { zh: '领券成功', en: 'Coupon claimed' },

  lotteryTitle: { zh: '清空购物车抽奖', en: 'Clear-cart lottery' },
  lotteryMyTickets: { zh: '我的抽奖码（{count}）', en: 'My tickets ({count})' },
  lotteryNoTickets: { zh: '还没有抽奖码：分享购物车或完成种草任务可得', en: 'No tickets yet: share carts or post recommendations to earn some' },
  lotteryDrawIn: { zh: '开奖倒计时', en: 'Draw in' },
  lotteryCommitment: { zh: '开奖种子承诺（SHA-256）', en: 'Seed commitment (SHA-256)' },
  lotteryTicketsHash: { zh: '封存名单哈希', en: 'Frozen ticket list hash' },
  lotteryFrozen: { zh: '名单已封存，等待开奖', en: 'List frozen: waiting for the draw' },
  lotteryUpcoming: { zh: '{at} 开始发码', en: 'Tickets from {at}' },
  lotteryWinners: { zh: '中奖名单', en: 'Winners' },
  lotteryYouWon: { zh: '恭喜你中奖了！', en: 'You won!' },
  lotteryPublicValue: { zh: '公开随机数', en: 'Public value' },
  lotteryPublicValueNamed: { zh: '开奖用的公开随机数（事先指定）', en: 'Public value the draw uses (named in advance)' },
  publicValueHex64: { zh: '写作 64 位小写十六进制', en: 'written as 64 lowercase hex digits' },
  lotterySeed: { zh: '揭晓的种子', en: 'Revealed seed' },
  lotteryVerify: { zh: '校验开奖', en: 'Verify the draw' },
  lotteryVerified: { zh: '校验通过：种子与承诺一致，名单哈希一致，中奖者都在名单中', en: 'Verified: the seed matches the commitment, the list matches its hash, every winner holds the ticket' },
  lotteryVerifyFailed: { zh: '校验失败：{problem}', en: 'Verification failed: {problem}' },
  lotteryVerifyUnavailable: { zh: '需在 https 或 localhost 下校验', en: 'Verifying needs https or localhost' },
  lotteryDownload: { zh: '下载开奖数据（carnival verify-draw）', en: 'Download the draw (carnival verify-draw)' },
  lotteryMoreWinners: { zh: '另有 {count} 位中奖者', en: 'and {count} more winners' },

  poolTitle: { zh: '瓜分红包', en: 'Red-packet pool' },
  poolSettleInHeld: { zh: '按届时持有的喵糖瓜分，倒计时', en: 'Split by the candy held then, in' },
  poolSettleInEarned: { zh: '按届时累计获得的喵糖瓜分，倒计时', en: 'Split by the candy earned by then, in' },
  poolSettled: { zh: '已瓜分：{players} 人分得 {paid}', en: 'Split: {players} players shared {paid}' },
  poolMine: { zh: '我分得 {payout}', en: 'My share: {payout}' },
  poolPending: { zh: '结算中', en: 'Settling' },

  operatorTitle: { zh: '运营面板（演示）', en: 'Operator panel (demo)' },
  operatorClock: { zh: '活动时钟', en: 'Campaign clock' },
  operatorRunning: { zh: '走动中', en: 'running' },
  operatorFrozen: { zh: '已暂停', en: 'frozen' },
  operatorAdvance: { zh: '快进', en: 'Move ahead' },
  operatorJump: { zh: '跳到', en: 'Jump to' },
  operatorDrawTime: { zh: '开奖时间', en: 'Draw time' },
  operatorSettleTime: { zh: '瓜分时间', en: 'Pool settle time' },
  operatorPublicValue: { zh: '公开随机数（演示）', en: 'Public value (demo)' },
  operatorDraw: { zh: '立即开奖', en: 'Draw now' },
  operatorDrawn: { zh: '开奖完成：{winners} 个奖', en: 'Drawn. Winners: {winners}' },
  operatorSettle: { zh: '立即瓜分', en: 'Settle now' },
  operatorSettled: { zh: '瓜分完成：发出 {paid}', en: 'Settled: paid {paid}' },
  operatorKey: { zh: '管理密钥', en: 'Admin key' },

  problemNetwork: { zh: '网络开小差了，请稍后重试', en: 'Network hiccup: please try again' },
  problemUnknown: { zh: '出了点问题：{detail}', en: 'Something went wrong: {detail}' },
} as const satisfies Record<string, Entry>;

export type MessageKey = keyof typeof MESSAGES;
export type Vars = Record<string, string | number>;

/** Every entry, for the completeness test. */
export const messages: Readonly<Record<MessageKey, Entry>> = MESSAGES;

/** A message in the language, with its `{name}` placeholders filled. */
export function t(lang: Lang, key: MessageKey, vars: Vars = {}): string {
  return fill(MESSAGES[key][lang], vars);
}

/** Fills `{name}` placeholders; an unknown name stays visible rather than vanishing. */
export function fill(template: string, vars: Vars): string {
  return template.replaceAll(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

/** `?lang=zh` or `?lang=en` wins; else the browser's language; else Chinese, the festival's own. */
export function pickLang(search: string, browserLanguages: readonly string[]): Lang {
  const asked = new URLSearchParams(search).get('lang');
  if (asked === 'zh' || asked === 'en') return asked;
  for (const language of browserLanguages) {
    const primary = language.toLowerCase().split('-')[0];
    if (primary === 'zh' || primary === 'en') return primary;
  }
  return 'zh';
}

/**
 * Definition titles are written "English (中文)": the part in the language asked for, or the
 * whole title when it has no such form.
 */
export function localTitle(title: string, lang: Lang): string {
  const match = /^(.+?)\s*[（(]([^()（）]*\p{Script=Han}[^()（）]*)[)）]$/u.exec(title.trim());
  if (!match) return title;
  return lang === 'zh' ? match[2]!.trim() : match[1]!.trim();
}
