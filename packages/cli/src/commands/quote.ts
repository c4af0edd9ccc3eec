import {
  CatalogItem,
  MAX_CATALOG_ITEMS,
  compileCampaign,
  CouponChoice,
  describeError,
  formatMoney,
  formatProblem,
  parseWith,
  pricingRules,
  settleCart,
  validateCampaign,
  type CampaignDefinition,
  type LineDiscount,
  type Problem,
  type Quote,
  type Validated,
} from '@carnival/core';
import { cartRequest, cartShopper, CartFile, defaultMoment, unknownCoupons } from '@carnival/sim';
import { z } from 'zod';
import { defineCommand, EXIT, UsageError } from '../command.ts';
import type { Io } from '../io.ts';
import { readJson, type ReadJson } from '../json.ts';

const USAGE = `Usage: carnival quote CAMPAIGN CART [--coupons best|none|ID,ID...] [--catalog FILE] [--json]

Settles a cart under a campaign's pricing and prints the receipt: each store's sub-order line by
line (list price, every discount by its source, net, presale deposit), fees, the sub-order total
and who funds its discounts; then every rule's verdict, the coupons used, the total payable
(deposit now and balance later for presale items) and what to add to reach the next threshold.

CART is a JSON file:
  {
    "cart": { "lines": [{ "sku", "store", "unitPrice", "quantity", "category"?, "tags"? }],
              "fees"?: [{ "store", "kind": "shipping" | "service", "amount" }] },
    "coupons"?: "best" | ["instance id", ...],
    "player"?: { "tier"?, "coupons"?: [{ "id", "couponId" }], "memberDiscountUsed"?, "redPackets"? },
    "at"?: "2026-11-11T20:00:00+08:00",
    "useMemberDiscount"?: false, "useRedPackets"?: true
  }
Amounts are integer cents. "at" defaults to the start of the campaign's last phase.

Options:
      --coupons CHOICE   Which of the player's coupon instances to use, overriding the cart file:
                         'best' (the default: the combination that pays least), 'none', or
                         instance ids separated by commas
      --catalog FILE     Candidate items for top-up suggestions (凑单): a JSON list of
                         { "sku", "store", "unitPrice", "category"?, "tags"? }; the best hints
                         then name the cheapest items that reach their next step
      --json             Print the quote as JSON instead of the receipt
  -h, --help             Show this help

Exit status: 0 quoted, 1 the campaign or cart is invalid or the quote is refused (a coupon not
owned, two coupons of one stacking group, a line in an unknown store), 2 a file could not be read
or is not JSON, or the command line is wrong.
`;

/** A catalog file: the candidate items top-up suggestions choose from. */
const Catalog = z.array(CatalogItem, { error: 'a list of catalog items' }).max(MAX_CATALOG_ITEMS, { error: `at most ${MAX_CATALOG_ITEMS} catalog items` });

