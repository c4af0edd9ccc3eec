import { existsSync } from 'node:fs';
import { formatMoney, pricingRules, settlementReport, type SettlementReport } from '@carnival/core';
import { NotACarnivalDatabase, openSqliteStore } from '@carnival/store-sqlite';
import { defineCommand, EXIT, UsageError } from '../command.ts';

const USAGE = `Usage: carnival settlement-report CAMPAIGN_ID [--db FILE] [--json]

Sums what the platform and each store's merchant funded in discounts on the campaign's paid
orders, net of refunds: what marketplace accounting settles with merchants. Reads the server's
SQLite database, and only reads it (safe while the server runs).

Options:
      --db FILE   The database (default: $CARNIVAL_DB, else data/carnival.db)
      --json      Print the report as JSON
  -h, --help      Show this help

Exit status: 0 reported, 1 no such campaign or it has no pricing, 2 the database is missing, is
not a Carnival database of this version, or the command line is wrong.
`;

export const settlementReportCommand = defineCommand({
  name: 'settlement-report',
  summary: 'Sum what the platform and each merchant funded on paid orders',
  usage: USAGE,
  options: { db: { type: 'string' }, json: { type: 'boolean' } },
  positionals: { name: 'CAMPAIGN_ID', min: 1, max: 1 },
  async run({ values, positionals }, io) {
    const path = values.db ?? process.env.CARNIVAL_DB ?? 'data/carnival.db';
    if (!existsSync(path)) throw new UsageError(`no database at ${path} (start the server once, or pass --db)`);
    const campaignId = positionals[0]!;
    // Read only: the server that owns the file migrates it, and a mistaken --db is left as it was.
    const store = openStore(path);
    try {
      const campaign = await store.campaign(campaignId);
      if (!campaign) {
        io.stderr(`There is no campaign "${campaignId}" in ${path}.\n`);
        return EXIT.invalid;
      }
      const rules = pricingRules(campaign);
      if (!rules) {
        io.stderr(`Campaign "${campaignId}" has no pricing section.\n`);
        return EXIT.invalid;
      }
      const report = await store.read(campaignId, (view) => settlementReport(view, rules));
      io.stdout(values.json ? `${JSON.stringify(report, null, 2)}\n` : table(report));
      return EXIT.ok;
    } finally {
      await store.close();
    }
  },
});

function openStore(path: string) {
  try {
    return openSqliteStore({ path, readonly: true });
  } catch (error) {
    if (error instanceof NotACarnivalDatabase) throw new UsageError(error.message);
    throw error;
  }
}

function table(report: SettlementReport): string {
  const money = (cents: number) => formatMoney(cents, report.currency);
  const rows = [
    ['store', 'platform', 'merchant', 'total'],
    ...report.stores.map((s) => [`${s.name} [${s.store}]`, money(s.platform), money(s.merchant), money(s.total)]),
    ['all stores', money(report.totals.platform), money(report.totals.merchant), money(report.totals.total)],
  ];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  const line = (row: string[]) => row.map((cell, column) => (column === 0 ? cell.padEnd(widths[0]!) : cell.padStart(widths[column]!))).join('  ');
  return `Discounts funded on paid orders of ${report.campaignId}, net of refunds\n\n${rows.map(line).join('\n')}\n`;
}
