import { spawnSync } from 'node:child_process';
import { ENGINE_VERSION } from '@carnival/core';
import { describe, expect, it } from 'vitest';
import { commands, run, usage } from './cli.ts';
import { memoryIo } from './io.ts';
import { carnivalArgs, repositoryRoot } from './testing.ts';

async function carnival(...args: string[]) {
  const { io, out } = memoryIo();
  const code = await run(args, io);
  return { code, stdout: out.stdout, stderr: out.stderr };
}

describe('carnival', () => {
  it('lists every command in --help', async () => {
    const result = await carnival('--help');
    expect(result.code).toBe(0);
    for (const command of commands) expect(result.stdout).toMatch(new RegExp(`^  ${command.name} +${command.summary}$`, 'm'));
  });

  it('gives per-command help as `help NAME` and `NAME --help`', async () => {
    for (const command of commands) {
      expect(await carnival('help', command.name)).toEqual({ code: 0, stdout: command.usage, stderr: '' });
      expect(await carnival(command.name, '-h')).toEqual({ code: 0, stdout: command.usage, stderr: '' });
    }
  });

  it('names the engine version a report would name, as --version, -V or version', async () => {
    for (const flag of ['--version', '-V', 'version']) expect(await carnival(flag)).toEqual({ code: 0, stdout: `carnival ${ENGINE_VERSION}\n`, stderr: '' });
    expect(ENGINE_VERSION).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('prints the usage to stderr and exits 2 without a command', async () => {
    expect(await carnival()).toEqual({ code: 2, stdout: '', stderr: usage() });
  });

  it('treats unknown commands and flags as usage errors', async () => {
    expect(await carnival('simulat')).toEqual({
      code: 2,
      stdout: '',
      stderr: "carnival: unknown command 'simulat'\nRun 'carnival --help' for the list of commands.\n",
    });
    expect((await carnival('--verbose')).stderr).toMatch(/^carnival: unknown option '--verbose'\n/);
    expect((await carnival('help', 'nope')).code).toBe(2);
  });

  it('runs as a real process: the bin, stdout, stderr and the exit code are wired', () => {
    const args = carnivalArgs('validate', 'examples/double11-cat-candy.json', 'missing.json');
    const child = spawnSync(process.execPath, args, { cwd: repositoryRoot, encoding: 'utf8' });
    expect(child.status).toBe(2);
    expect(child.stdout).toBe('examples/double11-cat-candy.json: valid (14 tasks, 2 boxes, 4 phases)\n');
    expect(child.stderr).toBe('missing.json: cannot read: no such file or directory\n');
  });
});
