import { z } from 'zod';
import { isTimeZone } from './calendar.ts';
import { duration } from './duration.ts';
import { MAX_AMOUNT } from './settlement/money.ts';
import { Pricing } from './settlement/pricing.ts';

/**
 * The campaign definition a designer writes in JSON. Strict everywhere: an unknown key is
 * almost always a typo, and a typo that silently does nothing is the worst kind of bug in a
 * campaign that pays out money. Money is integer cents, candy integer units, instants ISO-8601
 * with an offset. Every message is written to complete the sentence "expected …".
 */

const positiveInt = () => z.int({ error: 'a positive integer' }).min(1, { error: 'a positive integer' });
/** An amount of candy or cents: positive, and at most `MAX_AMOUNT`. */
const amount = () => positiveInt().max(MAX_AMOUNT, { error: `a positive integer of at most ${MAX_AMOUNT} (10^13)` });
const nonNegativeInt = () => z.int({ error: 'a non-negative integer' }).min(0, { error: 'a non-negative integer' });
const text = () => z.string({ error: 'a non-empty string' }).min(1, { error: 'a non-empty string' });
const id = () =>
  z
    .string({ error: 'an id' })
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, {
      error: "an id of 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit",
    });
const instant = () =>
  z.iso.datetime({ offset: true, error: 'an ISO-8601 date-time with an offset, like 2026-11-11T00:00:00+08:00' });

export const CandyReward = z
  .strictObject({ candy: amount().describe('Candy credited to the player, in integer units.') })
  .describe('What completing a task earns.');

const Limits = z
  .strictObject({
    perDay: positiveInt().optional().describe('Completions per campaign-local day.'),
    total: positiveInt().optional().describe('Completions over the whole campaign.'),
  })
  .describe('How often a player may complete the task.');

const phaseRefs = () =>
  z.array(id(), { error: 'a list of phase ids' }).min(1, { error: 'at least one phase id' });

export const Phase = z
  .strictObject({
    id: id(),
    name: text(),
    start: instant().describe('Inclusive.'),
    end: instant().describe('Exclusive.'),
  })
  .describe('A named window of the campaign, such as warm-up or a selling wave.');

const taskCommon = {
  id: id(),
  title: text(),
  description: z.string().optional(),
  reward: CandyReward,
  phases: phaseRefs().optional().describe('Phases in which the task is open; every phase when absent.'),
};

export const BrowseTask = z
  .strictObject({
    ...taskCommon,
    kind: z.literal('browse'),
    seconds: duration('seconds').describe('Seconds the player must stay, measured by the server clock.'),
    ticketTtlSeconds: duration('seconds').optional().describe('How long a started visit stays valid; 1800 when absent.'),
    limits: Limits.optional().describe('Once per day when absent.'),
  })
  .describe('Browse a venue for N seconds (逛一逛).');

export const StreakDay = z.strictObject({ day: positiveInt(), reward: CandyReward });

export const CheckinTask = z
  .strictObject({
    ...taskCommon,
    kind: z.literal('checkin'),
    streak: z
      .strictObject({
        days: z.array(StreakDay).min(1, { error: 'at least one streak day' }),
        afterLast: z
          .enum(['repeat-last', 'restart'], { error: "'repeat-last' or 'restart'" })
          .optional()
          .describe("After the last listed day: keep paying it ('repeat-last', default) or start over at day 1."),
      })
      .optional()
      .describe('Rewards by consecutive day, listed from day 1 without gaps; they replace `reward` on those days.'),
  })
  .describe('Daily check-in (签到), once per campaign-local day; a missed day resets the streak.');

export const ActionTask = z
  .strictObject({
    ...taskCommon,
    kind: z.literal('action'),
    verifiedBy: z
      .enum(['host', 'player'], { error: "'host' or 'player'" })
      .optional()
      .describe("Who reports completion: the host platform ('host', default) or the player ('player')."),
    limits: Limits.optional().describe('Once in total when absent.'),
  })
  .describe('A one-off or limited action reported by the host platform: follow a store, join a member club.');

export const Task = z.discriminatedUnion('kind', [BrowseTask, CheckinTask, ActionTask], {
  error: "a task whose kind is 'browse', 'checkin' or 'action'",
});

const PartyRewards = z.strictObject({ inviter: CandyReward, friend: CandyReward });

