import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { Io } from './io.ts';

/**
 * Exit codes every command shares. 1: the command ran and found the input wrong (a script can
 * act on that); 2: it could not run: a bad command line, an unreadable file, a file not JSON, an
 * output it cannot write, a server it cannot reach; 130: stopped by Ctrl-C, as shells report an
 * interrupt; 141: its reader closed the pipe (`| head`), as shells report a SIGPIPE.
 */
export const EXIT = { ok: 0, invalid: 1, error: 2, interrupted: 130, brokenPipe: 141 } as const;

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

/**
 * Thrown by a command body when something outside the command line stops it: an output it
 * cannot write, a server it cannot reach. Exit 2 as for a usage error, but without pointing at
 * the help, which would not help.
 */
export class CannotRunError extends Error {
  override readonly name = 'CannotRunError';
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
        if (error instanceof CannotRunError) {
          io.stderr(`carnival ${name}: ${error.message}\n`);
          return EXIT.error;
        }
        if (!(error instanceof UsageError)) throw error;
        io.stderr(`carnival ${name}: ${error.message}\nRun 'carnival ${name} --help' for usage.\n`);
        return EXIT.error;
      }
    },
  };
}

function parseOrExplain<O extends ParseArgsOptionsConfig>(args: readonly string[], options: O): ParsedArgs<O> {
  try {
    return parse(withValuesJoined(args, { ...HELP, ...options }), options);
  } catch (error) {
    // node:util's messages suggest `--` workarounds that only confuse here; say the essentials.
    const code = (error as NodeJS.ErrnoException).code;
    const message = error instanceof Error ? error.message : String(error);
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw new UsageError(`unknown option ${message.match(/'[^']*'/)?.[0] ?? ''}`.trim());
    if (code?.startsWith('ERR_PARSE_ARGS_')) throw new UsageError(message);
    throw error;
  }
}

/**
 * The arguments with each string option's value joined to it (`--players -5` as `--players=-5`):
 * node:util refuses a separate value that starts with a dash as "ambiguous", while here it is a
 * value for the command's own check to judge ("--players: ..., got '-5'"). Also says, naming the
 * option, what node:util would only say in its own words: a value missing, or given to a flag.
 */
function withValuesJoined(args: readonly string[], options: ParseArgsOptionsConfig): string[] {
  const joined: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    // After `--` everything is a positional argument.
    if (arg === '--') return [...joined, ...args.slice(i)];
    const inline = /^--([^=]+)=(.*)$/s.exec(arg);
    if (inline && options[inline[1]!]?.type === 'boolean') throw new UsageError(`--${inline[1]}: takes no value, got '${inline[2]}'`);
    const name = optionNamed(arg, options);
    if (name === undefined || options[name]!.type !== 'string') {
      joined.push(arg);
      continue;
    }
    const value = args[i + 1];
    if (value === undefined) throw new UsageError(`--${name}: expected a value, got nothing`);
    if (value === '--' || isOptionOf(value, options)) throw new UsageError(`--${name}: expected a value, got the option '${value}'`);
    joined.push(`--${name}=${value}`);
    i++;
  }
  return joined;
}

/** The long name of the option `arg` is, alone as `--name` or `-n`; undefined for anything else. */
function optionNamed(arg: string, options: ParseArgsOptionsConfig): string | undefined {
  if (/^--[^=]+$/.test(arg)) return Object.hasOwn(options, arg.slice(2)) ? arg.slice(2) : undefined;
  if (/^-[^-]$/.test(arg)) return Object.keys(options).find((name) => options[name]!.short === arg[1]);
  return undefined;
}

/** Whether `arg` is one of the command's options, alone or with its value (`--seed=x`). */
function isOptionOf(arg: string, options: ParseArgsOptionsConfig): boolean {
  return optionNamed(arg.replace(/=.*$/s, ''), options) !== undefined;
}

function checkPositionals(given: readonly string[], expected: { name: string; min: number; max: number }): void {
  if (given.length < expected.min) throw new UsageError(`missing ${expected.name}`);
  if (given.length > expected.max) throw new UsageError(`unexpected argument '${given[expected.max]}'`);
}
