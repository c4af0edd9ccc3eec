import { formatMoney, formatProblem, lintCampaign } from '@carnival/core';
import { defineCommand, EXIT } from '../command.ts';
import { check } from './validate.ts';

const USAGE = `Usage: carnival lint FILE... [--json]

Prices a campaign's worst case per budget: what each mechanic that pays money (boxes with cash
prizes, and pools and lotteries as they land) can pay at most over the whole campaign, against the
budget it draws from. Warns when a prize table can pay more than its budget, when a budget is not
drawn on, and when its sources can never spend it. Budgets hold at run time either way; this says
where they will bite. Validates first, like 'carnival validate'.

Options:
      --json   Print [{ "file", "budgets", "warnings", "problems"? }] instead
  -h, --help   Show this help

Exit status: 0 no warnings, 1 warnings or an invalid definition, 2 a file could not be read or is
not JSON, or the command line is wrong.
`;

export const lint = defineCommand({
  name: 'lint',
  summary: 'Price the worst-case payout per budget',
  usage: USAGE,
  options: { json: { type: 'boolean' } },
  positionals: { name: 'FILE', min: 1, max: Infinity },
  async run({ values, positionals }, io) {
    const checked = await Promise.all(positionals.map((file) => check(file, io)));
    const reports = checked.map(({ report, definition }) => ({ ...report, ...(definition ? { currency: definition.currency, ...lintCampaign(definition) } : {}) }));
    if (values.json) io.stdout(`${JSON.stringify(reports, null, 2)}\n`);
    else {
      for (const report of reports) {
        if (report.error !== undefined) io.stderr(`${report.file}: ${report.error}\n`);
        else if (!report.valid) for (const problem of report.problems) io.stdout(`${report.file}: ${formatProblem(problem)}\n`);
        else {
          const money = (cents: number) => formatMoney(cents, report.currency!);
          for (const budget of report.budgets ?? []) {
            const worst = budget.worstCase === null ? 'unbounded but for the budget' : money(budget.worstCase);
            io.stdout(`${report.file}: budget "${budget.id}" ${money(budget.amount)}, worst case ${worst}\n`);
            for (const source of budget.sources) io.stdout(`  ${source.label}: ${source.reckoning}\n`);
          }
          for (const warning of report.warnings ?? []) io.stdout(`${report.file}: warning: ${warning}\n`);
          if (!report.budgets?.length && !report.warnings?.length) io.stdout(`${report.file}: no budgets, nothing pays money\n`);
        }
      }
    }
    if (reports.some((r) => r.error !== undefined)) return EXIT.error;
    return reports.every((r) => r.valid && !r.warnings?.length) ? EXIT.ok : EXIT.invalid;
  },
});
