import { renderPage, type Block, type PageSection } from './html/page.ts';
import { barChart, formatInstant, formatNumber, formatPercent, funnelChart, groupedBars, histogram, lineChart, moneyFormat } from './html/svg.ts';
import type { Estimate } from './stats.ts';
import type { PlayerMetrics, Report } from './report.ts';

/**
 * The report as one self-contained HTML page: the same sections as report.json, each with its
 * chart and the figures behind it. A function of the report alone, so the same report gives
 * the same page.
 */
export function renderReport(report: Report): string {
  const { meta } = report;
  const money = moneyFormat(meta.currency);
  const compactMoney = moneyFormat(meta.currency, { compact: true });
  const count = (n: number) => formatNumber(n, 0);
  const when = (at: string) => formatInstant(Date.parse(at), meta.timezone);
  const estimate = (e: Estimate, format: (n: number) => string = (n) => formatNumber(n)) => {
    if (e.n === 0) return 'no players';
    return e.low === null || e.high === null ? `${format(e.value)} (too few for an interval)` : `${format(e.value)} (${format(e.low)} – ${format(e.high)})`;
  };
  // A difference whose interval leaves out 0 is marked: the variant differs from the control.
  const difference = (e: Estimate, format: (n: number) => string = (n) => formatNumber(n)) => {
    const signed = (n: number) => (n > 0 ? `+${format(n)}` : format(n));
    if (e.low === null || e.high === null) return `${signed(e.value)} (too few for an interval)`;
    return `${signed(e.value)} (${signed(e.low)} – ${signed(e.high)})${e.low > 0 || e.high < 0 ? ' *' : ''}`;
  };

  const sections: PageSection[] = [
    {
      id: 'summary',
      title: 'Summary',
      intro: meta.partial ? `The run was stopped at ${when(meta.reached)}: the figures cover the campaign up to then.` : undefined,
      blocks: [
        {
          kind: 'figures',
          items: [
            { label: 'Commands', value: count(report.totals.commands), note: `${count(report.totals.rejected)} refused, ${count(report.totals.replayed)} replays` },
            { label: 'Active players', value: count(report.totals.activePlayers), note: `of ${count(meta.players)}` },
            { label: 'Cash paid', value: money(report.payouts.cash.reduce((sum, p) => sum + p.amount, 0)) },
            { label: 'Candy minted', value: count(report.payouts.candy.reduce((sum, p) => sum + p.amount, 0)) },
            { label: 'Orders', value: count(report.settlement.orders), note: `discount rate ${formatPercent(report.settlement.discountRate, 2)}` },
          ],
        },
        {
          kind: 'table',
          columns: ['Invariant', 'Holds', 'Detail'],
          rows: report.invariants.map((i) => [i.name, i.holds ? 'yes' : 'NO', i.detail]),
          prose: [2],
        },
      ],
    },
    {
      id: 'budgets',
      title: 'Budget burn',
      intro: 'Spent and held per budget over simulated time, as a share of each budget (budgets of very different sizes side by side); a dashed line marks the moment a budget ran out.',
      blocks: [
        {
          kind: 'chart',
          svg: lineChart({
            title: 'Budget used (spent and held), share of the budget',
            xLabel: `Time (${meta.timezone})`,
            yLabel: 'Share of the budget',
            xTimeZone: meta.timezone,
            yFormat: (share) => formatPercent(share),
            series: report.budgets.map((b) => ({ name: b.id, points: b.burn.map(([at, used]) => [Date.parse(at), used / b.amount] as const) })),
            markers: report.budgets.filter((b) => b.exhaustedAt).map((b) => ({ x: Date.parse(b.exhaustedAt!), label: `${b.id} exhausted` })),
          }),
        },
        {
          kind: 'table',
          columns: ['Budget', 'Amount', 'Spent', 'Held', 'Left', 'Exhausted at'],
          rows: report.budgets.map((b) => [b.id, money(b.amount), money(b.spent), money(b.reserved), money(b.left), b.exhaustedAt ? when(b.exhaustedAt) : 'never']),
        },
      ],
    },
    {
      id: 'payouts',
      title: 'Payouts by mechanic',
      blocks: [
        { kind: 'chart', svg: barChart({ title: 'Cash paid from budgets', bars: report.payouts.cash.map((p) => ({ label: p.mechanic, value: p.amount })), valueFormat: money }) },
        { kind: 'chart', svg: barChart({ title: 'Candy minted', bars: report.payouts.candy.map((p) => ({ label: p.mechanic, value: p.amount })), valueFormat: count }) },
      ],
    },
    {
      id: 'candy',
      title: 'Candy distribution',
      intro: `Candy held by each simulated player at the end (fake accounts are counted under Segments). Gini ${formatNumber(report.candy.gini, 3)}; the top 1% hold ${formatPercent(report.candy.top1Share)}.`,
      blocks: [
        { kind: 'chart', svg: histogram({ title: 'Candy held per player', bins: report.candy.histogram, xLabel: 'Candy', yLabel: 'Players', xFormat: count }) },
        distributionTable(report.candy, count),
      ],
    },
    {
      id: 'pools',
      title: 'Pooled red packets',
      blocks: report.pools.flatMap((pool): Block[] => [
        {
          kind: 'text',
          text:
            `${pool.id}: ${money(pool.paid)} paid to ${count(pool.players)} accounts from budget ${pool.budget}; Gini ${formatNumber(pool.payouts.gini, 3)}.` +
            (pool.toFakeAccounts.players ? ` Of it, ${money(pool.toFakeAccounts.paid)} (${formatPercent(pool.paid ? pool.toFakeAccounts.paid / pool.paid : 0)}) went to ${count(pool.toFakeAccounts.players)} fake accounts.` : ''),
        },
        { kind: 'chart', svg: histogram({ title: `${pool.id}: payout per player`, bins: pool.payouts.histogram, xLabel: meta.currency, yLabel: 'Players', xFormat: compactMoney }) },
      ]),
    },
    {
      id: 'lotteries',
      title: 'Lotteries',
      blocks: [
        {
          kind: 'table',
          columns: ['Lottery', 'Tickets', 'Holders', 'Winners', 'Win rate per holder', 'Win rate per ticket', 'Cash paid'],
          rows: report.lotteries.map((l) => [l.id, l.tickets, l.holders, l.winners, formatPercent(l.winRatePerHolder, 3), formatPercent(l.winRatePerTicket, 3), money(l.paid)]),
        },
        ...report.lotteries.map((l): Block => ({ kind: 'chart', svg: histogram({ title: `${l.id}: tickets per holder`, bins: l.ticketsPerHolder.histogram, xLabel: 'Tickets', yLabel: 'Players', xFormat: count }) })),
      ],
    },
    {
      id: 'invitations',
      title: 'Invitations',
      intro: `${count(report.invitations.sent)} invitations, ${count(report.invitations.assists)} assists between players${report.invitations.fakeAssists ? ` and ${count(report.invitations.fakeAssists)} by fake accounts` : ''}; ${count(report.invitations.trees)} trees of first assists reach ${count(report.invitations.playersInTrees)} players, ${report.invitations.maxDepth} levels deep at most.`,
      blocks: [
        { kind: 'chart', svg: barChart({ title: 'Players by depth in an invitation tree', bars: report.invitations.depth.map((d) => ({ label: `depth ${d.depth}`, value: d.players })), valueFormat: count }) },
        { kind: 'chart', svg: histogram({ title: 'Fan-out: friends brought in per inviter', bins: report.invitations.fanOut.histogram, xLabel: 'Friends', yLabel: 'Inviters', xFormat: count }) },
      ],
    },
    {
      id: 'tasks',
      title: 'Task funnel by day',
      blocks: [
        {
          kind: 'chart',
          svg: funnelChart({
            title: 'Players per day',
            stages: ['Visited', 'Completed a task', 'Completed three', 'Opened a box', 'Ordered'],
            rows: report.tasks.funnel.map((f) => ({ label: f.day, counts: [f.visited, f.completedATask, f.completedThree, f.openedABox, f.ordered] })),
            valueFormat: count,
          }),
        },
        { kind: 'chart', svg: barChart({ title: 'Completions by task', bars: report.tasks.completions.map((t) => ({ label: t.task, value: t.total })), valueFormat: count }) },
      ],
    },
    {
      id: 'settlement',
      title: 'Settlement',
      intro: `${count(report.settlement.orders)} orders worth ${money(report.settlement.list)} at list price paid ${money(report.settlement.payable)}: ${formatPercent(report.settlement.discountRate, 2)} off, ${money(report.settlement.platform)} of it funded by the platform and ${money(report.settlement.merchant)} by the merchants. ${count(report.settlement.toppedUp.carts)} carts (${formatPercent(report.settlement.toppedUp.share)}) were topped up to reach a threshold, by ${money(report.settlement.toppedUp.added.median)} at the median.`,
      blocks: [
        {
          kind: 'table',
          columns: ['Discount source', 'Kind', 'Orders', 'Cost', 'Platform', 'Merchants', 'Per order'],
          rows: report.settlement.sources.map((s) => [s.id, s.kind, s.carts, money(s.amount), money(s.platform), money(s.merchant), money(s.perCart)]),
        },
        { kind: 'chart', svg: barChart({ title: 'Share of carts reaching each threshold', bars: report.settlement.thresholds.map((t) => ({ label: t.id, value: t.share })), valueFormat: (v) => formatPercent(v) }) },
        { kind: 'chart', svg: histogram({ title: 'Top-ups: what shoppers added to reach a threshold', bins: report.settlement.toppedUp.added.histogram, xLabel: meta.currency, yLabel: 'Carts', xFormat: compactMoney }) },
      ],
    },
    {
      id: 'rejections',
      title: 'Refused actions',
      intro: 'Every refusal by its error code and the segment that met it: adversaries show up here as caps doing their job.',
      blocks: [
        { kind: 'chart', svg: barChart({ title: 'Refusals by code', bars: report.rejections.map((r) => ({ label: r.code, value: r.count })), valueFormat: count }) },
        { kind: 'table', columns: ['Code', 'Refusals', 'By segment'], rows: report.rejections.map((r) => [r.code, r.count, r.bySegment.map((s) => `${s.segment} ${count(s.count)}`).join(', ')]), prose: [2] },
      ],
    },
    {
      id: 'segments',
      title: 'Segments',
      intro: 'Means per player with 95% confidence intervals. Fake accounts are those a segment\'s adversaries made, with what they got: abuse the caps did not stop shows here.',
      blocks: [
        {
          kind: 'table',
          columns: ['Segment', 'Players', 'Active', 'Candy earned per player', 'Orders per player', 'Cash won per player', 'Refused', 'Fake accounts', 'Their candy', 'Their cash'],
          rows: report.segments.map((s) => [
            s.id,
            s.players,
            s.activePlayers,
            estimate(s.candyEarned),
            estimate(s.orders),
            estimate(s.cash, money),
            s.rejected,
            s.fakeAccounts.accounts,
            count(s.fakeAccounts.candy),
            money(s.fakeAccounts.cash),
          ]),
        },
      ],
    },
    {
      id: 'experiments',
      title: 'Experiments',
      intro: report.experiments.length ? 'Each variant\'s players side by side: means per player with 95% confidence intervals.' : 'The campaign runs no experiments.',
      blocks: report.experiments.flatMap((experiment): Block[] => [
        {
          kind: 'chart',
          svg: groupedBars({
            title: `${experiment.id}: candy earned per player`,
            groups: [{ label: 'candy earned', values: experiment.variants.map((v) => ({ series: v.id, value: v.candyEarned.value, low: v.candyEarned.low ?? undefined, high: v.candyEarned.high ?? undefined })) }],
          }),
        },
        {
          kind: 'table',
          columns: ['Variant', 'Players', ...METRIC_COLUMNS],
          rows: experiment.variants.map((v) => [v.id, v.players, ...metricCells(v, estimate, money)]),
        },
        ...(experiment.variants.length > 1
          ? [
              { kind: 'text', text: `Differences from ${experiment.variants[0]!.id}, the experiment's first variant: each mean minus its mean, with Welch's 95% interval; * marks an interval that leaves out 0.` } as const,
              {
                kind: 'table',
                columns: ['Variant', 'Players', ...METRIC_COLUMNS],
                rows: experiment.variants.slice(1).map((v) => [
                  `${v.id} − ${experiment.variants[0]!.id}`,
                  v.players,
                  ...(v.vsControl ? metricCells(v.vsControl, difference, money) : METRIC_COLUMNS.map(() => (v.players === 0 ? 'no players' : 'no control players'))),
                ]),
              } as const,
            ]
          : []),
      ]),
    },
  ];

  return renderPage({
    title: `Simulation of ${meta.campaign.name}`,
    subtitle: `${count(meta.players)} players of population ${meta.population.name}, ${when(meta.from)} to ${when(meta.reached)}${meta.partial ? ' (stopped early)' : ''}`,
    meta: [
      ['Campaign', `${meta.campaign.id} v${meta.campaign.version}`],
      ['Seed', meta.seed],
      ['Players', count(meta.players)],
      ['Simulator', meta.simulator],
      ['Engine', meta.engine],
      ['Definition SHA-256', meta.campaign.sha256.slice(0, 16)],
      ['Population SHA-256', meta.population.sha256.slice(0, 16)],
    ],
    sections,
  });
}

const METRIC_COLUMNS = ['Candy earned', 'Tasks completed', 'Visits', 'Orders', 'Ordered (share)', 'Paid per player', 'Discount per player', 'Cash won per player', 'Refused per player'];

/** A group's metrics as table cells, in `METRIC_COLUMNS` order, each written by `cell` in its unit. */
function metricCells(m: PlayerMetrics, cell: (e: Estimate, format?: (n: number) => string) => string, money: (n: number) => string): string[] {
  return [
    cell(m.candyEarned),
    cell(m.tasksCompleted),
    cell(m.visits),
    cell(m.orders),
    cell(m.conversion, (n) => formatPercent(n, 2)),
    cell(m.payable, money),
    cell(m.discount, money),
    cell(m.cash, money),
    cell(m.refused),
  ];
}

function distributionTable(d: Report['candy'], format: (n: number) => string): Block {
  return {
    kind: 'table',
    columns: ['Holders', 'Total', 'Mean', 'Median', '90th percentile', '99th percentile', 'Max', 'Gini', 'Top 1% share'],
    rows: [[d.count, format(d.total), formatNumber(d.mean), format(d.median), format(d.p90), format(d.p99), format(d.max), formatNumber(d.gini, 3), formatPercent(d.top1Share)]],
  };
}
