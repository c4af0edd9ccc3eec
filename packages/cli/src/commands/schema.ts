import { campaignJsonSchema } from '@carnival/core';
import { defineCommand, EXIT } from '../command.ts';
import { writeOutput } from '../output.ts';

const USAGE = `Usage: carnival schema [--out FILE]

Prints the JSON Schema of campaign definitions, generated from the same zod schema the engine
validates with. Editors use it for completion and inline errors when a definition names it in
"$schema".

Options:
  -o, --out FILE   Write the schema to FILE instead of stdout
  -h, --help       Show this help

Exit status: 0 done, 2 FILE could not be written or the command line is wrong.
`;

/** The schema as committed to examples/: two-space indented, ending with a newline. */
export function schemaText(): string {
  return `${JSON.stringify(campaignJsonSchema(), null, 2)}\n`;
}

export const schema = defineCommand({
  name: 'schema',
  summary: 'Print the JSON Schema of campaign definitions',
  usage: USAGE,
  options: { out: { type: 'string', short: 'o' } },
  async run({ values }, io) {
    if (values.out === undefined) {
      io.stdout(schemaText());
      return EXIT.ok;
    }
    await writeOutput(io, '--out', values.out, schemaText());
    return EXIT.ok;
  },
});
