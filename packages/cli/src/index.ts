export { commands, run, usage } from './cli.ts';
export { defineCommand, EXIT, UsageError, type Command, type CommandSpec, type ParsedArgs } from './command.ts';
export { memoryIo, processIo, type Io } from './io.ts';
export { schemaText } from './commands/schema.ts';
export type { FileReport } from './commands/validate.ts';
