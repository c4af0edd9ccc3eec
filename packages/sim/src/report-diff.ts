import { isDeepStrictEqual } from 'node:util';
import { formatPath } from '@carnival/core';

/**
 * What changed between two reports (simulation or backtest), over any JSON: objects by key,
 * arrays of objects matched by a field that identifies them (an `id` or `name`, else a table's
 * key: a code, command, segment, task, mechanic, day, depth or a bin's lower edge), arrays of
 * pairs like `[instant, value]` by their first element, other arrays by index. A top-level
 * `meta` (what produced each report: versions, seed, campaign hash) is set apart, not compared:
 * two runs of the same thing at different times should not differ by their provenance.
 */

/** One step into a document: an object key, an array index, or an array element found by a field of it (`FIRST`: a tuple's first element). */
export type PathSegment = { key: string } | { index: number } | { field: string; value: string | number };

/** The field of a tuple found by its first element: `burn[2026-11-11T00:00:00.000Z]`. */
const FIRST = '';

/** Fields that identify the elements of a report's arrays, in order of preference. */
const IDENTIFYING = ['id', 'name', 'code', 'command', 'segment', 'task', 'mechanic', 'day', 'depth', 'from'];

export type Change =
  | { path: string; kind: 'number'; a: number; b: number; delta: number; /** Percent of |a|; null from 0. */ relative: number | null }
  | { path: string; kind: 'changed'; a: unknown; b: unknown }
  | { path: string; kind: 'added'; b: unknown }
  | { path: string; kind: 'removed'; a: unknown };

export interface ReportDiff {
  /** No change is shown: the reports are the same, or differ only below the threshold. */
  equal: boolean;
  /** Each report's top-level `meta`, when either has one. */
  meta: { a: unknown; b: unknown } | null;
  /** Changes grouped by top-level key, sections and changes sorted by path. */
  sections: { section: string; changes: Change[] }[];
  /** Numeric changes smaller than the threshold, not listed. */
  hidden: number;
}

export interface DiffOptions {
  /** Hides numeric changes smaller than this percentage of the first value. */
  threshold?: number | undefined;
}

/** Where a document is not an object, its changes belong to no top-level key. */
export const DOCUMENT = '(document)';

export function diffReports(a: unknown, b: unknown, options: DiffOptions = {}): ReportDiff {
  const threshold = options.threshold ?? 0;
  if (!(threshold >= 0)) throw new RangeError(`threshold: expected a percentage, 0 or more, got ${threshold}`);
  const metaOf = (doc: unknown) => (isObject(doc) && Object.hasOwn(doc, 'meta') ? doc.meta : undefined);
  const meta = metaOf(a) === undefined && metaOf(b) === undefined ? null : { a: metaOf(a) ?? null, b: metaOf(b) ?? null };
  const withoutMeta = (doc: unknown) => (isObject(doc) ? Object.fromEntries(Object.entries(doc).filter(([key]) => key !== 'meta')) : doc);

  const found: Found = [];
  walk(withoutMeta(a), withoutMeta(b), [], found);
  found.sort((x, y) => comparePaths(x.path, y.path));

  let hidden = 0;
  const sections = new Map<string, Change[]>();
  for (const { path, change } of found) {
    if (change.kind === 'number' && change.relative !== null && Math.abs(change.relative) < threshold) {
      hidden++;
      continue;
    }
    const first = path[0];
    const section = first && 'key' in first ? first.key : DOCUMENT;
    const changes = sections.get(section) ?? [];
    changes.push({ path: formatSegments(path), ...change } as Change);
    sections.set(section, changes);
  }
  return { equal: sections.size === 0, meta, sections: [...sections].map(([section, changes]) => ({ section, changes })), hidden };
}

/** A value's leaves with their paths, sorted: how `meta` is shown side by side. */
export function leaves(value: unknown): [string, unknown][] {
  const out: [PathSegment[], unknown][] = [];
  const visit = (node: unknown, path: PathSegment[]) => {
    if (isObject(node) && Object.keys(node).length > 0) for (const [key, child] of Object.entries(node)) visit(child, [...path, { key }]);
    else if (Array.isArray(node) && node.length > 0) node.forEach((child, index) => visit(child, [...path, { index }]));
    else out.push([path, node]);
  };
  visit(value, []);
  return out.sort(([x], [y]) => comparePaths(x, y)).map(([path, leaf]) => [formatSegments(path), leaf]);
}

