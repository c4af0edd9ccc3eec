import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEV_ADMIN_KEY, DEV_PLAYER_TOKEN_SECRET, loadConfig, REPO_ROOT } from './config.ts';

const SECRETS = { CARNIVAL_PLAYER_TOKEN_SECRET: 'a-player-token-secret', CARNIVAL_ADMIN_KEY: 'an-admin-key-of-16+' };

describe('loadConfig', () => {
  it('has defaults for everything but the secrets', () => {
    expect(loadConfig(SECRETS)).toEqual({
      ok: true,
      config: {
        port: 8787,
        host: '127.0.0.1',
        store: 'sqlite',
        dbPath: join(REPO_ROOT, 'data/carnival.db'),
        synchronous: 'FULL',
        redisUrl: undefined,
        playerTokenSecret: SECRETS.CARNIVAL_PLAYER_TOKEN_SECRET,
        adminKey: SECRETS.CARNIVAL_ADMIN_KEY,
        dev: false,
        clock: { mode: 'system' },
        schedulerSeconds: 10,
        publicValuesPath: undefined,
        warnings: [],
      },
    });
  });

  it('finds the repository root from its own file, not the working directory', () => {
    expect(existsSync(join(REPO_ROOT, 'pnpm-workspace.yaml'))).toBe(true);
  });

  it('reads every variable', () => {
    const loaded = loadConfig({
      ...SECRETS,
      PORT: '0',
      HOST: '0.0.0.0',
      CARNIVAL_DB: '/tmp/c.db',
      CARNIVAL_SYNCHRONOUS: 'NORMAL',
      CARNIVAL_DEV: '1',
      CARNIVAL_CLOCK: 'manual',
      CARNIVAL_CLOCK_START: '2026-10-20T20:00:00+08:00',
      CARNIVAL_CLOCK_RUNNING: '1',
      CARNIVAL_SCHEDULER_SECONDS: '0',
      CARNIVAL_PUBLIC_VALUES: '/tmp/public-values.json',
    });
    expect(loaded).toMatchObject({
      ok: true,
      config: {
        port: 0,
        host: '0.0.0.0',
        dbPath: '/tmp/c.db',
        synchronous: 'NORMAL',
        dev: true,
        clock: { mode: 'manual', start: Date.parse('2026-10-20T12:00:00Z'), running: true },
        schedulerSeconds: 0,
        publicValuesPath: '/tmp/public-values.json',
        warnings: [],
      },
    });
  });

  it('refuses to start without secrets outside development, naming the variables', () => {
    expect(loadConfig({})).toEqual({
      ok: false,
      errors: [
        'CARNIVAL_PLAYER_TOKEN_SECRET: expected a secret of at least 16 characters (or CARNIVAL_DEV=1 for development defaults), got nothing',
        'CARNIVAL_ADMIN_KEY: expected a secret of at least 16 characters (or CARNIVAL_DEV=1 for development defaults), got nothing',
      ],
    });
  });

  it('uses the fixed dev secrets in development, with a warning', () => {
    const loaded = loadConfig({ CARNIVAL_DEV: '1' });
    expect(loaded).toMatchObject({ ok: true, config: { playerTokenSecret: DEV_PLAYER_TOKEN_SECRET, adminKey: DEV_ADMIN_KEY, dev: true } });
    expect(loaded.ok && loaded.config.warnings).toHaveLength(1);
  });

  it('names the variable of every bad value', () => {
    const loaded = loadConfig({
      PORT: 'http',
      CARNIVAL_SYNCHRONOUS: 'OFF',
      CARNIVAL_CLOCK: 'lunar',
      CARNIVAL_CLOCK_START: '2026-10-20 20:00',
      CARNIVAL_DEV: 'yes',
      CARNIVAL_ADMIN_KEY: 'short',
    });
    expect(loaded.ok).toBe(false);
    const errors = loaded.ok ? [] : loaded.errors;
    for (const name of ['PORT', 'CARNIVAL_SYNCHRONOUS', 'CARNIVAL_CLOCK', 'CARNIVAL_CLOCK_START', 'CARNIVAL_DEV', 'CARNIVAL_ADMIN_KEY']) {
      expect(errors.some((error) => error.startsWith(`${name}: expected`))).toBe(true);
    }
    expect(errors).toContain('PORT: expected a port number from 0 to 65535, got "http"');
  });

  it('refuses manual-clock settings on the system clock', () => {
    expect(loadConfig({ ...SECRETS, CARNIVAL_CLOCK_RUNNING: '1' })).toEqual({
      ok: false,
      errors: ['CARNIVAL_CLOCK_RUNNING: expected only with CARNIVAL_CLOCK=manual, got CARNIVAL_CLOCK=system'],
    });
  });

  it('chooses Redis with CARNIVAL_STORE=redis, at REDIS_URL or the local default', () => {
    expect(loadConfig({ ...SECRETS, CARNIVAL_STORE: 'redis' })).toMatchObject({ ok: true, config: { store: 'redis', redisUrl: 'redis://127.0.0.1:6379' } });
    expect(loadConfig({ ...SECRETS, CARNIVAL_STORE: 'redis', REDIS_URL: 'redis://10.0.0.5:6380/2' })).toMatchObject({
      ok: true,
      config: { store: 'redis', redisUrl: 'redis://10.0.0.5:6380/2' },
    });
  });

  it("refuses a store's settings when the other store is chosen, and bad store values, naming the variables", () => {
    expect(loadConfig({ ...SECRETS, REDIS_URL: 'redis://127.0.0.1:6379' })).toEqual({
      ok: false,
      errors: ['REDIS_URL: expected only with CARNIVAL_STORE=redis, got CARNIVAL_STORE=sqlite'],
    });
    expect(loadConfig({ ...SECRETS, CARNIVAL_STORE: 'redis', CARNIVAL_DB: '/tmp/c.db', CARNIVAL_SYNCHRONOUS: 'NORMAL' })).toEqual({
      ok: false,
      errors: [
        'CARNIVAL_DB: expected only with CARNIVAL_STORE=sqlite, got CARNIVAL_STORE=redis',
        'CARNIVAL_SYNCHRONOUS: expected only with CARNIVAL_STORE=sqlite, got CARNIVAL_STORE=redis',
      ],
    });
    const loaded = loadConfig({ ...SECRETS, CARNIVAL_STORE: 'postgres', REDIS_URL: 'localhost:6379' });
    const errors = loaded.ok ? [] : loaded.errors;
    expect(errors).toEqual([
      'CARNIVAL_STORE: expected one of "sqlite", "redis", got "postgres"',
      'REDIS_URL: expected a redis:// or rediss:// URL, like redis://127.0.0.1:6379, got "localhost:6379"',
    ]);
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ ...SECRETS, PORT: '', CARNIVAL_CLOCK: '' })).toMatchObject({ ok: true, config: { port: 8787, clock: { mode: 'system' } } });
  });
});
