import { mkdir, open, readFile, writeFile } from 'node:fs/promises';

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
  /** Makes a directory and its parents; one that exists is fine. */
  makeDirectory(path: string): Promise<void>;
  /** Whether stderr is a terminal, where progress can redraw in place. */
  isTerminal: boolean;
  /** Calls `handler` on Ctrl-C instead of exiting, until the returned function is called. */
  onInterrupt(handler: () => void): () => void;
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
  makeDirectory: async (path) => void (await mkdir(path, { recursive: true })),
  isTerminal: process.stderr.isTTY === true,
  onInterrupt(handler) {
    process.on('SIGINT', handler);
    return () => void process.off('SIGINT', handler);
  },
};

/** An `Io` over a map of files that records what was written, for tests; `interrupt()` plays Ctrl-C. */
export function memoryIo(files: Record<string, string> = {}) {
  const interruptHandlers = new Set<() => void>();
  const out = { stdout: '', stderr: '', files: new Map(Object.entries(files)), directories: new Set<string>(), interrupt: () => interruptHandlers.forEach((handler) => handler()) };
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
    makeDirectory: async (path) => void out.directories.add(path),
    isTerminal: false,
    onInterrupt(handler) {
      interruptHandlers.add(handler);
      return () => void interruptHandlers.delete(handler);
    },
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
