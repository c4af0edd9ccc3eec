import { constants } from 'node:fs';
import { access, mkdir, open, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { EXIT } from './command.ts';

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
  /**
   * Throws as `writeFile` would if it could not write `path` now (its directory missing or
   * read-only, `path` a directory), writing nothing: for an output checked before the work that fills it.
   */
  checkWritable(path: string): Promise<void>;
  /** Makes a directory and its parents; one that exists is fine. */
  makeDirectory(path: string): Promise<void>;
  /** Whether stderr is a terminal, where progress can redraw in place. */
  isTerminal: boolean;
  /**
   * Calls `handler` on Ctrl-C, SIGTERM (`kill`, `timeout`, a CI job cancelled) or SIGHUP instead of
   * exiting, with the status a shell reports for that signal, until the returned function is called.
   */
  onInterrupt(handler: (status: number) => void): () => void;
}

/**
 * `mkdir -p`, one level at a time: Node 20's recursive `mkdir` spins forever under /proc, where a
 * name can be missing and yet not creatable. A file where a directory should be fails as `mkdir` does.
 */
async function makeDirectories(path: string): Promise<void> {
  const missing: string[] = [];
  const target = resolve(path);
  for (let at = target; ; at = dirname(at)) {
    const found = await stat(at).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    if (found) {
      if (found.isDirectory()) break;
      throw at === target ? fileError('EEXIST', 'file already exists', 'mkdir', path) : fileError('ENOTDIR', 'not a directory', 'mkdir', path);
    }
    missing.push(at);
    if (dirname(at) === at) break;
  }
  for (const dir of missing.reverse()) {
    await mkdir(dir).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error;
    });
  }
}

/** The handlers `processIo.onInterrupt` holds: a stopping signal calls them, and so does a reader going away. */
const interruptHandlers = new Set<(status: number) => void>();
/** The signals that stop a command cleanly, and the status (128 + the signal's number) it then exits with. */
const STOP_SIGNALS = { SIGINT: EXIT.interrupted, SIGTERM: 143, SIGHUP: 129 } as const;
/** Set once the reader of stdout or stderr has gone (`carnival … | head`): later output is dropped. */
let outputClosed = false;

export const processIo: Io = {
  stdout: (text) => void (outputClosed || process.stdout.write(text)),
  stderr: (text) => void (outputClosed || process.stderr.write(text)),
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
  async checkWritable(path) {
    const existing = await stat(path).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    if (existing?.isDirectory()) throw fileError('EISDIR', 'illegal operation on a directory', 'open', path);
    // A new file needs a writable directory; an existing one, write permission of its own.
    await access(existing ? path : dirname(path), constants.W_OK);
  },
  makeDirectory: makeDirectories,
  isTerminal: process.stderr.isTTY === true,
  onInterrupt(handler) {
    const listeners = Object.entries(STOP_SIGNALS).map(([signal, status]) => [signal, () => handler(status)] as const);
    interruptHandlers.add(handler);
    for (const [signal, listener] of listeners) process.on(signal, listener);
    return () => {
      interruptHandlers.delete(handler);
      for (const [signal, listener] of listeners) process.off(signal, listener);
    };
  },
};

/**
 * The reader of this process's output has gone: output is dropped from now on, and a command that
 * can be stopped is stopped as by Ctrl-C, so that it still cleans up after itself (a simulation's
 * temporary database, its keys in a shared Redis). Answers whether one was; if not, there is
 * nothing to wait for.
 */
export function readerGone(): boolean {
  outputClosed = true;
  for (const handler of interruptHandlers) handler(EXIT.brokenPipe);
  return interruptHandlers.size > 0;
}

/** An error as node:fs throws it: `code`, and a message of the code, what it means, the call and the path. */
function fileError(code: string, meaning: string, syscall: string, path: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: ${meaning}, ${syscall} '${path}'`), { code, syscall, path });
}

/**
 * An `Io` over a map of files that records what was written, for tests; `interrupt()` plays Ctrl-C.
 * Like a file system, it cannot write below a file (`--out` under /dev/null) or over a directory.
 */
export function memoryIo(files: Record<string, string> = {}) {
  const interruptHandlers = new Set<(status: number) => void>();
  const out = {
    stdout: '',
    stderr: '',
    files: new Map(Object.entries(files)),
    directories: new Set<string>(),
    /** Plays Ctrl-C, or another stopping signal by its exit status. */
    interrupt: (status: number = EXIT.interrupted) => interruptHandlers.forEach((handler) => handler(status)),
  };
  const checkNotBelowAFile = (path: string, syscall: string) => {
    for (let dir = dirname(path); dir !== dirname(dir); dir = dirname(dir)) {
      if (out.files.has(dir)) throw fileError('ENOTDIR', 'not a directory', syscall, path);
    }
  };
  const checkWritable = (path: string) => {
    checkNotBelowAFile(path, 'open');
    if (out.directories.has(path)) throw fileError('EISDIR', 'illegal operation on a directory', 'open', path);
  };
  const io: Io = {
    stdout: (text) => void (out.stdout += text),
    stderr: (text) => void (out.stderr += text),
    readFile: async (path) => {
      const text = out.files.get(path);
      if (text === undefined) throw fileError('ENOENT', 'no such file or directory', 'open', path);
      return text;
    },
    async *readLines(path) {
      const lines = (await io.readFile(path)).split(/\r?\n/);
      // As readline: a newline ends the last line, it does not start an empty one.
      if (lines.at(-1) === '') lines.pop();
      yield* lines;
    },
    writeFile: async (path, text) => {
      checkWritable(path);
      out.files.set(path, text);
    },
    checkWritable: async (path) => checkWritable(path),
    makeDirectory: async (path) => {
      checkNotBelowAFile(path, 'mkdir');
      if (out.files.has(path)) throw fileError('EEXIST', 'file already exists', 'mkdir', path);
      out.directories.add(path);
    },
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
    case 'EEXIST':
      // Only making a directory meets it: a file has the name.
      return 'is a file, not a directory';
    default: {
      const message = error instanceof Error ? error.message : String(error);
      // Node's "ENOTDIR: not a directory, mkdir '/dev/null/x'": the middle is what a reader needs.
      return code === undefined ? message : message.replace(`${code}: `, '').replace(/, \w+( '.*')?$/s, '');
    }
  }
}
