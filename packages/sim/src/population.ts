import { formatPath, type CampaignDefinition, type Problem } from '@carnival/core';
import { z } from 'zod';

/**
 * A synthetic population in JSON: segments of shoppers, each a share of the players with a
 * behaviour, plus adversarial segments, and the catalog they shop from. Probabilities and means
 * are behaviour, so they are plain numbers; every price is integer cents.
 */

const probability = () => z.number({ error: 'a probability from 0 to 1' }).min(0, { error: 'a probability from 0 to 1' }).max(1, { error: 'a probability from 0 to 1' });
const mean = () => z.number({ error: 'a non-negative number' }).min(0, { error: 'a non-negative number' });
const cents = () => z.int({ error: 'integer cents, 1 or more' }).min(1, { error: 'integer cents, 1 or more' });
const id = () => z.string({ error: 'an id' }).regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, { error: "an id of 1 to 64 letters, digits, '.', '_' or '-'" });

export const CatalogItem = z.strictObject({
  sku: id(),
  store: id(),
  unitPrice: cents(),
  tags: z.array(id()).optional(),
});

export const Category = z
  .strictObject({
    id: id(),
    items: z.array(CatalogItem).default([]).describe('Listed items of the category, picked uniformly; top-up suggestions come from these.'),
    price: z
      .strictObject({
        stores: z.array(id()).min(1, { error: 'at least one store id' }).describe('Stores the generated items are sold by, picked uniformly.'),
        tags: z.array(id()).optional().describe('Tags every generated item carries (e.g. the festival badge a threshold counts).'),
        median: cents().describe('The median unit price, in cents.'),
        spread: z.number({ error: 'a number from 0 to 3' }).min(0, { error: 'a number from 0 to 3' }).max(3, { error: 'a number from 0 to 3' }).describe('The σ of the log-normal price: 0 puts every price at the median; 0.5 keeps two thirds within a factor of 1.65.'),
        share: probability().default(1).describe('Chance that a cart line of the category is a generated item rather than a listed one (default 1; listed items when there are none).'),
      })
      .optional()
      .describe('A price distribution: cart lines priced from a log-normal around the median, rounded to a shelf price (¥x9.90).'),
  })
  .refine((category) => category.items.length > 0 || category.price !== undefined, { error: 'listed items, a price distribution, or both' })
  .describe('A shopping category: what a cart line of this category can be.');

const Shopping = z.strictObject({
  orders: mean().describe('Orders a shopper places over the shopping phases, on average.'),
  phases: z.array(id()).min(1).optional().describe('Phases in which the segment shops; every phase with pricing when absent.'),
  lines: z
    .strictObject({ min: z.int().min(1), max: z.int().min(1) })
    // Said at `max`, with the bound: "lines: max at least min, got {…}" left the designer to compare.
    .superRefine((l, ctx) => {
      if (l.max < l.min) ctx.addIssue({ code: 'custom', path: ['max'], input: l.max, message: `at least min (${l.min})` });
    })
    .describe('Distinct items per cart, uniform between min and max.'),
  categories: z.record(id(), z.number().min(0), { error: 'category ids to weights' }).describe('How the cart lines spread over categories.'),
  topUp: probability().describe('Chance to top up (凑单) when a threshold is within `topUpWithin`.'),
  topUpWithin: cents().default(5000).describe('The most a shopper adds to reach the next threshold, in cents (default ¥50).'),
  coupons: probability().describe('Chance per shopping visit to claim the claimable coupons, and to let the order use the best coupons.'),
  collects: z
    .record(id(), probability(), { error: 'coupon ids to probabilities' })
    .default({})
    .describe(
      "Coupons the host platform grants (no claim: a store's 店铺券, a category coupon) that a shopper using coupons collects before an order, each with its chance and once: a store coupon when the cart has an item of its store.",
    ),
  payDeposit: probability().default(1).describe('Chance that a presale order is paid (deposit, then balance on the festival day).'),
});

const Social = z.strictObject({
  friends: mean().describe('Friends a player invites over the campaign, on average; individual counts are heavy-tailed (Pareto).'),
  accept: probability().describe('Chance that an invited friend assists.'),
  luckyPackets: probability().default(0).describe('Chance per visit (when open) to send a lucky packet to friends.'),
  grab: probability().default(0.5).describe('Chance that a friend grabs a lucky packet sent to them.'),
  shareCart: probability().default(0).describe('Chance per shopping visit to share the cart with friends.'),
  viewCart: probability().default(0.3).describe("Chance that a friend views a shared cart."),
});

export const Adversary = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ kind: z.literal('fake-friends'), perDay: z.int().min(1).describe('Fake accounts that assist the abuser each day they play.') }),
    z.strictObject({ kind: z.literal('retry'), times: z.int().min(2).max(20).describe('Times every request is sent, under its one key.') }),
    z.strictObject({ kind: z.literal('self-assist') }).describe('Accepts their own invitation once each day they play.'),
  ],
  { error: "an adversary whose kind is 'fake-friends', 'retry' or 'self-assist'" },
);

