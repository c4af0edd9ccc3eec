import { describeValue } from '@carnival/core';
import { diffReports, leaves, type Change, type ReportDiff } from '@carnival/sim';
import { defineCommand, EXIT, UsageError } from '../command.ts';
import { readJson } from '../json.ts';

const USAGE = `Usage: carnival report diff A.json B.json [--threshold PCT] [--json]

Shows what changed between two reports, of 'carnival simulate' or 'carnival backtest --out': say
before and after an edit of the campaign. Any JSON is compared: objects key by key, lists of
objects that have an "id" (or a "name") element by element of the same id, other lists by
position. A number shows A → B (the change, and the change relative to A); text and true/false
show A → B; "+" marks a path only in B, "-" a path only in A. Changes are sorted by path and
grouped under their top-level section. A top-level "meta" (what produced the report: versions,
seed, campaign hash) is shown first, side by side, and is not compared; it is said there when the
two are reports of different commands or campaigns, or one is of a simulation stopped early.

Options:
      --threshold PCT   Hide numeric changes smaller than PCT percent of A's value (a change from
                        0 is always shown)
      --json            Print { "equal", "meta", "sections": [{ "section", "changes" }], "hidden" }
  -h, --help            Show this help

Exit status: 0 the reports are the same (apart from meta and changes below the threshold), 1 they
differ, 2 a file could not be read or is not JSON, or the command line is wrong.
`;

export const report = defineCommand({
  name: 'report',
  summary: 'Show what changed between two simulation or backtest reports: report diff A B',
  usage: USAGE,
  options: { threshold: { type: 'string' }, json: { type: 'boolean' } },
  positionals: { name: 'diff A B', min: 0, max: 3 },
  async run({ values, positionals }, io) {
    const [subcommand, fileA, fileB] = positionals;
    if (subcommand === undefined) throw new UsageError('missing the subcommand (diff)');
    if (subcommand !== 'diff') throw new UsageError(`unknown subcommand '${subcommand}' (there is: diff)`);
    if (fileA === undefined || fileB === undefined) throw new UsageError(fileA === undefined ? 'missing A and B' : 'missing B');
    const threshold = values.threshold === undefined ? 0 : thresholdOption(values.threshold);

    const reads = [[fileA, await readJson(fileA, io)], [fileB, await readJson(fileB, io)]] as const;
    const [[, a], [, b]] = reads;
    if (!a.ok || !b.ok) {
      for (const [file, read] of reads) if (!read.ok) io.stderr(`${file}: ${read.error}\n`);
      return EXIT.error;
    }
    const diff = diffReports(a.value, b.value, { threshold });
    io.stdout(values.json ? `${JSON.stringify(diff, null, 2)}\n` : text(diff, fileA, fileB, threshold));
    return diff.equal ? EXIT.ok : EXIT.invalid;
  },
});

function thresholdOption(text: string): number {
  if (!/^\d+(\.\d+)?$/.test(text)) throw new UsageError(`--threshold: expected a percentage, 0 or more (5 hides changes under 5%), got ${JSON.stringify(text)}`);
  return Number(text);
}

/** A number as a reader wants it: without the last bits of floating-point noise (0.1 + 0.2). */
const number = (value: number) => String(Number(value.toPrecision(12)));
const signed = (value: number) => `${value > 0 ? '+' : ''}${number(value)}`;

function describeChange(change: Change): { marker: string; values: string; note: string } {
  switch (change.kind) {
    case 'number':
      return { marker: '~', values: `${number(change.a)} → ${number(change.b)}`, note: `(${signed(change.delta)}, ${change.relative === null ? 'from 0' : `${signed(Number(change.relative.toFixed(2)))}%`})` };
    case 'changed':
      return { marker: '~', values: `${describeValue(change.a)} → ${describeValue(change.b)}`, note: '' };
    case 'added':
      return { marker: '+', values: describeValue(change.b), note: '' };
    case 'removed':
      return { marker: '-', values: describeValue(change.a), note: '' };
  }
}

function text(diff: ReportDiff, fileA: string, fileB: string, threshold: number): string {
  const out: string[] = [];
  if (diff.meta) {
    // A document without meta (not a report of simulate or backtest) shows dashes, not a row of its own.
    const leavesOf = (meta: unknown) => new Map(meta === null ? [] : leaves(meta));
    const a = leavesOf(diff.meta.a);
    const b = leavesOf(diff.meta.b);
    const paths = [...new Set([...a.keys(), ...b.keys()])].sort();
    const rows = [['', `A (${fileA})`, `B (${fileB})`], ...paths.map((path) => [`  ${path}`, show(a, path), show(b, path)])];
    const widths = [0, 1].map((column) => Math.max(...rows.map((row) => row[column]!.length)));
    out.push('What produced each', ...rows.map((row) => `${row[0]!.padEnd(widths[0]!)}  ${row[1]!.padEnd(widths[1]!)}  ${row[2]}`.trimEnd()));
    out.push(...caveats(a, b).map((line) => `  ${line}`));
    for (const [name, meta] of [['A', diff.meta.a], ['B', diff.meta.b]] as const) if (meta === null) out.push(`  ${name} has no meta: it is not a report of carnival simulate or backtest.`);
    out.push('');
  }

  const sections = diff.sections.map(({ section, changes }) => ({ section, rows: changes.map((change) => ({ path: change.path, ...describeChange(change) })) }));
  const rows = sections.flatMap((s) => s.rows);
  const pathWidth = Math.max(0, ...rows.map((row) => row.path.length));
  const valueWidth = Math.max(0, ...rows.map((row) => row.values.length));
  for (const { section, rows } of sections) {
    out.push(section, ...rows.map((row) => `  ${row.marker} ${row.path.padEnd(pathWidth)}  ${row.values.padEnd(valueWidth)}  ${row.note}`.trimEnd()), '');
  }

  const count = rows.length;
  const hidden = diff.hidden ? `; ${diff.hidden} numeric change${diff.hidden === 1 ? '' : 's'} under ${threshold}% hidden` : '';
  out.push(diff.equal ? `The reports are the same${hidden}.` : `${count} change${count === 1 ? '' : 's'} in ${diff.sections.length} section${diff.sections.length === 1 ? '' : 's'}${hidden}.`);
  return `${out.join('\n')}\n`;
}

/** What makes two reports' figures differ for reasons other than the edit being compared. */
function caveats(a: ReadonlyMap<string, unknown>, b: ReadonlyMap<string, unknown>): string[] {
  const out: string[] = [];
  const differ = (path: string) => a.has(path) && b.has(path) && a.get(path) !== b.get(path);
  if (differ('generatedBy')) out.push(`A is a report of ${String(a.get('generatedBy'))}, B of ${String(b.get('generatedBy'))}: few of their figures compare.`);
  if (differ('campaign.id')) out.push(`A and B are reports of different campaigns (${String(a.get('campaign.id'))} and ${String(b.get('campaign.id'))}).`);
  for (const [name, values] of [['A', a], ['B', b]] as const) {
    if (values.get('partial') === true) out.push(`${name} is partial: its simulation was stopped at ${String(values.get('reached'))}, before the campaign's end.`);
  }
  return out;
}

/** A meta leaf as text, or a dash where that report's meta has none. */
function show(values: ReadonlyMap<string, unknown>, path: string): string {
  if (!values.has(path)) return '—';
  const value = values.get(path);
  return typeof value === 'string' ? value : describeValue(value);
}
