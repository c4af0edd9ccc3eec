#!/usr/bin/env -S npx tsx
import { run } from './cli.ts';
import { processIo } from './io.ts';

// exitCode rather than process.exit(): let a large stdout write (the schema) drain first.
process.exitCode = await run(process.argv.slice(2), processIo);
