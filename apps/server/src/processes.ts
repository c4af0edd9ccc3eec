import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { REPO_ROOT } from './config.ts';

/**
 * Real server processes for the suites that test what only a process shows: a crash, a restart
 * on the same files, several servers on one store.
 */

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));

export interface ServerProcess {
  child: ChildProcess;
  /** The working directory it runs in (relative paths in its environment resolve there). */
  cwd: string;
  /** Everything it printed, stdout and stderr, line by line. */
  output: string[];
  /** Its base URL, once it listens. */
  url: Promise<string>;
}

/** Starts and tracks server processes, and stops every one (and removes their directories) in `cleanup`. */
export class ServerProcesses {
  readonly #children: ChildProcess[] = [];
  readonly #dirs: string[] = [];

  /** Runs the server as `pnpm start` would, from a directory that is not the repository. */
  run(env: Record<string, string>, cwd = mkdtempSync(join(tmpdir(), 'carnival-main-'))): ServerProcess {
    if (!this.#dirs.includes(cwd)) this.#dirs.push(cwd);
    // Detached: tsx and the server it starts form a process group of their own, which `crash` kills.
    const child = spawn(join(REPO_ROOT, 'node_modules/.bin/tsx'), [MAIN], {
      cwd,
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    this.#children.push(child);
    const output: string[] = [];
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => output.push(line));
    createInterface({ input: child.stderr! }).on('line', (line) => output.push(line));
    const url = new Promise<string>((resolve, reject) => {
      lines.on('line', (line) => {
        const match = /^Carnival play API on (http:\/\/\S+)/.exec(line);
        if (match) resolve(match[1]!);
      });
      child.once('exit', () => reject(new Error(`exited before listening:\n${output.join('\n')}`)));
    });
    return { child, cwd, output, url };
  }

  /** Stops every server still running, tsx's and the server's process both, and removes their directories. */
  cleanup(): void {
    for (const child of this.#children.splice(0)) {
      if (child.exitCode === null) child.kill('SIGTERM');
      signalGroup(child, 'SIGKILL');
    }
    this.#dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true }));
  }
}

/**
 * Kills the server at once, as a power cut would. `tsx` runs the server in a process of its own
 * and SIGKILL is not relayed: killing only `tsx` would leave the server running (and holding the
 * database), so the whole process group is killed, and awaited until none of it is left.
 */
export async function crash(child: ChildProcess): Promise<void> {
  signalGroup(child, 'SIGKILL');
  if (child.exitCode === null && child.signalCode === null) await once(child, 'exit');
  while (signalGroup(child, 0)) await new Promise((resolve) => setTimeout(resolve, 5));
}

/** Signals every process of the child's group (it leads one: spawned detached); false once none is left. */
function signalGroup(child: ChildProcess, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-child.pid!, signal);
    return true;
  } catch {
    return false;
  }
}
