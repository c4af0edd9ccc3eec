import type { z } from 'zod';
import { CampaignDefinition, type BoxRewardDefinition, type VariantDefinition } from './definition.ts';
import { MAX_EXPERIMENT_WEIGHT, resolveOverride, totalWeight, withOverrides, type OverrideTarget, type Step } from './experiments.ts';
import { DEFAULT_ORDER, type PricingDefinition } from './settlement/pricing.ts';

/** One thing wrong with an input, said so a designer can fix it without reading the schema. */
export interface Problem {
  /** Where, as a JSON path: `tasks[3].reward.candy`. Empty for the document itself. */
  path: string;
  expected: string;
  got: string;
}

export type Validated<T> = { ok: true; value: T } | { ok: false; problems: Problem[] };

/** `tasks[3].reward.candy: expected a positive integer, got -5` */
export function formatProblem(problem: Problem): string {
  return `${problem.path || '(document)'}: expected ${problem.expected}, got ${problem.got}`;
}

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else if (typeof part === 'string' && /^[A-Za-z_$][\w$]*$/.test(part)) out += out ? `.${part}` : part;
    else out += `[${JSON.stringify(String(part))}]`;
  }
  return out;
}

/** How deep a value is written in a message: the line shows 60 characters of it at most. */
const SHOWN_DEPTH = 8;

/** How a value looks in a message: short, and never "undefined". */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if ((typeof value === 'number' && !Number.isFinite(value)) || typeof value === 'bigint') return String(value);
  // A request body can nest thousands deep, past what JSON.stringify's recursion survives: what
  // lies deeper than a line could show is written as "…".
  const depths = new WeakMap<object, number>();
  const json = JSON.stringify(value, function (this: object, _key: string, inner: unknown) {
    if (typeof inner !== 'object' || inner === null) return inner;
    const depth = (depths.get(this) ?? 0) + 1;
    if (depth > SHOWN_DEPTH) return '…';
    depths.set(inner, depth);
    return inner;
  });
  if (json === undefined) return typeof value;
  return json.length > 60 ? `${json.slice(0, 57)}...` : json;
}

const TYPE_NAMES: Record<string, string> = {
  object: 'an object',
  record: 'an object',
  array: 'an array',
  tuple: 'an array',
  string: 'a string',
  boolean: 'true or false',
  null: 'null',
  undefined: 'nothing',
  void: 'nothing',
  never: 'nothing',
  nan: 'NaN',
  bigint: 'a BigInt',
  custom: 'a valid value',
};

const FORMAT_NAMES: Record<string, string> = {
  date: 'an ISO-8601 date, like 2026-11-11',
  time: 'an ISO-8601 time, like 20:00:00',
  duration: 'an ISO-8601 duration, like P1DT12H',
  email: 'an email address',
  url: 'a URL',
  uuid: 'a UUID',
};