type DistributiveOmit<T, K extends keyof T> = T extends unknown ? Omit<T, K> : never;
type Found = { path: PathSegment[]; change: DistributiveOmit<Change, 'path'> }[];

function walk(a: unknown, b: unknown, path: PathSegment[], out: Found): void {
  if (isObject(a) && isObject(b)) {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const at = [...path, { key }];
      if (!Object.hasOwn(b, key)) out.push({ path: at, change: { kind: 'removed', a: a[key] } });
      else if (!Object.hasOwn(a, key)) out.push({ path: at, change: { kind: 'added', b: b[key] } });
      else walk(a[key], b[key], at, out);
    }
  } else if (Array.isArray(a) && Array.isArray(b)) {
    const field = matchField(a, b);
    const entries = (items: readonly unknown[]) =>
      new Map(items.map((item, index): [string | number, { segment: PathSegment; item: unknown }] => {
        if (field === undefined) return [index, { segment: { index }, item }];
        const value = identity(item, field) as string | number;
        return [value, { segment: { field, value }, item }];
      }));
    const before = entries(a);
    const after = entries(b);
    for (const [key, { segment, item }] of before) {
      const other = after.get(key);
      if (other === undefined) out.push({ path: [...path, segment], change: { kind: 'removed', a: item } });
      else walk(item, other.item, [...path, segment], out);
    }
    for (const [key, { segment, item }] of after) if (!before.has(key)) out.push({ path: [...path, segment], change: { kind: 'added', b: item } });
  } else if (typeof a === 'number' && typeof b === 'number') {
    if (a !== b) out.push({ path, change: { kind: 'number', a, b, delta: b - a, relative: a === 0 ? null : ((b - a) / Math.abs(a)) * 100 } });
  } else if (!isDeepStrictEqual(a, b)) out.push({ path, change: { kind: 'changed', a, b } });
}

/** What identifies an element by `field`: a field of an object, or a tuple's first element. */
function identity(item: unknown, field: string): unknown {
  if (field === FIRST) return Array.isArray(item) && item.length > 1 ? item[0] : undefined;
  return isObject(item) ? item[field] : undefined;
}

/** The first of the identifying fields (or a tuple's first element) every element of both arrays has, distinct within each. */
function matchField(a: readonly unknown[], b: readonly unknown[]): string | undefined {
  if (a.length + b.length === 0) return undefined;
  const identifies = (field: string, items: readonly unknown[]) => {
    const values = items.map((item) => identity(item, field));
    return values.every((v) => typeof v === 'string' || typeof v === 'number') && new Set(values).size === values.length;
  };
  return [...IDENTIFYING, FIRST].find((field) => identifies(field, a) && identifies(field, b));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const segmentText = (s: PathSegment) => ('key' in s ? s.key : 'index' in s ? s.index : s.value);

function comparePaths(x: readonly PathSegment[], y: readonly PathSegment[]): number {
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const p = segmentText(x[i]!);
    const q = segmentText(y[i]!);
    if (p === q) continue;
    if (typeof p === 'number' && typeof q === 'number') return p - q;
    return String(p) < String(q) ? -1 : 1;
  }
  return x.length - y.length;
}

/** `sources[id=d11-cross-store].amount`, `steps[2].carts`, `["odd key"]`: core's paths, plus elements found by id. */
export function formatSegments(path: readonly PathSegment[]): string {
  let out = '';
  for (const s of path) {
    const value = 'field' in s && typeof s.value === 'string' && !/^[\w.:-]+$/.test(s.value) ? JSON.stringify(s.value) : 'field' in s ? s.value : '';
    const part = 'field' in s ? `[${s.field === FIRST ? value : `${s.field}=${value}`}]` : formatPath(['key' in s ? s.key : s.index]);
    out += out && /^[A-Za-z_$]/.test(part) ? `.${part}` : part;
  }
  return out;
}
