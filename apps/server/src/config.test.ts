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
        dbPath: join(REPO_ROOT, 'data/carnival.db'),
        synchronous: 'FULL',
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

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ ...SECRETS, PORT: '', CARNIVAL_CLOCK: '' })).toMatchObject({ ok: true, config: { port: 8787, clock: { mode: 'system' } } });
  });
});
