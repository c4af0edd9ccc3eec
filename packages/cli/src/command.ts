import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { Io } from './io.ts';

/**
 * Exit codes every command shares. 1: the command ran and found the input wrong (a script can
 * act on that); 2: it could not run: a bad command line, an unreadable file, a file not JSON;
 * 130: stopped by Ctrl-C, as shells report an interrupt.
 */
export const EXIT = { ok: 0, invalid: 1, error: 2, interrupted: 130 } as const;

/** A subcommand as the dispatcher sees it: `run` never throws for bad input, it returns 2. */
export interface Command {
  name: string;
  /** One line for `carnival --help`. */
  summary: string;
  /** The full `carnival NAME --help` text. */
  usage: string;
  run(args: readonly string[], io: Io): Promise<number>;
}

/** Thrown by a command body for a bad command line or an input it cannot start on. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

type ParseArgsOptionsConfig = NonNullable<ParseArgsConfig['options']>;

const HELP = { help: { type: 'boolean', short: 'h' } } as const;

function parse<const O extends ParseArgsOptionsConfig>(args: readonly string[], options: O) {
  return parseArgs({ args: [...args], options: { ...HELP, ...options }, allowPositionals: true, strict: true });
}

export type ParsedArgs<O extends ParseArgsOptionsConfig> = ReturnType<typeof parse<O>>;

export interface CommandSpec<O extends ParseArgsOptionsConfig> {
  name: string;
  summary: string;
  usage: string;
  options: O;
  /** Positional arguments: their name for messages, and how many; none when absent. */
  positionals?: { name: string; min: number; max: number };
  run(args: ParsedArgs<O>, io: Io): Promise<number>;
}

/**
 * Builds a command from its options and body: parses strictly (an unknown flag is a usage
 * error, not silently ignored), answers `--help`, checks the positional count, and turns a
 * `UsageError` into exit 2 with a pointer to the help.
 */
export function defineCommand<const O extends ParseArgsOptionsConfig>(spec: CommandSpec<O>): Command {
  const { name, summary, usage } = spec;
  return {
    name,
    summary,
    usage,
    async run(args, io) {
      try {
        const parsed = parseOrExplain(args, spec.options);
        if ('help' in parsed.values && parsed.values.help === true) {
          io.stdout(usage);
          return EXIT.ok;
        }
        checkPositionals(parsed.positionals, spec.positionals ?? { name: '', min: 0, max: 0 });
        return await spec.run(parsed, io);
      } catch (error) {
        if (!(error instanceof UsageError)) throw error;
        io.stderr(`carnival ${name}: ${error.message}\nRun 'carnival ${name} --help' for usage.\n`);
        return EXIT.error;
      }
    },
  };
}

function parseOrExplain<O extends ParseArgsOptionsConfig>(args: readonly string[], options: O): ParsedArgs<O> {
  try {
    return parse(args, options);
  } catch (error) {
    // node:util's messages suggest `--` workarounds that only confuse here; say the essentials.
    const code = (error as NodeJS.ErrnoException).code;
    const message = error instanceof Error ? error.message : String(error);
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw new UsageError(`unknown option ${message.match(/'[^']*'/)?.[0] ?? ''}`.trim());
    if (code?.startsWith('ERR_PARSE_ARGS_')) throw new UsageError(message);
    throw error;
  }
}

function checkPositionals(given: readonly string[], expected: { name: string; min: number; max: number }): void {
  if (given.length < expected.min) throw new UsageError(`missing ${expected.name}`);
  if (given.length > expected.max) throw new UsageError(`unexpected argument '${given[expected.max]}'`);
}