export const Segment = z
  .strictObject({
    id: id(),
    title: z.string().optional(),
    share: z.number({ error: 'a positive weight' }).positive({ error: 'a positive weight' }).describe('Relative weight of the segment in the population.'),
    activeDays: probability().describe('Chance that a player plays on a given campaign day.'),
    visitsPerDay: mean().describe('Visits on a day the player plays, on average (at least one).'),
    tasks: z.record(z.string(), probability(), { error: 'task ids (or "*") to probabilities' }).describe('Chance per visit to do each task; "*" for every task not named.'),
    boxes: probability().default(0.8).describe('Chance per visit to open the boxes the player earned.'),
    buyBoxes: probability().default(0).describe('Chance per visit to open a box with candy when the player can afford it.'),
    newCustomers: probability().default(0).describe('Share of the segment the host platform vouches for as new customers.'),
    tiers: z.record(id(), probability()).default({}).describe('Shares of the segment in each member tier.'),
    social: Social.optional(),
    shopping: Shopping.optional(),
    adversary: Adversary.optional(),
  })
  .describe('A segment of shoppers with one behaviour.');

export const DailyCurve = z
  .strictObject({
    hours: z.array(z.number().min(0)).length(24, { error: '24 weights, one per local hour' }).describe('Relative activity per local hour.'),
    rush: z
      .strictObject({ at: z.iso.datetime({ offset: true }).optional().describe('Default: the start of the last phase.'), minutes: z.int().min(1), share: probability() })
      .optional()
      .describe('A rush: on that day, this share of visits falls in the minutes after `at` (the midnight start of the festival). Without a curve: 30% of that day\'s visits in its first hour.'),
  })
  .describe('When in the day players visit.');

export const Population = z
  .strictObject({
    $schema: z.string().optional(),
    $comment: z.string().optional(),
    name: z.string().min(1),
    segments: z.array(Segment).min(1, { error: 'at least one segment' }),
    catalog: z.array(Category).default([]),
    curve: DailyCurve.optional(),
  })
  .superRefine((population, ctx) => {
    const categories = new Set(population.catalog.map((c) => c.id));
    population.segments.forEach((segment, i) => {
      for (const category of Object.keys(segment.shopping?.categories ?? {})) {
        // The issue's input is what the line says came: the category, not the population the refinement was given.
        if (!categories.has(category)) ctx.addIssue({ code: 'custom', path: ['segments', i, 'shopping', 'categories', category], input: category, message: `a category of the catalog (${[...categories].join(', ') || 'none'})` });
      }
    });
  })
  .describe('A synthetic population for `carnival simulate`.');

export type Population = z.output<typeof Population>;
export type Segment = z.output<typeof Segment>;
export type Category = z.output<typeof Category>;
export type DailyCurve = z.output<typeof DailyCurve>;

/** Evening peaks, a quiet night: the shape of a shopping festival's day (local hours 0–23). */
export const DEFAULT_HOURS: readonly number[] = [3, 1.5, 0.8, 0.4, 0.3, 0.3, 0.6, 1.5, 3, 4, 4.5, 4.5, 5.5, 5, 4.5, 4.5, 4.5, 5, 6, 7, 9, 10, 9, 6];

/**
 * What the schema cannot see: a population names the campaign's tasks, phases, stores and
 * coupons, and a name the campaign lacks is almost always a typo that would silently make a
 * segment do nothing.
 */
export function checkPopulation(population: Population, definition: CampaignDefinition): Problem[] {
  const problems: Problem[] = [];
  const tasks = new Set(definition.tasks.map((t) => t.id));
  const phases = new Set(definition.phases.map((p) => p.id));
  const granted = new Set((definition.pricing?.coupons ?? []).filter((c) => !c.claim).map((c) => c.id));
  const list = (ids: Set<string>) => [...ids].join(', ') || 'none';
  population.segments.forEach((segment, i) => {
    for (const task of Object.keys(segment.tasks)) {
      if (task !== '*' && !tasks.has(task)) problems.push({ path: formatPath(['segments', i, 'tasks', task]), expected: `a task of campaign ${definition.id} (${list(tasks)}) or "*"`, got: JSON.stringify(task) });
    }
    (segment.shopping?.phases ?? []).forEach((phase, k) => {
      if (!phases.has(phase)) problems.push({ path: formatPath(['segments', i, 'shopping', 'phases', k]), expected: `a phase of campaign ${definition.id} (${list(phases)})`, got: JSON.stringify(phase) });
    });
    if (segment.shopping && !definition.pricing) problems.push({ path: formatPath(['segments', i, 'shopping']), expected: `no shopping: campaign ${definition.id} has no pricing`, got: 'a shopping behaviour' });
    for (const couponId of Object.keys(segment.shopping?.collects ?? {})) {
      // A claimable coupon is claimed (within its stock and limit) by `coupons`; a grant would bypass both.
      if (!granted.has(couponId)) problems.push({ path: formatPath(['segments', i, 'shopping', 'collects', couponId]), expected: `a coupon of campaign ${definition.id} the host platform grants (${list(granted)})`, got: JSON.stringify(couponId) });
    }
  });
  const stores = new Set(definition.pricing?.stores.map((s) => s.id) ?? []);
  const store = (path: readonly PropertyKey[], id: string) => {
    if (!stores.has(id)) problems.push({ path: formatPath(path), expected: `a store of campaign ${definition.id}'s pricing (${list(stores)})`, got: JSON.stringify(id) });
  };
  population.catalog.forEach((category, i) => {
    category.items.forEach((item, k) => store(['catalog', i, 'items', k, 'store'], item.store));
    category.price?.stores.forEach((id, k) => store(['catalog', i, 'price', 'stores', k], id));
  });
  return problems;
}
