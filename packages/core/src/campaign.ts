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
  const windows = phaseIds ? phaseIds.map((id) => campaign.phases.get(id)) : campaign.phases.values();
  for (const window of windows) {
    if (!window) continue;
    if (now >= window.start && now < window.end) return { open: true };
    if (window.start > now && (opensAt === null || window.start < opensAt)) opensAt = window.start;
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

/** Instants leave the engine as UTC ISO-8601: unambiguous, and sortable as text. */
export const iso = (instant: number) => new Date(instant).toISOString();
