import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { describeFileError, memoryIo, processIo } from './io.ts';

const dir = mkdtempSync(join(tmpdir(), 'carnival-io-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Why `promise` rejected, as a user reads it; 'ok' when it did not. */
const outcome = (promise: Promise<unknown>) => promise.then(() => 'ok', describeFileError);

describe('processIo.checkWritable', () => {
  it('passes a new or existing file in a writable directory, and writes nothing', async () => {
    writeFileSync(join(dir, 'old.json'), 'kept');
    expect(await outcome(processIo.checkWritable(join(dir, 'new.json')))).toBe('ok');
    expect(await outcome(processIo.checkWritable(join(dir, 'old.json')))).toBe('ok');
    expect(existsSync(join(dir, 'new.json'))).toBe(false);
  });

  it('makes a directory and its missing parents, and fails as mkdir would, even under /proc', async () => {
    await processIo.makeDirectory(join(dir, 'a', 'b', 'c'));
    await processIo.makeDirectory(join(dir, 'a', 'b'));
    expect(statSync(join(dir, 'a', 'b', 'c')).isDirectory()).toBe(true);
    writeFileSync(join(dir, 'file'), 'x');
    expect(await outcome(processIo.makeDirectory(join(dir, 'file')))).toBe('is a file, not a directory');
    expect(await outcome(processIo.makeDirectory(join(dir, 'file', 'run')))).toBe('not a directory');
    // Node 20's recursive mkdir never returns here.
    expect(await outcome(processIo.makeDirectory('/proc/carnival-run'))).toMatch(/no such file or directory|permission denied/);
  });

  it('fails as the write would: below a file, in a missing directory, on a directory', async () => {
    mkdirSync(join(dir, 'sub'));
    expect(await outcome(processIo.checkWritable('/dev/null/x.json'))).toBe('not a directory');
    expect(await outcome(processIo.checkWritable(join(dir, 'missing', 'x.json')))).toBe('no such file or directory');
    expect(await outcome(processIo.checkWritable(join(dir, 'sub')))).toBe('is a directory');
  });
});

describe('memoryIo', () => {
  it('cannot write below a file or over a directory, as a file system cannot', async () => {
    const { io, out } = memoryIo({ taken: 'a file' });
    await io.makeDirectory('run');
    expect(await outcome(io.writeFile('taken/report.json', '{}'))).toBe('not a directory');
    expect(await outcome(io.makeDirectory('taken/run'))).toBe('not a directory');
    expect(await outcome(io.makeDirectory('taken'))).toBe('is a file, not a directory');
    expect(await outcome(io.checkWritable('run'))).toBe('is a directory');
    expect(await outcome(io.checkWritable('run/report.json'))).toBe('ok');
    expect([...out.files.keys()]).toEqual(['taken']);
  });
});

describe('describeFileError', () => {
  it("keeps what node's message means, without the code, the call and the path", () => {
    const error = (code: string, message: string) => Object.assign(new Error(message), { code });
    expect(describeFileError(error('ENOTDIR', "ENOTDIR: not a directory, mkdir '/dev/null/x'"))).toBe('not a directory');
    expect(describeFileError(error('ENOSPC', 'ENOSPC: no space left on device, write'))).toBe('no space left on device');
    expect(describeFileError(new Error('something else'))).toBe('something else');
  });
});
