import { BoundedCache } from './bounded-cache.ts';
import { compileCampaign, type Campaign } from './campaign.ts';
import { sha256 } from './sha256.ts';
import { CampaignDefinition, type ExperimentDefinition, type OverrideDefinition, type VariantDefinition } from './definition.ts';

/**
 * A/B experiments. Each player is in one variant of every experiment, chosen by a stable hash,
 * and plays by the definition with their variants' overrides set. Overrides reach only one
 * player's rules (rewards, limits, prices, discounts): what players share (ids, phases, budgets,
 * stock, lotteries, pools) is the same in every variant, so no variant can spend another's money.
 */

/** A step from a node of the definition to a child: a key of an object, or an index into a list. */
export type Step = string | number;

/** Where an override lands in the base definition, or why it lands nowhere. */
export type OverrideTarget =
  | { ok: true; steps: readonly Step[]; /** The field is absent from the base: the override adds it. */ adds: boolean }
  | { ok: false; expected: string; got: string };

/** What a variant may override: the section, then the shape of the path below it (`*`: an item of a list). */
const PER_PLAYER_RULES: readonly (readonly string[])[] = [
  ['tasks', '*'],
  ['invitations'],
  ['boxes', '*'],
  ['wallet'],
  ['pricing', 'thresholds', '*'],
  ['pricing', 'coupons', '*'],
  ['pricing', 'itemCuts', '*'],
  ['pricing', 'memberPrices', '*'],
  ['pricing', 'presales', '*'],
  ['pricing', 'memberDiscount'],
  ['luckyPackets', '*', 'limits'],
  ['sharedCarts', 'viewerCodes'],
  ['sharedCarts', 'ownerCodes'],
  ['sharedCarts', 'limits'],
];

const PER_PLAYER_TEXT =
  "a path into one player's rules: a task, the invitations, a box, the wallet, a pricing threshold, coupon, item cut, member price or presale, " +
  "the member discount, a lucky packet's limits, or the shared carts' codes and limits";

/** What a thing is (id, kind, store) and what is campaign-wide (phases, budgets, stock): the same for every player. */
const SHARED_FIELDS: ReadonlySet<string> = new Set(['id', 'kind', 'store', 'phases', 'budget', 'stock']);

type Node = Record<string, unknown>;
const isObject = (value: unknown): value is Node => typeof value === 'object' && value !== null && !Array.isArray(value);
const hasId = (value: unknown): value is { id: string } => isObject(value) && typeof value.id === 'string';

/**
 * Resolves an override's path against the base definition: keys through objects, ids through
 * lists (so reordering a list moves nothing), and a missing field only as the last step.
 */
export function resolveOverride(definition: CampaignDefinition, override: OverrideDefinition): OverrideTarget {
  const names = override.path.split('/').slice(1);
  const got = JSON.stringify(override.path);
  const fail = (expected: string): OverrideTarget => ({ ok: false, expected, got });
  if (!PER_PLAYER_RULES.some((rule) => rule[0] === names[0])) return fail(PER_PLAYER_TEXT);
  const steps: Step[] = [];
  const shape: string[] = [];
  let node: unknown = definition;
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!;
    const here = `/${names.slice(0, i).join('/')}`;
    if (Array.isArray(node)) {
      if (!node.every(hasId)) return fail(`a path that stops at ${here}: its items have no ids, so a variant replaces the list whole`);
      const index = node.findIndex((item: { id: string }) => item.id === name);
      if (index < 0) return fail(`an id of ${here} (${node.map((item: { id: string }) => item.id).join(', ') || 'it is empty'})`);
      steps.push(index);
      shape.push('*');
      node = node[index];
    } else if (isObject(node)) {
      // Own fields only: `constructor` or `__proto__` name no field of a definition.
      if (!Object.hasOwn(node, name) || node[name] === undefined) {
        if (i === 0) return fail(`a section the base definition has (a variant tunes the campaign's rules; it adds no mechanic)`);
        if (i < names.length - 1) return fail(`a field ${here} has (${Object.keys(node).join(', ')}); only the last step may add one`);
      }
      steps.push(name);
      shape.push(name);
      node = Object.hasOwn(node, name) ? node[name] : undefined;
    } else {
      return fail(`a path that stops at ${here}, which holds ${JSON.stringify(node)}`);
    }
  }
  if (!PER_PLAYER_RULES.some((rule) => rule.every((part, i) => shape[i] === part))) return fail(PER_PLAYER_TEXT);
  const shared = shape.find((name) => SHARED_FIELDS.has(name)) ?? sharedFieldIn(node) ?? sharedFieldIn(override.value);
  if (shared !== undefined) return fail(`a path that leaves out \`${shared}\`: every player shares it, and a variant changes only one player's rules`);
  return { ok: true, steps, adds: node === undefined };
}

