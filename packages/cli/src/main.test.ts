import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { EXIT } from './command.ts';
import { carnivalArgs, repositoryRoot } from './testing.ts';

describe('carnival as a process', () => {
  it('stops quietly with 141 when its reader closes the pipe (carnival ... | head -1)', async () => {
    const child = spawn(process.execPath, carnivalArgs('schema'), { cwd: repositoryRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    // The reader is gone before the first write: every write meets EPIPE.
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (data: Buffer) => void (stderr += String(data)));
    const status = await new Promise<number | null>((resolve) => child.once('close', resolve));
    expect({ status, stderr }).toEqual({ status: EXIT.brokenPipe, stderr: '' });
  });
});
