import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { EXIT } from './command.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));

describe('carnival as a process', () => {
  it('stops quietly with 141 when its reader closes the pipe (carnival ... | head -1)', async () => {
    // As `pnpm carnival` runs it: node with tsx's loader.
    const child = spawn(process.execPath, ['--import', 'tsx', 'packages/cli/src/main.ts', 'schema'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    // The reader is gone before the first write: every write meets EPIPE.
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (data: Buffer) => void (stderr += String(data)));
    const status = await new Promise<number | null>((resolve) => child.once('close', resolve));
    expect({ status, stderr }).toEqual({ status: EXIT.brokenPipe, stderr: '' });
  });
});
