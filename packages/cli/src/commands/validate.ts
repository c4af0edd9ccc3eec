import { formatProblem, validateCampaign, type CampaignDefinition, type Problem } from '@carnival/core';
import { defineCommand, EXIT } from '../command.ts';
import { describeFileError, type Io } from '../io.ts';
import { describeJsonError, parseJson } from '../json.ts';

const USAGE = `Usage: carnival validate FILE... [--json]

Checks campaign definition files: the schema (types, ranges, unknown keys), then what a schema
cannot see (duplicate ids, unknown phase references, windows that end before they start,
streak tables with gaps, reward tables nothing can be drawn from).

Prints "FILE: valid (...)" or one line per problem, "FILE: path: expected ..., got ...".

Options:
      --json   Print [{ "file", "valid", "problems": [{ "path", "expected", "got" }] }] instead;
               a file that cannot be read or parsed also has "error"
  -h, --help   Show this help

Exit status: 0 every file is valid, 1 some file has problems, 2 a file could not be read or is
not JSON, or the command line is wrong.
`;

export interface FileReport {
  file: string;
  valid: boolean;
  problems: Problem[];
  /** Why the file could not be checked at all: unreadable, or not JSON. */
  error?: string;
}

export const validate = defineCommand({
  name: 'validate',
  summary: 'Check campaign definition files',
  usage: USAGE,
  options: { json: { type: 'boolean' } },
  positionals: { name: 'FILE', min: 1, max: Infinity },
  async run({ values, positionals }, io) {
    const checked = await Promise.all(positionals.map((file) => check(file, io)));
    if (values.json) io.stdout(`${JSON.stringify(checked.map((c) => c.report), null, 2)}\n`);
    else {
      for (const { report, definition } of checked) {
        if (report.error !== undefined) io.stderr(`${report.file}: ${report.error}\n`);
        else if (definition) io.stdout(`${report.file}: valid (${summary(definition)})\n`);
        else for (const problem of report.problems) io.stdout(`${report.file}: ${formatProblem(problem)}\n`);
      }
    }
    if (checked.some((c) => c.report.error !== undefined)) return EXIT.error;
    return checked.every((c) => c.report.valid) ? EXIT.ok : EXIT.invalid;
  },
});

/** Reads, parses and validates one definition file (shared by `lint`). */
export async function check(file: string, io: Io): Promise<{ report: FileReport; definition?: CampaignDefinition }> {
  let text: string;
  try {
    text = await io.readFile(file);
  } catch (error) {
    return { report: { file, valid: false, problems: [], error: `cannot read: ${describeFileError(error)}` } };
  }
  const parsed = parseJson(text);
  if (!parsed.ok) return { report: { file, valid: false, problems: [], error: describeJsonError(parsed.error) } };
  const result = validateCampaign(parsed.value);
  const problems = [...parsed.repeated, ...(result.ok ? [] : result.problems)];
  if (!result.ok || problems.length) return { report: { file, valid: false, problems } };
  return { report: { file, valid: true, problems: [] }, definition: result.value };
}

function summary(definition: CampaignDefinition): string {
  const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  return [
    count(definition.tasks.length, 'task', 'tasks'),
    count(definition.boxes.length, 'box', 'boxes'),
    count(definition.phases.length, 'phase', 'phases'),
  ].join(', ');
}
