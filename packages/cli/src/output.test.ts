import { describe, expect, it } from 'vitest';
import { CannotRunError } from './command.ts';
import { memoryIo } from './io.ts';
import { checkOutputFile, prepareOutputDirectory, writeOutput } from './output.ts';

/** The message a `CannotRunError` says, or 'ok'. */
const outcome = (promise: Promise<unknown>) =>
  promise.then(
    () => 'ok',
    (error: unknown) => (error instanceof CannotRunError ? error.message : `not a CannotRunError: ${String(error)}`),
  );

describe('outputs', () => {
  it('makes an output directory and checks its files before any is written', async () => {
    const { io, out } = memoryIo();
    expect(await outcome(prepareOutputDirectory(io, '--out', 'run', ['run/report.json']))).toBe('ok');
    expect(out.directories.has('run')).toBe(true);
    expect(out.files.size).toBe(0);
  });

  it('names the option and the path it cannot write, and why', async () => {
    const { io } = memoryIo({ '/dev/null': '' });
    expect(await outcome(prepareOutputDirectory(io, '--out', '/dev/null/x', ['/dev/null/x/report.json']))).toBe('--out: cannot write /dev/null/x: not a directory');
    expect(await outcome(checkOutputFile(io, '--out', '/dev/null/x.json'))).toBe('--out: cannot write /dev/null/x.json: not a directory');
    expect(await outcome(writeOutput(io, '-o', '/dev/null/x.json', '{}'))).toBe('-o: cannot write /dev/null/x.json: not a directory');
  });
});
