import { createHash } from 'node:crypto';
import { canonicalDefinition, describeError, ENGINE_VERSION, formatMoney, formatProblem, parseWith, validateCampaign, type CampaignDefinition } from '@carnival/core';
import { Backtest, DEFAULT_NEAR, SIMULATOR_VERSION, type BacktestResult } from '@carnival/sim';
import { z } from 'zod';
import { defineCommand, EXIT, UsageError } from '../command.ts';
import { describeFileError } from '../io.ts';
import { parseJson, readJson } from '../json.ts';
import { checkOutputFile, writeOutput } from '../output.ts';

const USAGE = `Usage: carnival backtest CAMPAIGN CARTS.jsonl [--at INSTANT] [--near CENTS] [--json] [--out FILE]

Settles a file of historical carts under a campaign's pricing and reports what its discounts
would have cost: by source (each rule, coupon, member price, presale, red packets) and by funder
(platform, merchants), in all and per cart; the share of carts reaching each threshold and each
of its steps; how many carts were a small top-up from a threshold's next step, and how those
top-ups spread; totals and the average discount rate.

CARTS.jsonl has one cart per line, each the JSON of a 'carnival quote' CART file (see
'carnival quote --help'). The file is read as it is settled, so millions of carts take the
memory of one. A line that is not JSON, not a cart file or refused by the pricing is counted by
reason, with its line number, and the run goes on.

Options:
      --at INSTANT   Settle every cart at this moment (like 2026-11-11T20:00:00+08:00) instead of
                     its own "at" (or the start of the campaign's last phase); a moment in
                     no phase of the campaign is settled too, with a warning
      --near CENTS   The largest top-up counted as near a threshold's next step (default ${DEFAULT_NEAR}:
                     ¥30, a tenth of a ¥300 cross-store step, about a small item shoppers add)
      --json         Print the report as JSON instead of tables
      --out FILE     Also write the report as JSON to FILE (for 'carnival report diff'); its
                     directory must exist, and is checked before the carts are read
  -h, --help         Show this help

Exit status: 0 every cart settled, 1 the campaign is invalid, some line was refused or the file
has no carts, 2 a file could not be read or is not JSON, FILE could not be written, or the
command line is wrong.
`;

const Instant = z.iso.datetime({ offset: true, error: 'an ISO-8601 date-time with an offset, like 2026-11-11T20:00:00+08:00' });

export const backtest = defineCommand({
  name: 'backtest',
  summary: "Settle a file of historical carts and report what the campaign's discounts cost",
  usage: USAGE,
  options: { at: { type: 'string' }, near: { type: 'string' }, json: { type: 'boolean' }, out: { type: 'string' } },
  positionals: { name: 'CAMPAIGN', min: 0, max: 2 },
  async run({ values, positionals }, io) {
    const [campaignFile, cartsFile] = positionals;
    if (campaignFile === undefined || cartsFile === undefined) throw new UsageError(campaignFile === undefined ? 'missing CAMPAIGN and CARTS' : 'missing CARTS');
    const at = values.at === undefined ? undefined : atOption(values.at);
    const near = values.near === undefined ? DEFAULT_NEAR : nearOption(values.near);

    const read = await readJson(campaignFile, io);
    if (!read.ok) {
      io.stderr(`${campaignFile}: ${read.error}\n`);
      return EXIT.error;
    }
    const campaign = validateCampaign(read.value);
    if (!campaign.ok) {
      for (const problem of campaign.problems) io.stderr(`${campaignFile}: ${formatProblem(problem)}\n`);
      return EXIT.invalid;
    }
    const definition = campaign.value;
    if (!definition.pricing) {
      io.stderr(`${campaignFile}: ${describeError({ code: 'PRICING_NOT_DEFINED', campaignId: definition.id })}\n`);
      return EXIT.invalid;
    }

    if (values.out !== undefined) await checkOutputFile(io, '--out', values.out);
    if (at !== undefined && !definition.phases.some((p) => Date.parse(p.start) <= Date.parse(at) && Date.parse(at) < Date.parse(p.end))) {
      // Not an error (a baseline without the festival's rules is a fair question), but rarely meant.
      const first = definition.phases.reduce((a, b) => (Date.parse(b.start) < Date.parse(a.start) ? b : a));
      const last = definition.phases.reduce((a, b) => (Date.parse(b.end) > Date.parse(a.end) ? b : a));
      const [from, to] = [first.start, last.end];
      io.stderr(`carnival backtest: warning: --at ${at} is in no phase of the campaign (${from} to ${to}): rules limited to phases are not in effect\n`);
    }

    const run = new Backtest(definition, { at, near });
    let lineNumber = 0;
    try {
      for await (const text of io.readLines(cartsFile)) {
        lineNumber++;
        if (text.trim() === '') continue;
        // Exported lines, millions of them: a key written twice is taken as JSON.parse takes it.
        const parsed = parseJson(text, { repeatedKeys: 'last wins' });
        if (parsed.ok) run.add(parsed.value, lineNumber);
        else run.unreadable(lineNumber, `invalid JSON at column ${parsed.error.column}: ${parsed.error.message}`);
      }
    } catch (error) {
      const where = lineNumber === 0 ? '' : ` after line ${lineNumber}`;
      io.stderr(`${cartsFile}: cannot read${where}: ${describeFileError(error)}\n`);
      return EXIT.error;
    }

    const result = run.result();
    const report = { meta: provenance(definition, campaignFile, cartsFile), ...result };
    const json = `${JSON.stringify(report, null, 2)}\n`;
    if (values.out !== undefined) await writeOutput(io, '--out', values.out, json);
    io.stdout(values.json ? json : tables(definition, cartsFile, result));
    if (result.carts.refused > 0) {
      io.stderr(`${cartsFile}: ${result.carts.refused} of ${result.carts.read} carts refused; the first for each reason:\n`);
      for (const refusal of result.refused) io.stderr(`  ${refusal.example}\n`);
      return EXIT.invalid;
    }
    if (result.carts.read === 0) {
      // An export that wrote nothing is the likelier story than a history of no carts.
      io.stderr(`${cartsFile}: no carts: the file is empty or has only blank lines\n`);
      return EXIT.invalid;
    }
    return EXIT.ok;
  },
});

