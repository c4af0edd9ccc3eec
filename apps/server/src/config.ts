import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import { z } from 'zod';
import { formatProblem, parseWith } from '@carnival/core';

/** The repository root, found from this file, so defaults hold whatever the working directory. */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** Known to everyone: only for CARNIVAL_DEV=1, where anyone may mint tokens anyway. */
export const DEV_PLAYER_TOKEN_SECRET = 'carnival-dev-player-token-secret';
export const DEV_ADMIN_KEY = 'carnival-dev-admin-key';

const flag = (name: string) =>
  z
    .enum(['1', '0', 'true', 'false'], { error: `1 or 0 (${name})` })
    .optional()
    .transform((value) => value === '1' || value === 'true');

const secret = z.string().min(16, { error: 'at least 16 characters' }).optional();

const Env = z.object({
  PORT: z
    .string()
    .regex(/^\d{1,5}$/, { error: 'a port number from 0 to 65535' })
    .transform(Number)
    .refine((port) => port <= 65_535, { error: 'a port number from 0 to 65535' })
    .default(8787),
  HOST: z.string().min(1).default('127.0.0.1'),
  CARNIVAL_STORE: z.enum(['sqlite', 'redis']).default('sqlite'),
  CARNIVAL_DB: z.string().min(1).optional(),
  CARNIVAL_SYNCHRONOUS: z.enum(['FULL', 'NORMAL'], { error: 'FULL or NORMAL' }).default('FULL'),
  CARNIVAL_PLAYER_TOKEN_SECRET: secret,
  CARNIVAL_ADMIN_KEY: secret,
  CARNIVAL_DEV: flag('development mode'),
  CARNIVAL_CLOCK: z.enum(['system', 'manual'], { error: 'system or manual' }).default('system'),
  CARNIVAL_CLOCK_START: z.iso.datetime({ offset: true, error: 'an ISO-8601 date-time with an offset, like 2026-10-20T20:00:00+08:00' }).optional(),
  CARNIVAL_CLOCK_RUNNING: flag('a ticking manual clock'),
  CARNIVAL_SCHEDULER_SECONDS: z
    .string()
    .regex(/^\d{1,6}$/, { error: 'whole seconds, 0 to turn the scheduler off' })
    .transform(Number)
    .default(10),
  CARNIVAL_PUBLIC_VALUES: z.string().min(1).optional(),
  REDIS_URL: z.string().regex(/^rediss?:\/\/\S+$/, { error: 'a redis:// or rediss:// URL, like redis://127.0.0.1:6379' }).optional(),
});

export type ClockConfig = { mode: 'system' } | { mode: 'manual'; start: number | undefined; running: boolean };

export interface ServerConfig {
  port: number;
  host: string;
  /** Where campaigns live: the SQLite file (`dbPath`), or Redis at `redisUrl`, shared by every server process on it. */
  store: 'sqlite' | 'redis';
  /** Absolute path of the SQLite file. */
  dbPath: string;
  synchronous: 'FULL' | 'NORMAL';
  /** Redis for CARNIVAL_STORE=redis (default redis://127.0.0.1:6379). */
  redisUrl: string | undefined;
  playerTokenSecret: string;
  adminKey: string;
  dev: boolean;
  clock: ClockConfig;
  /** Seconds between the scheduler's passes; 0: no scheduler. */
  schedulerSeconds: number;
  /** The JSON file the operator writes lotteries' public values into, once published. */
  publicValuesPath: string | undefined;
  /** Things worth saying at startup that do not stop it (dev secrets in use). */
  warnings: string[];
}

export type LoadedConfig = { ok: true; config: ServerConfig } | { ok: false; errors: string[] };

/**
 * Reads the server's settings from the environment. Every error names its variable, so a
 * misconfigured deployment says exactly what to fix; production refuses to start without secrets.
 *
 * @example
 * const loaded = loadConfig(process.env);
 * if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
 */
