#!/usr/bin/env -S npx tsx
import { run } from './cli.ts';
import { EXIT } from './command.ts';
import { processIo, readerGone } from './io.ts';

// A reader that went away (`carnival report diff A B | head -1`) wants no more: stop quietly, with
// 141 (128 + SIGPIPE), the status a shell reports for `cat` in `cat FILE | head -1`; 0 would tell
// a script under pipefail that `report diff` found the reports the same. A command that can be
// stopped stops as on Ctrl-C and cleans up first; any other stops at once.
let brokenPipe = false;
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    brokenPipe = true;
    if (!readerGone()) process.exit(EXIT.brokenPipe);
  });
}

// exitCode rather than process.exit(): let a large stdout write (the schema) drain first.
const code = await run(process.argv.slice(2), processIo);
process.exitCode = brokenPipe ? EXIT.brokenPipe : code;
