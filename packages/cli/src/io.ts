import { open, readFile, writeFile } from 'node:fs/promises';

/**
 * Everything a command touches outside itself. Commands take it as a parameter so tests run
 * them in-process against memory, and so no command reaches for `process` on its own.
 */
export interface Io {
  /** Writes text as given: callers end their lines. */
  stdout(text: string): void;
  stderr(text: string): void;
  readFile(path: string): Promise<string>;
  /** A text file's lines, read as they are consumed, so a file of millions of lines takes the memory of one. */
  readLines(path: string): AsyncIterable<string>;
  writeFile(path: string, text: string): Promise<void>;
}

export const processIo: Io = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
  readFile: (path) => readFile(path, 'utf8'),
  async *readLines(path) {
    // Opened first, so a missing file fails before the first line rather than inside readline.
    const file = await open(path);
    try {
      yield* file.readLines({ encoding: 'utf8' });
    } finally {
      await file.close();
    }
  },
  writeFile: (path, text) => writeFile(path, text, 'utf8'),
};

/** An `Io` over a map of files that records what was written, for tests. */
export function memoryIo(files: Record<string, string> = {}) {
  const out = { stdout: '', stderr: '', files: new Map(Object.entries(files)) };
  const io: Io = {
    stdout: (text) => void (out.stdout += text),
    stderr: (text) => void (out.stderr += text),
    readFile: async (path) => {
      const text = out.files.get(path);
      if (text === undefined) throw Object.assign(new Error(`ENOENT: no such file or directory, open '${path}'`), { code: 'ENOENT' });
      return text;
    },
    async *readLines(path) {
      const lines = (await io.readFile(path)).split(/\r?\n/);
      // As readline: a newline ends the last line, it does not start an empty one.
      if (lines.at(-1) === '') lines.pop();
      yield* lines;
    },
    writeFile: async (path, text) => void out.files.set(path, text),
  };
  return { io, out };
}

/** A file-system error said briefly, without the stack or the syscall name. */
export function describeFileError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EISDIR':
      return 'is a directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}
