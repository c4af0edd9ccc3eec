import type { BoxDefinition, BudgetDefinition, CampaignDefinition, LotteryDefinition, LuckyPacketDefinition, PoolDefinition, TaskDefinition } from './definition.ts';

/** A published, immutable version of a campaign as the engine runs it. */
export interface Campaign {
  readonly definition: CampaignDefinition;
  readonly version: number;
  /** Server-side secret: never in a definition or an API response. */
  readonly seed: string;
  readonly phases: ReadonlyMap<string, Window>;
  /** Every phase id, in definition order. */
  readonly phaseIds: readonly string[];
  readonly tasks: ReadonlyMap<string, TaskDefinition>;
  readonly boxes: ReadonlyMap<string, BoxDefinition>;
  readonly budgets: ReadonlyMap<string, BudgetDefinition>;
  readonly lotteries: ReadonlyMap<string, LotteryDefinition>;
  readonly pools: ReadonlyMap<string, PoolDefinition>;
  /** Each pool's settle moment and basis, for the candy ledger to keep bases as of `settleAt`. */
  readonly poolSettles: readonly PoolSettle[];
  readonly luckyPackets: ReadonlyMap<string, LuckyPacketDefinition>;
}

export interface PoolSettle {
  readonly id: string;
  readonly settleAt: number;
  readonly basis: PoolDefinition['basis'];
}

export interface Window {
  readonly start: number;
  readonly end: number;
}

export function compileCampaign(definition: CampaignDefinition, version: number, seed: string): Campaign {
  return {
    definition,
    version,
    seed,
    phases: new Map(definition.phases.map((p) => [p.id, { start: Date.parse(p.start), end: Date.parse(p.end) }])),
    phaseIds: definition.phases.map((p) => p.id),
    tasks: new Map(definition.tasks.map((t) => [t.id, t])),
    boxes: new Map(definition.boxes.map((b) => [b.id, b])),
    budgets: new Map(definition.budgets.map((b) => [b.id, b])),
    lotteries: new Map(definition.lotteries.map((l) => [l.id, l])),
    pools: new Map(definition.pools.map((p) => [p.id, p])),
    poolSettles: definition.pools.map((p) => ({ id: p.id, settleAt: Date.parse(p.settleAt), basis: p.basis })),
    luckyPackets: new Map(definition.luckyPackets.map((p) => [p.id, p])),
  };
}

export type Availability = { open: true } | { open: false; opensAt: number | null };

/**
 * Whether something restricted to `phaseIds` (every phase when absent) is open at `now`, and if
 * not, when it opens next.
 */
export function availability(campaign: Campaign, phaseIds: readonly string[] | undefined, now: number): Availability {
  let opensAt: number | null = null;
  // Every command asks this, so no closure or array per call: walk the windows in place.
  const windows = phaseIds ?? campaign.phaseIds;
  for (let i = 0; i < windows.length; i++) {
    const window = campaign.phases.get(windows[i]!);
    if (!window) continue;
    if (now >= window.start && now < window.end) return OPEN;
    if (window.start > now && (opensAt === null || window.start < opensAt)) opensAt = window.start;
  }
  return { open: false, opensAt };
}

const OPEN: Availability = { open: true };

/** The phase current at `now`, and the next phase to begin, for countdowns. */
export function phaseAt(campaign: Campaign, now: number): { current: string | null; next: { id: string; startsAt: number } | null } {
  let current: string | null = null;
  let next: { id: string; startsAt: number } | null = null;
  for (const [id, w] of campaign.phases) {
    if (current === null && now >= w.start && now < w.end) current = id;
    if (w.start > now && (next === null || w.start < next.startsAt)) next = { id, startsAt: w.start };
  }
  return { current, next };
}

/**
 * Instants leave the engine as UTC ISO-8601 (`2026-11-11T00:00:00.000Z`): unambiguous and
 * sortable as text. Hand-rolled because `Date#toISOString` was a tenth of a command's time;
 * the tests check it against `toISOString` over a wide range.
 *
 * The text is made by one `String.fromCharCode` call because a template literal leaves a chain
 * of cons strings (~350 B) in every receipt and ledger entry that keeps it, and the garbage
 * collector copies those. Commands under load share milliseconds, so recent answers are kept
 * in a small cache, where a command's few instants (now, a ticket's readyAt and expiresAt) seldom
 * evict each other; each answer kept is also one string shared by every receipt that holds it.
 */
export function iso(instant: number): string {
  const slot = Math.abs(instant % ISO_SLOTS);
  if (isoInstants[slot] === instant) return isoTexts[slot]!;
  const days = Math.floor(instant / 86_400_000);
  const msOfDay = instant - days * 86_400_000;
  // Civil date from days since 1970-01-01 (H. Hinnant's algorithm).
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  // Four-digit years of whole milliseconds only; anything else is left to the built-in.
  if (!(year >= 0 && year <= 9999 && Number.isInteger(instant))) return new Date(instant).toISOString();
  const h = Math.floor(msOfDay / 3_600_000);
  const m = Math.floor(msOfDay / 60_000) % 60;
  const sec = Math.floor(msOfDay / 1000) % 60;
  const ms = msOfDay % 1000;
  const text = String.fromCharCode(
    digit(year / 1000), digit(year / 100), digit(year / 10), digit(year), DASH,
    digit(month / 10), digit(month), DASH,
    digit(day / 10), digit(day), T,
    digit(h / 10), digit(h), COLON,
    digit(m / 10), digit(m), COLON,
    digit(sec / 10), digit(sec), DOT,
    digit(ms / 100), digit(ms / 10), digit(ms), Z,
  );
  isoInstants[slot] = instant;
  isoTexts[slot] = text;
  return text;
}

// A prime, so instants a round number of seconds apart rarely share a slot.
const ISO_SLOTS = 61;
const isoInstants = new Array<number>(ISO_SLOTS).fill(NaN);
const isoTexts = new Array<string>(ISO_SLOTS).fill('');
const code = (char: string) => char.charCodeAt(0);
const [ZERO, DASH, T, COLON, DOT, Z] = [code('0'), code('-'), code('T'), code(':'), code('.'), code('Z')];
/** The char code of the units digit of `n` (n ≥ 0). */
const digit = (n: number) => ZERO + (Math.floor(n) % 10);