/** The first field every player shares found in a value, at any depth. */
function sharedFieldIn(value: unknown): string | undefined {
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = sharedFieldIn(item);
      if (found !== undefined) return found;
    }
  } else if (isObject(value)) {
    for (const [key, child] of Object.entries(value)) {
      if (SHARED_FIELDS.has(key)) return key;
      const found = sharedFieldIn(child);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/** `root` with `value` at `steps`, copying only the nodes on the way: the rest stays shared with `root`. */
export function setAt(root: unknown, steps: readonly Step[], value: unknown, from = 0): unknown {
  if (from === steps.length) return value;
  const step = steps[from]!;
  if (Array.isArray(root)) {
    const copy = root.slice();
    copy[step as number] = setAt(root[step as number], steps, value, from + 1);
    return copy;
  }
  const node = root as Node;
  return { ...node, [step]: setAt(node[step as string], steps, value, from + 1) };
}

/**
 * The definition with the variants' overrides set, not yet parsed (the overrides' values are
 * JSON as written). Throws on an override that does not resolve, which a validated definition has none of.
 */
export function withOverrides(definition: CampaignDefinition, variants: readonly VariantDefinition[]): unknown {
  let root: unknown = definition;
  for (const variant of variants) {
    for (const override of variant.overrides) {
      const target = resolveOverride(definition, override);
      if (!target.ok) throw new Error(`variant "${variant.id}": ${override.path}: expected ${target.expected}, got ${target.got}`);
      root = setAt(root, target.steps, override.value);
    }
  }
  return root;
}

/** The definition players in these variants play by: the base itself when they override nothing. */
export function definitionWith(definition: CampaignDefinition, variants: readonly VariantDefinition[]): CampaignDefinition {
  const root = withOverrides(definition, variants);
  return root === definition ? definition : CampaignDefinition.parse(root);
}

/** Weights above this would make the 32-bit assignment hash modulo the total favour the first variants noticeably. */
export const MAX_EXPERIMENT_WEIGHT = 65_536;

export const totalWeight = (experiment: ExperimentDefinition) => experiment.variants.reduce((sum, v) => sum + v.weight, 0);

/**
 * The index of the player's variant. The assignment, for anyone reproducing it: take the first
 * 4 bytes of SHA-256 over the UTF-8 text `${experimentId}\n${playerId}` as a big-endian unsigned
 * 32-bit integer, modulo the total weight; walking the variants in listed order, the player is in
 * the first one whose weight is more than what is left of that point after the weights before
 * it. A variant of weight 0 is never chosen.
 */
function variantIndex(experiment: ExperimentDefinition, total: number, playerId: string): number {
  const digest = sha256(`${experiment.id}\n${playerId}`);
  let point = (((digest[0]! << 24) | (digest[1]! << 16) | (digest[2]! << 8) | digest[3]!) >>> 0) % total;
  for (let i = 0; ; i++) {
    const weight = experiment.variants[i]!.weight;
    if (point < weight) return i;
    point -= weight;
  }
}

/** A player's variants and the campaign they play by; one per combination of variants, shared by its players. */
interface Assignment {
  readonly campaign: Campaign;
  readonly variants: Readonly<Record<string, string>>;
}

interface Experiments {
  readonly list: readonly { experiment: ExperimentDefinition; total: number }[];
  readonly byCombination: Map<string, Assignment>;
  readonly byPlayer: BoundedCache<string, Assignment>;
}

/** Hashing is most of what an assignment costs (a few µs against a command's few), so recent players' are remembered. */
const PLAYERS_REMEMBERED = 262_144;
const experimentsOf = new WeakMap<Campaign, Experiments>();
/** The published campaign a variant's campaign was compiled from, so `campaignFor` works from either. */
const baseOf = new WeakMap<Campaign, Campaign>();

// The last answer: a player's commands come in runs (a visit), each asking again.
let last: { campaign: Campaign; playerId: string; found: Assignment } | undefined;

function assignment(campaign: Campaign, playerId: string): Assignment {
  if (last !== undefined && last.playerId === playerId && last.campaign === campaign) return last.found;
  const found = assign(campaign, playerId);
  last = { campaign, playerId, found };
  return found;
}

function assign(campaign: Campaign, playerId: string): Assignment {
  const base = baseOf.get(campaign) ?? campaign;
  let experiments = experimentsOf.get(base);
  if (!experiments) {
    const list = base.definition.experiments.map((experiment) => ({ experiment, total: totalWeight(experiment) }));
    experimentsOf.set(base, (experiments = { list, byCombination: new Map(), byPlayer: new BoundedCache(PLAYERS_REMEMBERED) }));
  }
  let found = experiments.byPlayer.get(playerId);
  if (found) return found;
  const picks = experiments.list.map(({ experiment, total }) => experiment.variants[variantIndex(experiment, total, playerId)]!);
  const key = picks.map((variant) => variant.id).join('\n');
  found = experiments.byCombination.get(key);
  if (!found) {
    const definition = definitionWith(base.definition, picks);
    const compiled = definition === base.definition ? base : compileCampaign(definition, base.version, base.seed);
    if (compiled !== base) baseOf.set(compiled, base);
    const variants = Object.freeze(Object.fromEntries(experiments.list.map(({ experiment }, i) => [experiment.id, picks[i]!.id])));
    experiments.byCombination.set(key, (found = { campaign: compiled, variants }));
  }
  return experiments.byPlayer.add(playerId, found);
}

const NO_VARIANTS: Readonly<Record<string, string>> = Object.freeze({});

/**
 * The campaign as `playerId` plays it: compiled from the definition with their variants'
 * overrides, once per combination of variants. It keeps the published campaign's version, seed
 * and id. Given a campaign already compiled for another player, it starts from the published
 * one again. A campaign without experiments is returned as it is.
 */
export function campaignFor(campaign: Campaign, playerId: string): Campaign {
  if (campaign.definition.experiments.length === 0) return campaign;
  return assignment(campaign, playerId).campaign;
}

/** Every experiment's variant for the player: experiment id → variant id, in the experiments' order. */
export function variantsOf(campaign: Campaign, playerId: string): Readonly<Record<string, string>> {
  if (campaign.definition.experiments.length === 0) return NO_VARIANTS;
  return assignment(campaign, playerId).variants;
}

/** The player's variant of one experiment; throws for an experiment the campaign does not have. */
export function variantOf(campaign: Campaign, experimentId: string, playerId: string): string {
  const variants = variantsOf(campaign, playerId);
  const variant = Object.hasOwn(variants, experimentId) ? variants[experimentId] : undefined;
  if (variant === undefined) {
    const known = campaign.definition.experiments.map((e) => e.id).join(', ') || 'none';
    throw new Error(`campaign "${campaign.definition.id}" has no experiment "${experimentId}" (it has: ${known})`);
  }
  return variant;
}