export const quote = defineCommand({
  name: 'quote',
  summary: 'Settle a cart under a campaign and print the receipt',
  usage: USAGE,
  options: { coupons: { type: 'string' }, catalog: { type: 'string' }, json: { type: 'boolean' } },
  positionals: { name: 'CAMPAIGN', min: 0, max: 2 },
  async run({ values, positionals }, io) {
    const [campaignFile, cartFile] = positionals;
    if (campaignFile === undefined || cartFile === undefined) throw new UsageError(campaignFile === undefined ? 'missing CAMPAIGN and CART' : 'missing CART');
    const coupons = values.coupons === undefined ? undefined : couponOption(values.coupons);

    const catalogFile = values.catalog;
    const [campaignJson, cartJson, catalogJson] = await Promise.all([
      readJson(campaignFile, io),
      readJson(cartFile, io),
      catalogFile === undefined ? undefined : readJson(catalogFile, io),
    ]);
    const reads = [[campaignFile, campaignJson], [cartFile, cartJson], [catalogFile, catalogJson]] as const;
    if (reads.some(([, read]) => read?.ok === false)) {
      for (const [file, read] of reads) if (read?.ok === false) io.stderr(`${file}: ${read.error}\n`);
      return EXIT.error;
    }
    const campaign = validateCampaign(campaignJson.ok ? campaignJson.value : undefined);
    const input = parseWith(CartFile, cartJson.ok ? cartJson.value : undefined);
    const catalog = catalogJson?.ok ? parseWith(Catalog, catalogJson.value) : undefined;
    const problemsOf = (read: ReadJson | undefined, parsed: Validated<unknown> | undefined): Problem[] => [...(read?.ok ? read.repeated : []), ...(parsed?.ok === false ? parsed.problems : [])];
    const problems = [[campaignFile, problemsOf(campaignJson, campaign)], [cartFile, problemsOf(cartJson, input)], [catalogFile, problemsOf(catalogJson, catalog)]] as const;
    if (!campaign.ok || !input.ok || catalog?.ok === false || problems.some(([, list]) => list.length)) {
      for (const [file, list] of problems) if (list.length) reportProblems(file!, list, io);
      return EXIT.invalid;
    }
    const definition = campaign.value;
    const file = input.value;
    const rules = pricingRules(compileCampaign(definition, 1, 'cli'));
    if (!rules) {
      io.stderr(`${campaignFile}: ${describeError({ code: 'PRICING_NOT_DEFINED', campaignId: definition.id })}\n`);
      return EXIT.invalid;
    }
    const unknown = unknownCoupons(file, definition);
    if (unknown.length) {
      reportProblems(cartFile, unknown, io);
      return EXIT.invalid;
    }

    const at = file.at ?? defaultMoment(definition);
    const request = { ...cartRequest(file, coupons), ...(catalog?.ok ? { catalog: catalog.value } : {}) };
    const result = settleCart(rules, request, cartShopper(file), Date.parse(at));
    if (!result.ok) {
      io.stderr(`${cartFile}: ${describeError(result.error)}\n`);
      return EXIT.invalid;
    }
    io.stdout(values.json ? `${JSON.stringify(result.value, null, 2)}\n` : receipt(definition, file, at, result.value));
    return EXIT.ok;
  },
});

/** `--coupons best`, `--coupons none`, `--coupons c1,c2`. */
function couponOption(text: string): 'best' | string[] {
  if (text === 'best') return 'best';
  const ids = text === 'none' ? [] : text.split(',').map((part) => part.trim());
  const parsed = parseWith(CouponChoice, ids);
  if (!parsed.ok || ids.some((part) => part === '')) {
    throw new UsageError(`--coupons: expected 'best', 'none' or coupon instance ids separated by commas, got ${JSON.stringify(text)}`);
  }
  return ids;
}

function reportProblems(file: string, problems: readonly Problem[], io: Io): void {
  for (const problem of problems) io.stderr(`${file}: ${formatProblem(problem)}\n`);
}

// The receipt ------------------------------------------------------------------------------------

/** A receipt row: a heading or text as it is, or a label with an amount aligned on the right. */
type Row = string | { label: string; amount: string };

const KIND_WORDS: Record<LineDiscount['kind'], string> = {
  'item-cut': 'item cut',
  'member-price': 'member price',
  presale: 'presale',
  threshold: 'threshold',
  coupon: 'coupon',
  'member-discount': 'member discount',
  'red-packets': 'red packets',
};