function atOption(text: string): string {
  const parsed = parseWith(Instant, text);
  if (!parsed.ok) throw new UsageError(`--at: expected ${parsed.problems[0]!.expected}, got ${JSON.stringify(text)}`);
  return parsed.value;
}

function nearOption(text: string): number {
  const cents = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(cents)) throw new UsageError(`--near: expected integer cents, 0 or more (3000 is ¥30), got ${JSON.stringify(text)}`);
  return cents;
}

/** What produced the report, so `carnival report diff` can say why two reports differ. */
function provenance(definition: CampaignDefinition, campaignFile: string, cartsFile: string) {
  return {
    generatedBy: 'carnival backtest',
    // The definition's hash as `carnival simulate` names it, so the two reports of one campaign agree.
    campaign: { id: definition.id, file: campaignFile, sha256: createHash('sha256').update(canonicalDefinition(definition)).digest('hex') },
    simulator: SIMULATOR_VERSION,
    engine: ENGINE_VERSION,
    carts: cartsFile,
  };
}

// The tables -------------------------------------------------------------------------------------

const percent = (share: number) => `${(share * 100).toFixed(2)}%`;

/** Rows of cells as text: the first column left-aligned, the others right-aligned. */
function columns(rows: readonly (readonly string[])[]): string[] {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]?.length ?? 0)));
  return rows.map((row) => row.map((cell, column) => (column === 0 ? cell.padEnd(widths[0]!) : cell.padStart(widths[column]!))).join('  ').trimEnd());
}

function tables(definition: CampaignDefinition, cartsFile: string, r: BacktestResult): string {
  const money = (cents: number) => formatMoney(cents, r.currency);
  const moment = r.at ?? "each cart's own moment (or the start of the last phase)";
  const out: string[] = [
    `Backtest: ${definition.name}`,
    `${cartsFile}: ${r.carts.read} carts read, ${r.carts.settled} settled, ${r.carts.refused} refused · at ${moment}`,
    '',
  ];
  const t = r.totals;
  out.push(
    ...columns([
      ['Totals', 'all carts', 'per cart'],
      ['  list', money(t.list), money(r.perCart.list)],
      ['  discounts', money(t.discount), money(r.perCart.discount)],
      ['    funded by the platform', money(t.platform), money(r.perCart.platform)],
      ['    funded by the merchants', money(t.merchant), money(r.perCart.merchant)],
      ['  fees', money(t.fees), ''],
      ['  payable', money(t.payable), money(r.perCart.payable)],
      ['  presale deposits', money(t.deposit), ''],
      ['  average discount rate', percent(t.discountRate), ''],
    ]),
    '',
  );

  out.push(
    ...columns([
      ['Discounts by source', 'kind', 'carts', 'cost', 'platform', 'merchants', 'per cart'],
      ...r.sources.map((s) => [`  ${s.id}`, s.kind, String(s.carts), money(s.amount), money(s.platform), money(s.merchant), money(s.perCart)]),
      ['  all sources', '', '', money(t.discount), money(t.platform), money(t.merchant), money(r.perCart.discount)],
    ]),
    '',
  );

  const thresholdRows: string[][] = [['Thresholds', 'eligible', 'reached', 'of carts', 'of eligible', `within ${money(r.near)}`]];
  for (const threshold of r.thresholds) {
    thresholdRows.push([`  ${threshold.id}`, String(threshold.eligible), String(threshold.reached), percent(threshold.share), percent(threshold.shareOfEligible), String(threshold.near)]);
    // A repeating threshold's later steps are all empty once one is: show up to the first empty one.
    const shown = threshold.steps.findIndex((step) => step.carts === 0);
    for (const step of threshold.steps.slice(0, shown === -1 ? undefined : shown + 1)) {
      thresholdRows.push([`    ≥ ${money(step.min)} (${money(step.off)} off)`, '', String(step.carts), percent(step.share), '', '']);
    }
  }
  out.push(...columns(thresholdRows), '');

  const nearMisses = r.nearMisses;
  out.push(`Carts within ${money(r.near)} of a threshold's next step: ${nearMisses.carts} (${percent(nearMisses.share)})`);
  if (nearMisses.carts > 0) {
    const most = Math.max(...nearMisses.buckets.map((b) => b.carts));
    const rows = columns(nearMisses.buckets.map((b) => [`  ${money(b.from + 1)} to ${money(b.to)}`, String(b.carts)]));
    rows.forEach((row, i) => out.push(`${row}  ${'#'.repeat(Math.ceil((30 * nearMisses.buckets[i]!.carts) / most))}`.trimEnd()));
  }

  if (r.refused.length > 0) {
    out.push('', 'Refused lines');
    for (const refusal of r.refused) {
      out.push(`  ${refusal.count} × ${refusal.reason}`, `      lines ${refusal.lines.join(', ')}${refusal.count > refusal.lines.length ? ', …' : ''}`, `      ${refusal.example}`);
    }
  }
  return `${out.join('\n')}\n`;
}
