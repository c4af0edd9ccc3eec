import { fileURLToPath } from 'node:url';

/** The repository root, where `pnpm carnival` runs. */
export const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** What `pnpm carnival ARGS` runs node with, from the repository root: tsx's loader on the CLI's entry point. */
export const carnivalArgs = (...args: string[]) => ['--import', 'tsx', 'packages/cli/src/main.ts', ...args];
