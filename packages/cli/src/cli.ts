import { ENGINE_VERSION } from '@carnival/core';
import { EXIT, type Command } from './command.ts';
import { backtest } from './commands/backtest.ts';
import { lint } from './commands/lint.ts';
import { quote } from './commands/quote.ts';
import { report } from './commands/report.ts';
import { schema } from './commands/schema.ts';
import { settlementReportCommand } from './commands/settlement-report.ts';
import { simulateCommand } from './commands/simulate.ts';
import { validate } from './commands/validate.ts';
import { verifyDrawCommand } from './commands/verify-draw.ts';
import type { Io } from './io.ts';

/** Every subcommand, in the order `carnival --help` lists them. A new command is one entry here. */
export const commands: readonly Command[] = [schema, validate, lint, quote, settlementReportCommand, verifyDrawCommand, simulateCommand, backtest, report];

export function usage(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  const list = commands.map((c) => `  ${c.name.padEnd(width)}   ${c.summary}`).join('\n');
  return `Usage: carnival <command> [options]

Carnival campaign tools.

Commands:
${list}

Run 'carnival <command> --help' for a command's options and exit status, 'carnival --version'
for the engine's version (the one a report names). Any command whose
reader stops reading (carnival ... | head) stops at once with status 141, as other tools do.
`;
}

/** Runs the command line `carnival ...args` and returns the exit code. */
export async function run(args: readonly string[], io: Io): Promise<number> {
  const [name, ...rest] = args;
  if (name === undefined) {
    io.stderr(usage());
    return EXIT.error;
  }
  if (name === '--version' || name === '-V' || name === 'version') {
    io.stdout(`carnival ${ENGINE_VERSION}\n`);
    return EXIT.ok;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    const topic = rest[0];
    if (topic === undefined) {
      io.stdout(usage());
      return EXIT.ok;
    }
    const command = commands.find((c) => c.name === topic);
    return command ? command.run(['--help'], io) : unknown(topic, io);
  }
  const command = commands.find((c) => c.name === name);
  return command ? command.run(rest, io) : unknown(name, io);
}

function unknown(name: string, io: Io): number {
  const what = name.startsWith('-') ? 'option' : 'command';
  io.stderr(`carnival: unknown ${what} '${name}'\nRun 'carnival --help' for the list of commands.\n`);
  return EXIT.error;
}
