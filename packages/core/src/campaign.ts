import type { BoxDefinition, CampaignDefinition, TaskDefinition } from './definition.ts';

/** A published, immutable version of a campaign as the engine runs it. */
export interface Campaign {
  readonly definition: CampaignDefinition;
  readonly version: number;
  /** Server-side secret: never in a definition or an API response. */
  readonly seed: string;
  readonly phases: ReadonlyMap<string, Window>;
  readonly tasks: ReadonlyMap<string, TaskDefinition>;
  readonly boxes: ReadonlyMap<string, BoxDefinition>;
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
    tasks: new Map(definition.tasks.map((t) => [t.id, t])),
    boxes: new Map(definition.boxes.map((b) => [b.id, b])),
  };
}

export type Availability = { open: true } | { open: false; opensAt: number | null };

/**
 * Whether something restricted to `phaseIds` (every phase when absent) is open at `now`, and if
 * not, when it opens next.
 */
export function availability(campaign: Campaign, phaseIds: readonly string[] | undefined, now: number): Availability {
  let opensAt: number | null = null;
  const consider = (window: Window | undefined): boolean => {
    if (!window) return false;
    if (now >= window.start && now < window.end) return true;
    if (window.start > now && (opensAt === null || window.start < opensAt)) opensAt = window.start;
    return false;
  };
  if (phaseIds) {
    for (const id of phaseIds) if (consider(campaign.phases.get(id))) return { open: true };
  } else {
    for (const window of campaign.phases.values()) if (consider(window)) return { open: true };
  }
  return { open: false, opensAt };
}

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
 */
export function iso(instant: number): string {
  const days = Math.floor(instant / 86_400_000);
  const msOfDay = instant - days * 86_400_000;
  // Civil date from days since 1970-01-01 (H. Hinnant's algorithm), valid for years 0000-9999.
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  const h = Math.floor(msOfDay / 3_600_000);
  const m = Math.floor(msOfDay / 60_000) % 60;
  const sec = Math.floor(msOfDay / 1000) % 60;
  const ms = msOfDay % 1000;
  return `${year < 1000 ? String(year).padStart(4, '0') : year}-${pad2(month)}-${pad2(day)}T${pad2(h)}:${pad2(m)}:${pad2(sec)}.${ms < 10 ? '00' : ms < 100 ? '0' : ''}${ms}Z`;
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : `${n}`);
