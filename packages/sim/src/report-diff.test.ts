import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffReports, DOCUMENT, formatSegments, leaves } from './report-diff.ts';

const before = {
  meta: { seed: 7, versions: { core: '0.1.0' }, campaign: { sha256: 'aaa' } },
  totals: { discount: 1000, payable: 9000, rate: 0.1, label: 'before', ok: true },
  sources: [
    { id: 'x', amount: 600 },
    { id: 'y', amount: 400 },
  ],
  steps: [
    { min: 100, carts: 3 },
    { min: 200, carts: 1 },
  ],
  zero: { count: 0 },
  old: 1,
};
const after = {
  meta: { seed: 8, versions: { core: '0.1.0' }, campaign: { sha256: 'bbb' } },
  totals: { discount: 1100, payable: 9000, rate: 0.11, label: 'after', ok: false, extra: 1 },
  sources: [
    { id: 'z', amount: 100 },
    { id: 'y', amount: 404 },
    { id: 'x', amount: 600 },
  ],
  steps: [
    { min: 100, carts: 3 },
    { min: 200, carts: 2 },
    { min: 300, carts: 0 },
  ],
  zero: { count: 5 },
};

describe('report diff', () => {
  it("matches a report's table rows by their key and its series by instant, never unrelated rows by position", () => {
    const a = {
      budgets: [{ id: 'pool', burn: [['2026-11-10T00:00:00.000Z', 0], ['2026-11-11T00:00:00.000Z', 100]] }],
      tasks: { funnel: [{ day: '2026-11-10', visited: 5 }, { day: '2026-11-11', visited: 9 }] },
      rejections: [{ code: 'A', count: 1, bySegment: [{ segment: 'x', count: 1 }] }],
      candy: { histogram: [{ from: 0, to: 10, count: 4 }, { from: 10, to: 20, count: 1 }] },
    };
    const b = {
      budgets: [{ id: 'pool', burn: [['2026-11-09T00:00:00.000Z', 0], ['2026-11-10T00:00:00.000Z', 0], ['2026-11-11T00:00:00.000Z', 150]] }],
      tasks: { funnel: [{ day: '2026-11-11', visited: 9 }] },
      rejections: [{ code: 'B', count: 2, bySegment: [{ segment: 'x', count: 2 }] }, { code: 'A', count: 1, bySegment: [{ segment: 'x', count: 1 }] }],
      candy: { histogram: [{ from: 10, to: 20, count: 2 }, { from: 0, to: 10, count: 4 }] },
    };
    expect(diffReports(a, b).sections.flatMap((s) => s.changes.map((c) => c.path))).toEqual([
      'budgets[id=pool].burn[2026-11-09T00:00:00.000Z]',
      'budgets[id=pool].burn[2026-11-11T00:00:00.000Z][1]',
      'candy.histogram[from=10].count',
      'rejections[code=B]',
      'tasks.funnel[day=2026-11-10]',
    ]);
  });

  it('a worked diff: numbers with their change, strings and booleans, paths added and removed, by section and path', () => {
    const diff = diffReports(before, after);
    expect(diff.equal).toBe(false);
    expect(diff.hidden).toBe(0);
    expect(diff.sections).toEqual([
      { section: 'old', changes: [{ path: 'old', kind: 'removed', a: 1 }] },
      {
        section: 'sources',
        changes: [
          { path: 'sources[id=y].amount', kind: 'number', a: 400, b: 404, delta: 4, relative: 1 },
          { path: 'sources[id=z]', kind: 'added', b: { id: 'z', amount: 100 } },
        ],
      },
      {
        section: 'steps',
        changes: [
          { path: 'steps[1].carts', kind: 'number', a: 1, b: 2, delta: 1, relative: 100 },
          { path: 'steps[2]', kind: 'added', b: { min: 300, carts: 0 } },
        ],
      },
      {
        section: 'totals',
        changes: [
          { path: 'totals.discount', kind: 'number', a: 1000, b: 1100, delta: 100, relative: 10 },
          { path: 'totals.extra', kind: 'added', b: 1 },
          { path: 'totals.label', kind: 'changed', a: 'before', b: 'after' },
          { path: 'totals.ok', kind: 'changed', a: true, b: false },
          { path: 'totals.rate', kind: 'number', a: 0.1, b: 0.11, delta: 0.11 - 0.1, relative: expect.closeTo(10, 9) },
        ],
      },
      { section: 'zero', changes: [{ path: 'zero.count', kind: 'number', a: 0, b: 5, delta: 5, relative: null }] },
    ]);
  });

  it('sets meta apart: shown, never compared', () => {
    const diff = diffReports(before, after);
    expect(diff.meta).toEqual({ a: before.meta, b: after.meta });
    expect(diff.sections.map((s) => s.section)).not.toContain('meta');
    const sameButProvenance = diffReports(before, { ...before, meta: after.meta });
    expect(sameButProvenance).toEqual({ equal: true, meta: { a: before.meta, b: after.meta }, sections: [], hidden: 0 });
    expect(diffReports({ a: 1 }, { a: 1 }).meta).toBeNull();
    expect(diffReports({ a: 1 }, { meta: { seed: 1 }, a: 1 }).meta).toEqual({ a: null, b: { seed: 1 } });
  });

  it('matches array elements by id, else by name, else by index', () => {
    const byName = diffReports({ segments: [{ name: 'whales', players: 10 }, { name: 'bots', players: 5 }] }, { segments: [{ name: 'bots', players: 6 }, { name: 'whales', players: 10 }] });
    expect(byName.sections[0]!.changes.map((c) => c.path)).toEqual(['segments[name=bots].players']);
    // Ids that repeat, or elements without one, cannot match: by index then.
    const repeated = diffReports({ xs: [{ id: 'a', v: 1 }, { id: 'a', v: 2 }] }, { xs: [{ id: 'a', v: 2 }, { id: 'a', v: 2 }] });
    expect(repeated.sections[0]!.changes.map((c) => c.path)).toEqual(['xs[0].v']);
    const plain = diffReports({ xs: [1, 2, 3] }, { xs: [1, 5] });
    expect(plain.sections[0]!.changes).toEqual([
      { path: 'xs[1]', kind: 'number', a: 2, b: 5, delta: 3, relative: 150 },
      { path: 'xs[2]', kind: 'removed', a: 3 },
    ]);
  });

  it('sorts indices as numbers and quotes odd keys and ids', () => {
    const a = { xs: Array.from({ length: 12 }, () => 0), 'a key': 1, ids: [{ id: 'two words', v: 1 }] };
    const b = { xs: Array.from({ length: 12 }, (_, i) => (i === 2 || i === 10 ? 1 : 0)), 'a key': 2, ids: [{ id: 'two words', v: 2 }] };
    expect(diffReports(a, b).sections.flatMap((s) => s.changes.map((c) => c.path))).toEqual(['["a key"]', 'ids[id="two words"].v', 'xs[2]', 'xs[10]']);
  });

  it('--threshold hides numeric changes below it, never a change from 0, and counts what it hid', () => {
    const diff = diffReports(before, after, { threshold: 5 });
    const paths = diff.sections.flatMap((s) => s.changes.map((c) => c.path));
    expect(paths).not.toContain('sources[id=y].amount'); // +1%
    expect(paths).toEqual(expect.arrayContaining(['totals.discount', 'steps[1].carts', 'zero.count', 'totals.label']));
    expect(diff.hidden).toBe(1);
    // Everything numeric under 200%: only the non-numeric changes and the one from 0 are left.
    const coarse = diffReports({ a: 100, b: 'x', c: 0 }, { a: 150, b: 'y', c: 1 }, { threshold: 200 });
    expect(coarse).toMatchObject({ equal: false, hidden: 1 });
    expect(coarse.sections.map((s) => s.section)).toEqual(['b', 'c']);
    expect(diffReports({ a: 100 }, { a: 101 }, { threshold: 2 })).toEqual({ equal: true, meta: null, sections: [], hidden: 1 });
  });

  it('a changed type is a change, not a number', () => {
    expect(diffReports({ a: 1, b: null }, { a: '1', b: 0 }).sections.flatMap((s) => s.changes)).toEqual([
      { path: 'a', kind: 'changed', a: 1, b: '1' },
      { path: 'b', kind: 'changed', a: null, b: 0 },
    ]);
  });

  it('documents that are not objects differ as a whole', () => {
    expect(diffReports(1, 2).sections).toEqual([{ section: DOCUMENT, changes: [{ path: '', kind: 'number', a: 1, b: 2, delta: 1, relative: 100 }] }]);
  });

  it('a document equals itself, and every difference of two is found', () => {
    const json = fc.jsonValue({ maxDepth: 3 });
    fc.assert(
      fc.property(json, json, (a, b) => {
        expect(diffReports(a, structuredClone(a)).equal).toBe(true);
        const { equal } = diffReports({ report: a }, { report: b });
        // -0 and 0 are one number to a report; JSON would write both as 0.
        expect(equal).toBe(JSON.stringify(canonical(a)) === JSON.stringify(canonical(b)));
      }),
      { numRuns: 200 },
    );
  });

  it("lists meta's leaves by path", () => {
    expect(leaves(before.meta)).toEqual([
      ['campaign.sha256', 'aaa'],
      ['seed', 7],
      ['versions.core', '0.1.0'],
    ]);
    expect(leaves({ empty: {}, list: [] })).toEqual([
      ['empty', {}],
      ['list', []],
    ]);
  });

  it('formats paths as core does, with elements found by id', () => {
    expect(formatSegments([{ key: 'sources' }, { field: 'id', value: 'd11-cross-store' }, { key: 'amount' }])).toBe('sources[id=d11-cross-store].amount');
    expect(formatSegments([{ key: 'steps' }, { index: 2 }, { key: 'carts' }])).toBe('steps[2].carts');
  });
});

/** Objects with keys sorted and elements with an id or name in id order, as the diff matches them. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.map(canonical);
    for (const field of ['id', 'name']) {
      const keys = items.map((item) => (item !== null && typeof item === 'object' && !Array.isArray(item) ? (item as Record<string, unknown>)[field] : undefined));
      if (items.length && keys.every((k) => typeof k === 'string' || typeof k === 'number') && new Set(keys).size === keys.length) {
        return items.map((item, i) => [String(typeof keys[i]) + String(keys[i]), item] as const).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)).map(([, item]) => item);
      }
    }
    return items;
  }
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).sort(([x], [y]) => (x < y ? -1 : 1)).map(([k, v]) => [k, canonical(v)]));
  return Object.is(value, -0) ? 0 : value;
}