export const Invitations = z
  .strictObject({
    reward: PartyRewards.describe('Credited to both when a friend assists.'),
    newCustomerReward: PartyRewards.optional().describe(
      'Replaces `reward` when the host platform vouches that the friend is a new customer.',
    ),
    limits: z.strictObject({
      perInviterPerDay: positiveInt().describe('Assists an inviter may receive per day.'),
      perFriendPerDay: positiveInt().describe('Assists a friend may give per day.'),
    }),
    phases: phaseRefs().optional(),
  })
  .describe('Invitations and assists (邀请助力).');

export const BoxReward = z
  .strictObject({
    id: id(),
    weight: nonNegativeInt().describe('Relative integer weight; probability is weight / total weight.'),
    reward: z
      .strictObject({
        candy: amount().optional(),
        cash: amount()
          .optional()
          .describe("A red packet: integer cents to the player's red-packet balance, paid from the box's budget."),
        prize: text().optional().describe('A goods prize the host platform fulfils, by its name.'),
      })
      .describe('Empty for "thank you for playing".'),
    stock: nonNegativeInt().optional().describe('Units over the whole campaign; unlimited when absent.'),
    perPlayer: positiveInt()
      .optional()
      .describe('Times one player may win it; once they have, it is out of stock for them.'),
  })
  .describe('One row of a surprise box reward table.');

export const Box = z
  .strictObject({
    id: id(),
    title: text(),
    earn: z
      .strictObject({ everyTasks: positiveInt().describe('One box for every N completed tasks.') })
      .optional(),
    price: z.strictObject({ candy: amount() }).optional().describe('Candy to open one box without an earned one.'),
    limits: Limits.optional(),
    phases: phaseRefs().optional(),
    rewards: z.array(BoxReward).min(1, { error: 'at least one reward' }),
    budget: id().optional().describe('The budget its cash prizes are paid from; required when a reward pays cash.'),
    whenOutOfStock: z
      .union([z.literal('redraw'), z.strictObject({ fallback: id() })], {
        error: "'redraw' or { \"fallback\": rewardId }",
      })
      .optional()
      .describe("Drawn reward out of stock: draw again among rewards in stock ('redraw', default) or give the fallback."),
  })
  .describe('A surprise box (惊喜宝箱) with a weighted reward table.');

export const Budget = z
  .strictObject({
    id: id(),
    title: text(),
    amount: amount().describe('The most the campaign pays from it, in integer cents; never exceeded, under any interleaving.'),
  })
  .describe('A hard budget that mechanics paying money draw from (boxes with cash prizes, pools, lotteries).');

export const LotteryTier = z
  .strictObject({
    id: id(),
    title: text(),
    count: positiveInt().describe('Prizes of this tier.'),
    reward: z
      .strictObject({
        cash: amount().optional().describe("Cents to the winner's red-packet balance, from the lottery's budget."),
        clearCart: z
          .strictObject({
            cap: amount().describe('The most the campaign pays of the cart, in cents (清空购物车 up to ¥49,999: 4999900).'),
            payWithinHours: duration('hours').describe('Hours after the draw in which the winner orders the cart the campaign pays.'),
          })
          .optional()
          .describe("The winner's next order is paid by the campaign up to the cap; the cap is held in the budget until then."),
        prize: text().optional().describe('A goods prize the host platform fulfils, by its name.'),
      })
      .describe('What a winning ticket of this tier gets.'),
  })
  .describe('A prize tier; tiers are drawn in the order listed.');

export const Lottery = z
  .strictObject({
    id: id(),
    title: text(),
    opensAt: instant().describe('Tickets are issued from here on; the commitment to the secret seed is published from here on.'),
    drawAt: instant().describe('The ticket list is frozen here; the draw runs from here on.'),
    publicValue: text().describe(
      'Names, in advance, the public value the operator supplies at the draw and nobody can know before the freeze, e.g. "drand mainnet round 5,000,000". The winners depend on it.',
    ),
    publicValueFormat: z
      .enum(['hex64'], { error: "'hex64'" })
      .optional()
      .describe(
        'How the public value must be written, so it has one spelling: "hex64" is 64 lowercase hexadecimal digits (a drand round\'s randomness, a block hash). Without it any text is drawn with, and an operator could choose among spellings of one value (upper case, a 0x prefix), each giving other winners; `carnival lint` warns.',
      ),
    tiers: z.array(LotteryTier).min(1, { error: 'at least one tier' }),
    maxWinsPerPlayer: positiveInt().optional().describe('Prizes one player may win (default 1).'),
    maxTicketsPerPlayer: positiveInt().optional().describe('Tickets one player may hold; further entries are not issued.'),
    budget: id().optional().describe('The budget its cash prizes are paid from; required when a tier pays cash.'),
    entries: z
      .array(
        z.strictObject({
          task: id().describe('A task of this campaign.'),
          every: positiveInt().optional().describe('One ticket per this many completions of the task (default 1): "post 3 reviews, get 1 entry".'),
        }),
      )
      .default([])
      .describe('Ways to earn a ticket besides the host platform granting one.'),
  })
  .describe('A scheduled lottery (抽奖) drawn by commit and reveal: anyone can verify the winners afterwards.');