export function loadConfig(env: NodeJS.ProcessEnv): LoadedConfig {
  const raw = pick(env);
  const parsed = parseWith(Env, raw);
  if (!parsed.ok) return { ok: false, errors: parsed.problems.map(formatProblem) };
  const e = parsed.value;
  const errors: string[] = [];
  const warnings: string[] = [];

  let playerTokenSecret = e.CARNIVAL_PLAYER_TOKEN_SECRET;
  let adminKey = e.CARNIVAL_ADMIN_KEY;
  if (e.CARNIVAL_DEV) {
    if (playerTokenSecret === undefined || adminKey === undefined) {
      warnings.push('Development mode: using the fixed dev secrets for what is not set; never expose this server.');
    }
    playerTokenSecret ??= DEV_PLAYER_TOKEN_SECRET;
    adminKey ??= DEV_ADMIN_KEY;
  } else {
    for (const [name, value] of [
      ['CARNIVAL_PLAYER_TOKEN_SECRET', playerTokenSecret],
      ['CARNIVAL_ADMIN_KEY', adminKey],
    ] as const) {
      if (value === undefined) errors.push(`${name}: expected a secret of at least 16 characters (or CARNIVAL_DEV=1 for development defaults), got nothing`);
    }
  }

  if (e.CARNIVAL_CLOCK === 'system') {
    for (const name of ['CARNIVAL_CLOCK_START', 'CARNIVAL_CLOCK_RUNNING'] as const) {
      if (raw[name] !== undefined) errors.push(`${name}: expected only with CARNIVAL_CLOCK=manual, got CARNIVAL_CLOCK=system`);
    }
  }
  // A setting of the store not chosen would be silently ignored: say so instead.
  const unused = e.CARNIVAL_STORE === 'sqlite' ? (['REDIS_URL'] as const) : (['CARNIVAL_DB', 'CARNIVAL_SYNCHRONOUS'] as const);
  for (const name of unused) {
    if (raw[name] !== undefined) errors.push(`${name}: expected only with CARNIVAL_STORE=${e.CARNIVAL_STORE === 'sqlite' ? 'redis' : 'sqlite'}, got CARNIVAL_STORE=${e.CARNIVAL_STORE}`);
  }
  if (errors.length > 0 || playerTokenSecret === undefined || adminKey === undefined) return { ok: false, errors };

  return {
    ok: true,
    config: {
      port: e.PORT,
      host: e.HOST,
      store: e.CARNIVAL_STORE,
      dbPath: e.CARNIVAL_DB === undefined ? resolve(REPO_ROOT, 'data/carnival.db') : resolve(e.CARNIVAL_DB),
      synchronous: e.CARNIVAL_SYNCHRONOUS,
      redisUrl: e.CARNIVAL_STORE === 'redis' ? (e.REDIS_URL ?? 'redis://127.0.0.1:6379') : undefined,
      playerTokenSecret,
      adminKey,
      dev: e.CARNIVAL_DEV,
      clock:
        e.CARNIVAL_CLOCK === 'system'
          ? { mode: 'system' }
          : { mode: 'manual', start: e.CARNIVAL_CLOCK_START === undefined ? undefined : Date.parse(e.CARNIVAL_CLOCK_START), running: e.CARNIVAL_CLOCK_RUNNING },
      schedulerSeconds: e.CARNIVAL_SCHEDULER_SECONDS,
      publicValuesPath: e.CARNIVAL_PUBLIC_VALUES === undefined ? undefined : resolve(e.CARNIVAL_PUBLIC_VALUES),
      warnings,
    },
  };
}

/** Only the variables the server reads: the rest of the environment is none of its business. */
function pick(env: NodeJS.ProcessEnv): Record<string, string> {
  const known: Record<string, string> = {};
  for (const name of Object.keys(Env.shape)) {
    const value = env[name];
    // An empty variable (`PORT=`) means unset, as in most shells' `${PORT:-8787}`.
    if (value !== undefined && value !== '') known[name] = value;
  }
  return known;
}
