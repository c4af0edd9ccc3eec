import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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