export const Pool = z
  .strictObject({
    id: id(),
    title: text(),
    amount: amount().describe('The money split, in integer cents (瓜分 ¥2 billion: 200000000000).'),
    budget: id().describe('The budget it is paid from; the split is cut to what the budget has left.'),
    settleAt: instant().describe('The moment the split is taken: candy held (or earned) then is the basis.'),
    basis: z
      .enum(['held', 'earned'], { error: "'held' or 'earned'" })
      .default('held')
      .describe("What a player's share is in proportion to: candy 'held' at the settle (default), or candy 'earned' over the campaign (held plus spent)."),
    minimum: z
      .strictObject({
        amount: amount().describe('Cents.'),
        below: z.enum(['nothing', 'minimum'], { error: "'nothing' or 'minimum'" }).describe("A share below it: 'nothing' (re-split among the rest) or raised to it."),
      })
      .optional(),
    maximum: amount().optional().describe('The most one player gets, in cents; the excess goes to the others.'),
  })
  .describe('A red-packet pool split among players in proportion to the candy they hold (or earned) at `settleAt` (瓜分).');

export const LuckyPacket = z
  .strictObject({
    id: id(),
    title: text(),
    amount: amount().describe('Cents in one lucky packet, split at random among those who grab it (¥8.88: 888).'),
    packets: z
      .int({ error: 'an integer from 1 to 200' })
      .min(1, { error: 'an integer from 1 to 200' })
      .max(200, { error: 'an integer from 1 to 200' })
      .describe('Shares of one packet: so many players (the sender too) can grab one, each at least a cent.'),
    budget: id().describe('The budget the shares are paid from as they are grabbed.'),
    phases: phaseRefs().optional().describe('When players may send one; grabbing is open until it expires.'),
    limits: z
      .strictObject({
        perDay: positiveInt().optional().describe('Packets one player may send per campaign-local day.'),
        total: positiveInt().optional().describe('Packets one player may send over the campaign.'),
      })
      .optional(),
    stock: positiveInt().optional().describe('Packets sent over the whole campaign; unlimited when absent (then only the budget bounds it).'),
    expiresInHours: duration('hours').default(24).describe('Hours after sending in which its shares can be grabbed (default 24); what is left then is never paid.'),
  })
  .describe('A lucky red packet (拼手气红包): a player sends it to a group, and each friend who grabs it gets a random share, paid by the campaign.');

export const SharedCarts = z
  .strictObject({
    lottery: id().describe('The lottery whose tickets the clear-cart codes are (清空码).'),
    viewerCodes: positiveInt().optional().describe("Codes a player earns for viewing a friend's shared cart (default 1)."),
    ownerCodes: positiveInt().optional().describe('Codes a player earns when a friend views their shared cart (default 1).'),
    limits: z
      .strictObject({
        perDay: positiveInt().optional().describe('Codes one player may earn from shared carts per campaign-local day.'),
        total: positiveInt().optional().describe('Codes one player may earn from shared carts over the campaign.'),
      })
      .optional(),
  })
  .describe('Shared carts (分享购物车): viewing a friend\'s, and having one\'s own viewed, earn clear-cart codes, once per pair of players.');