function receipt(definition: CampaignDefinition, file: CartFile, at: string, q: Quote): string {
  const money = (cents: number) => formatMoney(cents, q.currency);
  const pricing = definition.pricing!;
  const couponOf = new Map((file.player?.coupons ?? []).map((c) => [c.id, c.couponId]));
  const thresholdKind = new Map(pricing.thresholds.map((t) => [t.id, t.kind]));
  const couponKind = new Map(pricing.coupons.map((c) => [c.id, c.kind]));
  const source = (d: LineDiscount) => {
    if (d.kind === 'threshold') return `${thresholdKind.get(d.source) ?? ''} threshold ${d.source}`.trim();
    if (d.kind === 'coupon') return `${couponKind.get(d.source) ?? ''} coupon ${d.source}${d.coupon ? ` [${d.coupon}]` : ''}`.trim();
    if (d.kind === 'red-packets') return KIND_WORDS[d.kind];
    return `${KIND_WORDS[d.kind]} ${d.source}`;
  };

  const rows: Row[] = [`Quote: ${definition.name}`, `At ${at} · ${q.thresholdMode} thresholds · ${q.currency}`];
  for (const sub of q.stores) {
    rows.push('', `${sub.name} [${sub.store}]`);
    for (const line of q.lines.filter((l) => l.store === sub.store)) {
      rows.push({ label: `  ${line.id}  ${line.sku}  ${line.quantity} × ${money(line.unitPrice)}`, amount: money(line.list) });
      for (const d of line.discounts) rows.push({ label: `        ${source(d)}`, amount: money(-d.amount) });
      rows.push({ label: '        net', amount: money(line.net) });
      if (line.deposit > 0) {
        rows.push({ label: '          deposit (now)', amount: money(line.deposit) }, { label: '          balance (later)', amount: money(line.net - line.deposit) });
      }
    }
    for (const fee of (file.cart.fees ?? []).filter((f) => f.store === sub.store)) rows.push({ label: `  ${fee.kind}`, amount: money(fee.amount) });
    rows.push({ label: '  sub-order total', amount: money(sub.total) });
    if (sub.deposit > 0) rows.push({ label: '    deposit (now)', amount: money(sub.deposit) }, { label: '    balance (later)', amount: money(sub.total - sub.deposit) });
    if (sub.discount > 0) rows.push(`  discounts ${money(sub.discount)}, funded by the platform ${money(sub.funding.platform)}, the merchant ${money(sub.funding.merchant)}`);
  }

  rows.push('', 'Rules');
  const width = Math.max(...q.rules.map((r) => r.status.length));
  for (const rule of q.rules) rows.push(`  ${rule.status.padEnd(width)}  ${rule.explanation}`);

  rows.push('', 'Coupons used');
  if (q.coupons.length === 0) rows.push('  none');
  for (const instance of q.coupons) {
    const report = q.rules.find((r) => r.coupon === instance);
    rows.push(`  ${instance}  ${couponOf.get(instance) ?? ''}${report ? `  ${report.title}` : ''}`);
  }

  rows.push(
    '',
    'Total',
    { label: '  list', amount: money(q.list) },
    { label: '  discounts', amount: money(-q.discount) },
    { label: '  fees', amount: money(q.fees) },
    { label: '  payable', amount: money(q.payable) },
  );
  if (q.deposit > 0) rows.push({ label: '    deposit (now)', amount: money(q.deposit) }, { label: '    balance (later)', amount: money(q.payable - q.deposit) });
  rows.push(`  discounts funded by the platform ${money(q.funding.platform)}, the merchants ${money(q.funding.merchant)}`);

  rows.push('', 'To save more');
  if (q.hints.length === 0) rows.push('  nothing within reach');
  for (const hint of q.hints) {
    rows.push(`  ${hint.explanation}`);
    if (hint.suggestion) {
      const items = hint.suggestion.items.map((item) => `${item.sku} [${item.store}] ${money(item.unitPrice)}`).join(' + ');
      rows.push(`    cheapest from the catalog: ${items} (adds ${money(hint.suggestion.adds)})`);
    } else if (hint.suggestion === null) rows.push('    nothing in the catalog reaches it');
  }
  return render(rows);
}

/** Rows as text, every amount right-aligned in one column. */
function render(rows: readonly Row[]): string {
  const pairs = rows.filter((row) => typeof row !== 'string');
  const labelWidth = Math.max(0, ...pairs.map((row) => row.label.length));
  const amountWidth = Math.max(0, ...pairs.map((row) => row.amount.length));
  return rows.map((row) => (typeof row === 'string' ? row : `${row.label.padEnd(labelWidth)}  ${row.amount.padStart(amountWidth)}`).trimEnd()).join('\n') + '\n';
}