/** `a, b or c` */
const either = (items: readonly string[]) => (items.length < 2 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`);
const oneOf = (values: readonly unknown[]) => (values.length === 1 ? describeValue(values[0]) : `one of ${values.map(describeValue).join(', ')}`);
const count = (n: number | bigint, unit: string) => `${n} ${Number(n) === 1 ? unit : unit === 'entry' ? 'entries' : `${unit}s`}`;
const SIZE_UNITS: Record<string, string> = { string: 'character', array: 'item', set: 'item', map: 'entry', file: 'byte' };

type Bound = { value: number | bigint; inclusive: boolean };
type RangeIssue = Extract<z.core.$ZodRawIssue, { code: 'too_small' | 'too_big' }>;

/**
 * The tightest bound on each side that a schema's checks set, and the one the issue broke: a line
 * names the whole range, so a designer who fixes one end is not refused at the other.
 */
function rangeOf(schema: z.core.$ZodType | undefined, issue?: RangeIssue): { low?: Bound; high?: Bound; whole: boolean } {
  const range: { low?: Bound; high?: Bound; whole: boolean } = { whole: issue?.origin === 'int' || issue?.origin === 'bigint' };
  const narrow = (side: 'low' | 'high', value: number | bigint | Date, inclusive = true) => {
    const v = value instanceof Date ? value.getTime() : value;
    const now = range[side];
    if (!now || (side === 'low' ? v > now.value : v < now.value) || (v === now.value && !inclusive)) range[side] = { value: v, inclusive };
  };
  // A format schema (`z.int()`) is its own first check, as zod runs it.
  const checks = [...(schema?._zod.traits.has('$ZodCheck') ? [schema as unknown as z.core.$ZodCheck] : []), ...(schema?._zod.def.checks ?? [])];
  for (const check of checks) {
    const def = check._zod.def as { check: string; value?: number | bigint | Date; inclusive?: boolean; format?: string; minimum?: number; maximum?: number; length?: number; size?: number };
    if (def.check === 'number_format' || def.check === 'bigint_format') range.whole ||= def.format?.includes('int') ?? false;
    else if (def.check === 'greater_than') narrow('low', def.value!, def.inclusive);
    else if (def.check === 'less_than') narrow('high', def.value!, def.inclusive);
    else if (def.check === 'min_length' || def.check === 'min_size') narrow('low', def.minimum!);
    else if (def.check === 'max_length' || def.check === 'max_size') narrow('high', def.maximum!);
    else if (def.check === 'length_equals' || def.check === 'size_equals') (narrow('low', (def.length ?? def.size)!), narrow('high', (def.length ?? def.size)!));
  }
  // The safe-integer range of `z.int()` is no check of the schema's, but an issue may be about it.
  if (issue?.code === 'too_small') narrow('low', issue.minimum, issue.inclusive ?? true);
  if (issue?.code === 'too_big') narrow('high', issue.maximum, issue.inclusive ?? true);
  if (issue?.exact) narrow(issue.code === 'too_small' ? 'high' : 'low', issue.code === 'too_small' ? issue.minimum : issue.maximum);
  return range;
}

/** `a whole number from 2 to 20`, `a number above 0`: a number and the range it must be in. */
function numberExpectation(schema: z.core.$ZodType | undefined, issue?: RangeIssue): string {
  const { low, high, whole } = rangeOf(schema, issue);
  const show = (bound: Bound) => (issue?.origin === 'date' ? new Date(Number(bound.value)).toISOString() : String(bound.value));
  const noun = issue?.origin === 'date' ? 'a date' : whole ? 'a whole number' : 'a number';
  if (low?.inclusive && high?.inclusive) return `${noun} from ${show(low)} to ${show(high)}`;
  const parts = [low && (low.inclusive ? `at least ${show(low)}` : `above ${show(low)}`), high && (high.inclusive ? `at most ${show(high)}` : `below ${show(high)}`)].filter(Boolean);
  if (!parts.length) return noun;
  return `${noun}${parts[0]!.startsWith('at ') ? ' of' : ''} ${parts.join(' and ')}`;
}

/** `at least 1 item`, `a string of 1 to 64 characters`: how long a string or list must be. */
function sizeExpectation(schema: z.core.$ZodType | undefined, issue: RangeIssue): string {
  const unit = SIZE_UNITS[issue.origin] ?? 'item';
  const { low, high } = rangeOf(schema, issue);
  const size =
    low && high ? (low.value === high.value ? `exactly ${count(low.value, unit)}` : `${low.value} to ${count(high.value, unit)}`)
    : low ? `at least ${count(low.value, unit)}`
    : `at most ${count(high!.value, unit)}`;
  if (issue.origin !== 'string') return size;
  return low?.value === 1 && !high ? 'a non-empty string' : `a string of ${size}`;
}

/**
 * The "expected" part of an issue its schema does not word itself (zod's per-parse error map).
 * zod's own messages speak of types and operators ("Too small: expected number to be >=1"), and a
 * line already says what came, so each case says only what is allowed.
 */
function expectation(issue: z.core.$ZodRawIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.expected === 'number' || issue.expected === 'int' ? numberExpectation(issue.schema, undefined) : (TYPE_NAMES[issue.expected] ?? `a ${issue.expected}`);
    case 'too_small':
    case 'too_big':
      return issue.origin in SIZE_UNITS ? sizeExpectation(issue.schema, issue) : numberExpectation(issue.schema, issue);
    case 'not_multiple_of':
      return `a multiple of ${issue.divisor}`;
    case 'invalid_format': {
      const format = issue as z.core.$ZodRawIssue<z.core.$ZodStringFormatIssues>;
      if (format.format === 'regex') return `a string matching ${format.pattern}`;
      if (format.format === 'starts_with') return `a string starting with ${JSON.stringify(format.prefix)}`;
      if (format.format === 'ends_with') return `a string ending with ${JSON.stringify(format.suffix)}`;
      if (format.format === 'includes') return `a string containing ${JSON.stringify(format.includes)}`;
      if (format.format === 'datetime') {
        const { offset, local } = (issue.inst?._zod.def ?? {}) as { offset?: boolean; local?: boolean };
        return offset ? 'an ISO-8601 date-time with an offset, like 2026-11-11T00:00:00+08:00' : local ? 'an ISO-8601 date-time, like 2026-11-11T00:00:00' : 'an ISO-8601 date-time in UTC, like 2026-11-10T16:00:00Z';
      }
      return FORMAT_NAMES[format.format] ?? `a string in ${format.format} format`;
    }
    case 'invalid_value':
      return oneOf(issue.values);
    case 'invalid_union': {
      if (Array.isArray(issue.options) && issue.options.length) return oneOf(issue.options);
      if (issue.inclusive === false) return 'exactly one of the allowed shapes, not several';
      // Each option refused the value itself, not a field inside it: say what each wanted.
      const wanted = issue.errors.map(([first, ...rest]) => (first && !rest.length && !first.path.length && first.code !== 'unrecognized_keys' ? first.message : undefined));
      return wanted.every(Boolean) ? either([...new Set(wanted as string[])]) : 'one of the allowed shapes';
    }
    case 'unrecognized_keys':
      return NO_SUCH_FIELD;
    case 'invalid_key':
      return 'a valid key';
    case 'invalid_element':
      return 'a valid element';
    default:
      return 'a valid value';
  }
}

/** What came, said as the expectation speaks of it: a list that is too long by its length. */
function describeGot(issue: z.core.$ZodIssue, value: unknown): string {
  if (issue.code !== 'too_small' && issue.code !== 'too_big') return describeValue(value);
  if (value instanceof Set || value instanceof Map) return count(value.size, SIZE_UNITS[issue.origin] ?? 'item');
  // An empty list or string shows whole; a long one is cut short in the line, so its length says more.
  if (Array.isArray(value) && value.length) return count(value.length, 'item');
  if (typeof value === 'string' && value.length) return `${describeValue(value)} (${count(value.length, 'character')})`;
  return describeValue(value);
}

/** What an unknown field is refused with; a variant's override that adds one is blamed on its path by it. */
const NO_SUCH_FIELD = 'no such field (check its spelling)';

function issueToProblems(issue: z.core.$ZodIssue, input: unknown, schema: z.core.$ZodType): Problem[] {
  const path = formatPath(issue.path);
  const got = describeGot(issue, 'input' in issue ? issue.input : valueAt(input, issue.path));
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => ({
        path: formatPath([...issue.path, key]),
        expected: noSuchField(schema, issue.path, key, input),
        got: describeValue(valueAt(input, [...issue.path, key])),
      }));
    case 'invalid_union':
      if ('options' in issue && Array.isArray(issue.options)) {
        // A discriminator mismatch: the path names the discriminator, but the input is its whole object.
        return [{ path, expected: oneOf(issue.options), got: describeValue(valueAt(input, issue.path)) }];
      }
      break;
    case 'invalid_value':
      return [{ path, expected: oneOf(issue.values), got }];
    case 'invalid_key':
    case 'invalid_element':
      // The record's own issue says only that a key failed; the key schema's issues say how.
      if (issue.issues.length) return issue.issues.flatMap((inner) => issueToProblems({ ...inner, path: [...issue.path, ...inner.path] }, input, schema));
      break;
  }
  // The schema's own words when it has them, else `expectation`'s (see `parseWith`).
  return [{ path, expected: issue.message, got }];
}

/**
 * An unknown field's words. A field of another kind of the same union (`limits` on a check-in
 * task, which browse and action tasks take) is spelt right: saying so beats "check its spelling".
 */
function noSuchField(schema: z.core.$ZodType, path: readonly PropertyKey[], key: string, input: unknown): string {
  const union = unionAt(schema, path, input);
  if (!union) return NO_SUCH_FIELD;
  const others = union.options.filter((option) => fieldsOf(option)?.has(key)).flatMap((option) => [...kindsOf(option, union.discriminator)]);
  if (!others.length) return NO_SUCH_FIELD;
  const kind = valueAt(input, [...path, union.discriminator]);
  const names = others.map((value) => JSON.stringify(value));
  const which = names.length === 1 ? `${union.discriminator} ${names[0]} has` : `${union.discriminator}s ${names.slice(0, -1).join(', ')} and ${names.at(-1)} have`;
  return `no such field for ${union.discriminator} ${JSON.stringify(kind)} (${which} it)`;
}

/** The fields an object schema declares, or nothing for a schema that is not an object. */
function fieldsOf(schema: z.core.$ZodType): Set<string> | undefined {
  const def = schema._zod.def as z.core.$ZodTypeDef & { shape?: Record<string, z.core.$ZodType> };
  return def.type === 'object' && def.shape ? new Set(Object.keys(def.shape)) : undefined;
}

/** The values of its discriminator an option of a discriminated union takes (a literal's, an enum's). */
function kindsOf(option: z.core.$ZodType, discriminator: string): Set<unknown> {
  return (option._zod.propValues?.[discriminator] as Set<unknown> | undefined) ?? new Set();
}

/** The discriminated union one of whose options holds the object at `path`, found by walking the schema along the input. */
function unionAt(schema: z.core.$ZodType, path: readonly PropertyKey[], input: unknown): { discriminator: string; options: z.core.$ZodType[] } | undefined {
  let node = schema;
  let value = input;
  let step = 0;
  for (;;) {
    const def = node._zod.def as z.core.$ZodTypeDef & {
      innerType?: z.core.$ZodType;
      in?: z.core.$ZodType;
      getter?: () => z.core.$ZodType;
      discriminator?: string;
      options?: z.core.$ZodType[];
      shape?: Record<string, z.core.$ZodType>;
      element?: z.core.$ZodType;
      valueType?: z.core.$ZodType;
    };
    // Through wrappers (optional, default, pipe, lazy) to the schema that checks the value itself.
    if (def.innerType) node = def.innerType;
    else if (def.type === 'pipe' && def.in) node = def.in;
    else if (def.type === 'lazy' && def.getter) node = def.getter();
    else if (def.type === 'union') {
      if (!def.discriminator || !def.options) return undefined;
      if (step === path.length) return { discriminator: def.discriminator, options: def.options };
      // Within the union: on to the option the value's discriminator picks, at the same step.
      const kind = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[def.discriminator] : undefined;
      const option = def.options.find((o) => kindsOf(o, def.discriminator!).has(kind));
      if (!option) return undefined;
      node = option;
    } else {
      if (step === path.length || value === null || typeof value !== 'object') return undefined;
      const part = path[step++]!;
      const next =
        def.type === 'object' && def.shape && Object.hasOwn(def.shape, part) ? def.shape[part as string]
        : def.type === 'array' ? def.element
        : def.type === 'record' ? def.valueType
        : undefined;
      if (!next) return undefined;
      node = next;
      value = (value as Record<PropertyKey, unknown>)[part];
    }
  }
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let node = root;
  for (const part of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<PropertyKey, unknown>)[part];
  }
  return node;
}

/**
 * Runs a zod schema and turns its issues into problems. A message given in the schema is the
 * "expected" part as written; `got` is the issue's input, so a refinement that reports a field
 * below the value it checks passes that field's value as `input`.
 */
export function parseWith<S extends z.ZodType>(schema: S, input: unknown): Validated<z.output<S>> {
  const result = schema.safeParse(input, { reportInput: true, error: expectation });
  if (result.success) return { ok: true, value: result.data };
  // A value of the wrong type gets that one line: zod goes on to check a list's length on the
  // string that came instead ("at least two variants, got "x" (1 character)"), which says nothing.
  const wrongType = new Set(result.error.issues.filter((issue) => issue.code === 'invalid_type').map((issue) => formatPath(issue.path)));
  const issues = tightestBounds(result.error.issues.filter((issue) => issue.code === 'invalid_type' || !wrongType.has(formatPath(issue.path))));
  const problems = issues.flatMap((issue) => issueToProblems(issue, input, schema));
  // One line once: `z.int().max(10)` refuses 2^60 twice (unsafe, and above 10) in the same words.
  return { ok: false, problems: [...new Map(problems.map((p) => [formatProblem(p), p])).values()] };
}

/**
 * Of the bounds a value breaks on one side, the tightest alone: `z.int().max(10 ** 13)` refuses
 * 2^60 as unsafe (above 2^53 − 1) and as above 10^13, and only the second says what to write.
 */
function tightestBounds(issues: readonly z.core.$ZodIssue[]): z.core.$ZodIssue[] {
  const tightest = new Map<string, z.core.$ZodIssue>();
  const bound = (issue: z.core.$ZodIssue) => (issue.code === 'too_big' ? Number(issue.maximum) : issue.code === 'too_small' ? -Number(issue.minimum) : 0);
  for (const issue of issues) {
    if (issue.code !== 'too_big' && issue.code !== 'too_small') continue;
    const key = `${issue.code} ${formatPath(issue.path)}`;
    const known = tightest.get(key);
    if (!known || bound(issue) < bound(known)) tightest.set(key, issue);
  }
  return issues.filter((issue) => (issue.code !== 'too_big' && issue.code !== 'too_small') || tightest.get(`${issue.code} ${formatPath(issue.path)}`) === issue);
}

/**
 * Validates a campaign definition: the schema, then what a schema cannot see (duplicate ids,
 * references to unknown phases, windows that end before they start, streak tables with gaps,
 * reward tables nothing can be drawn from), then each experiment variant's definition as a whole.
 *
 * @example
 * const result = validateCampaign(JSON.parse(text));
 * if (!result.ok) result.problems.map(formatProblem).forEach((line) => console.error(line));
 */
export function validateCampaign(input: unknown): Validated<CampaignDefinition> {
  const parsed = parseWith(CampaignDefinition, input);
  if (!parsed.ok) return parsed;
  const problems = crossCheck(parsed.value);
  // On a sound base only: a problem of the base would show again in every variant.
  if (!problems.length) problems.push(...checkVariants(parsed.value));
  return problems.length ? { ok: false, problems } : parsed;
}

/** A definition's problems, its experiments aside. */
function problemsOf(input: unknown): Problem[] {
  const parsed = parseWith(CampaignDefinition, { ...(input as object), experiments: [] });
  return parsed.ok ? crossCheck(parsed.value) : parsed.problems;
}

const MAX_TOTAL_WEIGHT = 2 ** 48;

function crossCheck(def: CampaignDefinition): Problem[] {
  const problems: Problem[] = [];
  const duplicates = (kind: string, items: readonly { id: string }[], base: string) => {
    const seen = new Map<string, number>();
    items.forEach((item, i) => {
      const first = seen.get(item.id);
      if (first !== undefined) {
        problems.push({ path: `${base}[${i}].id`, expected: `${/^[aeiou]/.test(kind) ? 'an' : 'a'} ${kind} id not used before (${base}[${first}] has it)`, got: JSON.stringify(item.id) });
      } else seen.set(item.id, i);
    });
  };
  duplicates('phase', def.phases, 'phases');
  duplicates('task', def.tasks, 'tasks');
  duplicates('box', def.boxes, 'boxes');
  duplicates('budget', def.budgets, 'budgets');

  def.phases.forEach((phase, i) => {
    if (Date.parse(phase.end) <= Date.parse(phase.start)) {
      problems.push({ path: `phases[${i}].end`, expected: `an instant after start (${phase.start})`, got: JSON.stringify(phase.end) });
    }
  });

  const phaseIds = new Set(def.phases.map((p) => p.id));
  const known = [...phaseIds].join(', ');
  const checkPhases = (refs: readonly string[] | undefined, base: string) =>
    refs?.forEach((ref, i) => {
      if (!phaseIds.has(ref)) problems.push({ path: `${base}.phases[${i}]`, expected: `one of the phase ids (${known})`, got: JSON.stringify(ref) });
    });
  def.tasks.forEach((task, i) => checkPhases(task.phases, `tasks[${i}]`));
  if (def.invitations) checkPhases(def.invitations.phases, 'invitations');
  def.boxes.forEach((box, i) => checkPhases(box.phases, `boxes[${i}]`));

  def.tasks.forEach((task, i) => {
    if (task.kind !== 'checkin' || !task.streak) return;
    task.streak.days.forEach((entry, j) => {
      if (entry.day !== j + 1) {
        problems.push({ path: `tasks[${i}].streak.days[${j}].day`, expected: `day ${j + 1} (streak days are listed from 1 without gaps)`, got: String(entry.day) });
      }
    });
  });

  def.boxes.forEach((box, i) => {
    const base = `boxes[${i}]`;
    if (!box.earn && !box.price) problems.push({ path: base, expected: 'a way to get the box: `earn`, `price` or both', got: 'neither' });
    duplicates('reward', box.rewards, `${base}.rewards`);
    const totalWeight = box.rewards.reduce((sum, r) => sum + r.weight, 0);
    if (totalWeight === 0) {
      problems.push({ path: `${base}.rewards`, expected: 'at least one reward with a positive weight', got: 'every weight 0' });
    } else if (totalWeight > MAX_TOTAL_WEIGHT) {
      // A draw is one unbiased integer below the total, and Random.int goes no higher.
      problems.push({ path: `${base}.rewards`, expected: `weights totalling at most 2^48 (${MAX_TOTAL_WEIGHT})`, got: String(totalWeight) });
    }
    const fallback = typeof box.whenOutOfStock === 'object' ? box.whenOutOfStock.fallback : undefined;
    if (fallback !== undefined) {
      const row = box.rewards.find((r) => r.id === fallback);
      if (!row) problems.push({ path: `${base}.whenOutOfStock.fallback`, expected: `one of the reward ids (${box.rewards.map((r) => r.id).join(', ')})`, got: JSON.stringify(fallback) });
      else {
        const limit = fallbackLimit(row);
        if (limit) problems.push({ path: `${base}.whenOutOfStock.fallback`, expected: 'a reward that cannot run out (no stock, no perPlayer, no cash: a budget can be spent)', got: `${JSON.stringify(fallback)} with ${limit}` });
      }
    } else if (totalWeight > 0 && box.rewards.every((r) => r.weight === 0 || r.stock === 0)) {
      problems.push({ path: `${base}.rewards`, expected: 'a reward with a positive weight and stock to give, or a fallback', got: 'every reward with a weight has stock 0' });
    }
  });
  const budgetIds = new Set(def.budgets.map((b) => b.id));
  const knownBudgets = budgetIds.size ? `one of the budget ids (${[...budgetIds].join(', ')})` : 'a budget id (declare the budget in `budgets`)';
  const checkBudget = (ref: string | undefined, base: string, needed: boolean) => {
    if (ref === undefined) {
      if (needed) problems.push({ path: `${base}.budget`, expected: `the budget its cash is paid from: ${knownBudgets}`, got: 'nothing' });
    } else if (!budgetIds.has(ref)) {
      problems.push({ path: `${base}.budget`, expected: knownBudgets, got: JSON.stringify(ref) });
    }
  };
  def.boxes.forEach((box, i) => checkBudget(box.budget, `boxes[${i}]`, box.rewards.some((r) => r.reward.cash !== undefined)));
  duplicates('lottery', def.lotteries, 'lotteries');
  duplicates('pool', def.pools, 'pools');
  // Candy is earned in the phases: a split taken before the first opens is a split of nothing.
  const firstStart = Math.min(...def.phases.map((p) => Date.parse(p.start)));
  def.pools.forEach((pool, i) => {
    checkBudget(pool.budget, `pools[${i}]`, true);
    if (Date.parse(pool.settleAt) <= firstStart) {
      problems.push({ path: `pools[${i}].settleAt`, expected: `an instant after the first phase starts (${new Date(firstStart).toISOString()}): candy is earned from then`, got: JSON.stringify(pool.settleAt) });
    }
    if (pool.minimum && pool.maximum !== undefined && pool.maximum < pool.minimum.amount) {
      problems.push({ path: `pools[${i}].maximum`, expected: `at least the minimum (${pool.minimum.amount})`, got: String(pool.maximum) });
    }
  });
  duplicates('lucky packet', def.luckyPackets, 'luckyPackets');
  def.luckyPackets.forEach((packet, i) => {
    checkBudget(packet.budget, `luckyPackets[${i}]`, true);
    checkPhases(packet.phases, `luckyPackets[${i}]`);
    if (packet.packets > packet.amount) {
      problems.push({ path: `luckyPackets[${i}].packets`, expected: `at most the amount in cents (${packet.amount}): every share is at least a cent`, got: String(packet.packets) });
    }
  });
  if (def.sharedCarts && !def.lotteries.some((l) => l.id === def.sharedCarts!.lottery)) {
    problems.push({ path: 'sharedCarts.lottery', expected: `one of the lottery ids (${def.lotteries.map((l) => l.id).join(', ') || 'none: add one to `lotteries`'})`, got: JSON.stringify(def.sharedCarts.lottery) });
  }
  const taskIds = new Set(def.tasks.map((t) => t.id));
  def.lotteries.forEach((lottery, i) => {
    const base = `lotteries[${i}]`;
    if (Date.parse(lottery.drawAt) <= Date.parse(lottery.opensAt)) {
      problems.push({ path: `${base}.drawAt`, expected: `an instant after opensAt (${lottery.opensAt})`, got: JSON.stringify(lottery.drawAt) });
    }
    duplicates('tier', lottery.tiers, `${base}.tiers`);
    checkBudget(lottery.budget, base, lottery.tiers.some((t) => t.reward.cash !== undefined || t.reward.clearCart !== undefined));
    lottery.tiers.forEach((tier, j) => {
      if (tier.reward.cash !== undefined && tier.reward.clearCart !== undefined) {
        problems.push({ path: `${base}.tiers[${j}].reward`, expected: 'cash or a clear-cart prize, not both', got: 'both' });
      }
    });
    lottery.entries.forEach((entry, j) => {
      if (!taskIds.has(entry.task)) problems.push({ path: `${base}.entries[${j}].task`, expected: `one of the task ids (${[...taskIds].join(', ')})`, got: JSON.stringify(entry.task) });
    });
  });
  if (def.pricing) {
    checkPricing(def.pricing, checkPhases, problems);
    def.pricing.thresholds.forEach((rule, i) => checkBudget(rule.budget, `pricing.thresholds[${i}]`, false));
    def.pricing.coupons.forEach((rule, i) => checkBudget(rule.budget, `pricing.coupons[${i}]`, false));
    if (def.pricing.memberDiscount) checkBudget(def.pricing.memberDiscount.budget, 'pricing.memberDiscount', false);
  }
  duplicates('experiment', def.experiments, 'experiments');
  def.experiments.forEach((experiment, i) => duplicates('variant', experiment.variants, `experiments[${i}].variants`));
  checkExperiments(def, problems);
  return problems;
}

/** Each variant's definition must be checked whole, so the combinations of variants are kept few. */
const MAX_VARIANT_COMBINATIONS = 256;

/** Whether one of two fields (as `formatPath` writes them) is the other or holds it. */
const overlaps = (a: string, b: string) => within(a, b) || within(b, a);
const within = (outer: string, inner: string) =>
  inner === outer || inner.startsWith(`${outer}.`) || inner.startsWith(`${outer}[`);

/** What experiments must be besides their schema: ids, weights, and overrides that land on one player's rules, once. */
function checkExperiments(def: CampaignDefinition, problems: Problem[]): void {
  /** Every overridden field, with the experiment that overrides it: two experiments on one field would both apply to a player. */
  const owners: { location: string; experiment: number }[] = [];
  def.experiments.forEach((experiment, i) => {
    const base = `experiments[${i}]`;
    const total = totalWeight(experiment);
    if (total === 0) problems.push({ path: `${base}.variants`, expected: 'at least one variant with a positive weight', got: 'every weight 0' });
    else if (total > MAX_EXPERIMENT_WEIGHT) {
      // The assignment is a 32-bit hash modulo the total: past this the first variants' shares drift.
      problems.push({ path: `${base}.variants`, expected: `weights totalling at most ${MAX_EXPERIMENT_WEIGHT}`, got: String(total) });
    }
    const mine: { location: string; experiment: number }[] = [];
    experiment.variants.forEach((variant, j) => {
      const set: { location: string; override: number }[] = [];
      variant.overrides.forEach((override, k) => {
        const at = `${base}.variants[${j}].overrides[${k}].path`;
        const got = JSON.stringify(override.path);
        const target = resolveOverride(def, override);
        if (!target.ok) {
          problems.push({ path: at, expected: target.expected, got: target.got });
          return;
        }
        const location = formatPath(target.steps);
        const twice = set.find((other) => overlaps(other.location, location));
        if (twice) problems.push({ path: at, expected: `a field no other override of the variant sets (overrides[${twice.override}] sets ${twice.location})`, got });
        const owner = owners.find((other) => overlaps(other.location, location));
        if (owner) problems.push({ path: at, expected: `a field no other experiment sets (experiments[${owner.experiment}] sets ${owner.location}; a player in both would get both)`, got });
        set.push({ location, override: k });
        mine.push({ location, experiment: i });
      });
    });
    owners.push(...mine);
  });
  const combinations = def.experiments.reduce((product, e) => product * e.variants.length, 1);
  if (combinations > MAX_VARIANT_COMBINATIONS) {
    problems.push({ path: 'experiments', expected: `at most ${MAX_VARIANT_COMBINATIONS} combinations of variants (the product of each experiment's variant count), so each can be checked`, got: String(combinations) });
  }
}

/**
 * Each variant's definition must validate as the base does. A problem inside an overridden
 * field is reported at the override's value (`experiments[0].variants[1].overrides[0].value`);
 * one an override causes elsewhere (a tier now below the one before it) at the variant's
 * overrides. With several experiments, every combination of variants is checked too.
 */
function checkVariants(def: CampaignDefinition): Problem[] {
  const problems: Problem[] = [];
  def.experiments.forEach((experiment, i) =>
    experiment.variants.forEach((variant, j) => {
      if (!variant.overrides.length) return;
      const base = `experiments[${i}].variants[${j}]`;
      const targets = variant.overrides.map((override) => ({ ...(resolveOverride(def, override) as Extract<OverrideTarget, { ok: true }>), path: override.path }));
      for (const problem of problemsOf(withOverrides(def, [variant]))) problems.push(blame(problem, base, targets));
    }),
  );
  if (problems.length || def.experiments.length < 2) return problems;
  const reported = new Set<string>();
  for (const picks of combinationsOf(def)) {
    // Named by the variants that override something: the rest add nothing to the combination.
    const named = picks.flatMap((variant, i) => (variant.overrides.length ? [`${def.experiments[i]!.id}=${variant.id}`] : []));
    if (named.length < 2) continue;
    const [problem] = problemsOf(withOverrides(def, picks));
    // One line per problem, naming the first combination found with it.
    if (problem && !reported.has(formatProblem(problem))) {
      reported.add(formatProblem(problem));
      problems.push({ path: 'experiments', expected: `variants that keep the definition valid together: ${problem.path} expected ${problem.expected}`, got: `${problem.got} with ${named.join(', ')}` });
    }
  }
  return problems;
}

/** A variant's problem, said where the variant's author can fix it. */
function blame(problem: Problem, base: string, targets: readonly { steps: readonly Step[]; adds: boolean; path: string }[]): Problem {
  const k = targets.findIndex((target) => within(formatPath(target.steps), problem.path));
  if (k < 0) return { path: `${base}.overrides`, expected: `overrides that keep the definition valid: ${problem.path} expected ${problem.expected}`, got: problem.got };
  const location = formatPath(targets[k]!.steps);
  if (targets[k]!.adds && problem.path === location && problem.expected.startsWith('no such field')) {
    // "check its spelling", or which kinds have the field (`limits` is a field, of other task kinds).
    const why = problem.expected === NO_SUCH_FIELD ? 'check its spelling' : problem.expected.replace(/^no such field/, 'not a field');
    return { path: `${base}.overrides[${k}].path`, expected: `a path to a field of the definition (${location} is not one; ${why})`, got: JSON.stringify(targets[k]!.path) };
  }
  return { ...problem, path: `${base}.overrides[${k}].value${problem.path.slice(location.length)}` };
}

/** Every combination of one variant per experiment. */
function* combinationsOf(def: CampaignDefinition): Generator<VariantDefinition[]> {
  const picks = def.experiments.map(() => 0);
  for (;;) {
    yield picks.map((pick, i) => def.experiments[i]!.variants[pick]!);
    let i = picks.length - 1;
    while (i >= 0 && ++picks[i]! === def.experiments[i]!.variants.length) picks[i--] = 0;
    if (i < 0) return;
  }
}

/** What the pricing schema cannot say alone: references, one-of fields, orderings. */
function checkPricing(
  pricing: PricingDefinition,
  checkPhases: (refs: readonly string[] | undefined, base: string) => void,
  problems: Problem[],
): void {
  const push = (path: string, expected: string, got: string) => problems.push({ path: `pricing.${path}`, expected, got });
  const storeIds = new Set<string>();
  pricing.stores.forEach((store, i) => {
    if (storeIds.has(store.id)) push(`stores[${i}].id`, 'a store id not used before', JSON.stringify(store.id));
    storeIds.add(store.id);
  });
  const knownStores = [...storeIds].join(', ');
  // Rule ids name discounts on receipts and in refunds, so they are unique across the section.
  const ruleIds = new Map<string, string>();
  const rule = (id: string, path: string) => {
    const first = ruleIds.get(id);
    if (first !== undefined) push(`${path}.id`, `a rule id not used before (pricing.${first} has it)`, JSON.stringify(id));
    else ruleIds.set(id, path);
  };
  const storeRef = (kind: string, store: string | undefined, path: string, wanted: boolean) => {
    if (wanted && store === undefined) push(`${path}.store`, `the store of this ${kind} (one of ${knownStores})`, 'nothing');
    else if (!wanted && store !== undefined) push(`${path}.store`, `no store: a ${kind} spans stores (use kind 'store' for one store)`, JSON.stringify(store));
    else if (store !== undefined && !storeIds.has(store)) push(`${path}.store`, `one of the stores (${knownStores})`, JSON.stringify(store));
  };
  if (pricing.order) {
    const seen = new Set(pricing.order);
    const missing = DEFAULT_ORDER.filter((stage) => !seen.has(stage));
    if (seen.size !== pricing.order.length || missing.length) {
      push('order', `every stage exactly once (${DEFAULT_ORDER.join(', ')})`, JSON.stringify(pricing.order));
    }
  }
  pricing.itemCuts.forEach((cut, i) => {
    rule(cut.id, `itemCuts[${i}]`);
    if ((cut.price === undefined) === (cut.cut === undefined)) push(`itemCuts[${i}]`, 'exactly one of `price` and `cut`', cut.price === undefined ? 'neither' : 'both');
    checkPhases(cut.phases, `pricing.itemCuts[${i}]`);
  });
  pricing.memberPrices.forEach((price, i) => {
    rule(price.id, `memberPrices[${i}]`);
    checkPhases(price.phases, `pricing.memberPrices[${i}]`);
  });
  const presaleSkus = new Map<string, number>();
  pricing.presales.forEach((presale, i) => {
    rule(presale.id, `presales[${i}]`);
    if (presale.worth === undefined && presale.cut === undefined) push(`presales[${i}]`, '`worth`, `cut` or both', 'neither');
    if (presale.worth !== undefined && presale.worth < presale.deposit) push(`presales[${i}].worth`, `at least the deposit (${presale.deposit})`, String(presale.worth));
    presale.skus.forEach((sku, j) => {
      const first = presaleSkus.get(sku);
      if (first !== undefined) push(`presales[${i}].skus[${j}]`, `a SKU not already on presale (pricing.presales[${first}] has it)`, JSON.stringify(sku));
      else presaleSkus.set(sku, i);
    });
  });
  pricing.thresholds.forEach((threshold, i) => {
    const path = `thresholds[${i}]`;
    rule(threshold.id, path);
    storeRef(`${threshold.kind} threshold`, threshold.store, path, threshold.kind === 'store');
    checkPhases(threshold.phases, `pricing.${path}`);
    // A threshold never takes more than the spend that reaches it: that also keeps its nominal discount within the cart's exact integers.
    if (threshold.mode === 'repeat' && threshold.off > threshold.every) {
      push(`${path}.off`, `at most every (${threshold.every}): a threshold takes off no more than the spend that reaches it`, String(threshold.off));
    }
    if (threshold.mode === 'tiered') {
      threshold.tiers.forEach((tier, j) => {
        const before = threshold.tiers[j - 1];
        if (before && tier.min <= before.min) push(`${path}.tiers[${j}].min`, `more than the tier before (${before.min})`, String(tier.min));
        if (before && tier.off < before.off) push(`${path}.tiers[${j}].off`, `at least the tier before (${before.off})`, String(tier.off));
        if (tier.off > tier.min) push(`${path}.tiers[${j}].off`, `at most its min (${tier.min}): a threshold takes off no more than the spend that reaches it`, String(tier.off));
      });
    }
  });
  pricing.coupons.forEach((coupon, i) => {
    const path = `coupons[${i}]`;
    rule(coupon.id, path);
    storeRef(`${coupon.kind} coupon`, coupon.store, path, coupon.kind === 'store');
    if (coupon.kind === 'category' && !coupon.categories) push(`${path}.categories`, 'the categories of a category coupon', 'nothing');
    if ((coupon.off === undefined) === (coupon.percentOff === undefined)) push(path, 'exactly one of `off` and `percentOff`', coupon.off === undefined ? 'neither' : 'both');
    if (coupon.percentOff !== undefined && coupon.maxOff === undefined) push(`${path}.maxOff`, 'the most a percent coupon takes off', 'nothing');
    if (coupon.off !== undefined && coupon.maxOff !== undefined) push(`${path}.maxOff`, 'no `maxOff` on an amount coupon', String(coupon.maxOff));
    if (coupon.validFrom && coupon.validUntil && Date.parse(coupon.validUntil) <= Date.parse(coupon.validFrom)) {
      push(`${path}.validUntil`, `an instant after validFrom (${coupon.validFrom})`, JSON.stringify(coupon.validUntil));
    }
  });
  if (pricing.memberDiscount) rule(pricing.memberDiscount.id, 'memberDiscount');
}

/** What could make a box's fallback reward unavailable, in the designer's words; null when nothing can. */
function fallbackLimit(row: BoxRewardDefinition): string | null {
  if (row.stock !== undefined) return `stock ${row.stock}`;
  if (row.perPlayer !== undefined) return `perPlayer ${row.perPlayer}`;
  if (row.reward.cash !== undefined) return `cash ${row.reward.cash} from the box's budget`;
  return null;
}