export const Override = z
  .strictObject({
    path: z
      .string({ error: 'a path like /tasks/browse-main-venue/reward/candy' })
      .regex(/^(\/[A-Za-z0-9._-]+)+$/, { error: 'a path like /tasks/browse-main-venue/reward/candy' })
      .describe(
        'The field it sets, from the root: keys of objects and, in lists, the id of the item (not its index, so reordering a list moves nothing), ' +
          'like /tasks/browse-main-venue/reward/candy or /pricing/thresholds/d11-cross-store/off. It may name a field the base leaves out, and a whole object or list without ids. ' +
          "Only one player's rules: tasks, invitations, boxes, wallet, pricing's thresholds, coupons, item cuts, member prices, presales and member discount, " +
          "lucky packets' limits, shared carts' codes and limits; never an id, phases, a budget, stock, a kind or a store, which every player shares.",
      ),
    // Any JSON: the value is checked as the field it overrides, once the variant's definition is put together.
    value: z
      .unknown()
      .refine((value) => value !== undefined, { error: 'a value: what the field becomes in this variant' })
      .describe('What the field becomes for the players of the variant; checked as the field itself is.'),
  })
  .describe('One field of the definition as a variant has it.');

export const Variant = z
  .strictObject({
    id: id(),
    weight: nonNegativeInt().describe('Relative integer weight: its share of players is weight / total weight; 0 switches it off (nobody is assigned it).'),
    overrides: z.array(Override).default([]).describe('What the variant changes; none for the control.'),
  })
  .describe('One arm of an experiment.');

export const Experiment = z
  .strictObject({
    id: id().describe('Part of the assignment hash: renaming it reshuffles the players.'),
    title: text(),
    variants: z
      .array(Variant, { error: 'a list of variants' })
      .min(2, { error: 'at least two variants' })
      .describe('Weights totalling 1 to 65,536. A player is in the variant their point falls in, the variants laid end to end in this order.'),
  })
  .describe(
    "An A/B experiment: each player is in one variant and plays by the definition with that variant's overrides. " +
      'The point of a player is the first 4 bytes of SHA-256 of the UTF-8 text "<experiment id>\\n<player id>", as a big-endian unsigned integer, modulo the total weight: stable, and reproducible anywhere.',
  );

export const CampaignDefinition = z
  .strictObject({
    $schema: z.string().optional(),
    id: id(),
    name: text(),
    timezone: z
      .string({ error: 'an IANA timezone name' })
      .refine(isTimeZone, { error: 'an IANA timezone name, like Asia/Shanghai' })
      .describe('Where a campaign day begins and ends.'),
    currency: z.string().regex(/^[A-Z]{3}$/, { error: 'an ISO 4217 currency code, like CNY' }),
    phases: z.array(Phase).min(1, { error: 'at least one phase' }),
    wallet: z
      .strictObject({
        dailyEarnCap: amount().optional().describe('Candy a player may earn per campaign-local day.'),
      })
      .optional(),
    tasks: z.array(Task).default([]),
    invitations: Invitations.optional(),
    boxes: z.array(Box).default([]),
    pricing: Pricing.optional(),
    budgets: z.array(Budget).default([]),
    lotteries: z.array(Lottery).default([]),
    sharedCarts: SharedCarts.optional(),
    pools: z.array(Pool).default([]),
    luckyPackets: z.array(LuckyPacket).default([]),
    experiments: z
      .array(Experiment)
      .default([])
      .describe("A/B experiments on one player's rules; a variant never changes what players share (budgets, stock, pools, lotteries, phases)."),
  })
  .describe('A Carnival campaign definition.');

export type CampaignDefinition = z.output<typeof CampaignDefinition>;
export type CampaignDefinitionInput = z.input<typeof CampaignDefinition>;
export type TaskDefinition = z.output<typeof Task>;
export type BoxDefinition = z.output<typeof Box>;
export type BoxRewardDefinition = z.output<typeof BoxReward>;
export type PhaseDefinition = z.output<typeof Phase>;
export type BudgetDefinition = z.output<typeof Budget>;
export type LotteryDefinition = z.output<typeof Lottery>;
export type PoolDefinition = z.output<typeof Pool>;
export type LuckyPacketDefinition = z.output<typeof LuckyPacket>;
export type SharedCartsDefinition = z.output<typeof SharedCarts>;
export type ExperimentDefinition = z.output<typeof Experiment>;
export type VariantDefinition = z.output<typeof Variant>;
export type OverrideDefinition = z.output<typeof Override>;

/** JSON Schema (draft 2020-12) of the definition, for editors; examples name it in `$schema`. */
export function campaignJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(CampaignDefinition, { io: 'input', unrepresentable: 'any' }),
    $id: 'https://carnival.dev/schema/campaign.schema.json',
    title: 'Carnival campaign definition',
  };
}
