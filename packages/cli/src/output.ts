import { CannotRunError } from './command.ts';
import { describeFileError, type Io } from './io.ts';

/**
 * Files a command writes where an option says. A command checks them before the work that fills
 * them, so a typo in `--out` costs no run; any failure is one line that names the option.
 */

/** Makes the directory `dir` that `option` names and checks that each of `files` can be written. */
export async function prepareOutputDirectory(io: Io, option: string, dir: string, files: readonly string[]): Promise<void> {
  await io.makeDirectory(dir).catch((error: unknown) => {
    throw cannotWrite(option, dir, error);
  });
  for (const file of files) await checkOutputFile(io, option, file);
}

/** Checks that the file `option` names can be written; its directory must exist. */
export async function checkOutputFile(io: Io, option: string, path: string): Promise<void> {
  await io.checkWritable(path).catch((error: unknown) => {
    throw cannotWrite(option, path, error);
  });
}

/** Writes a file `option` named; a failure (a full disk) is a `CannotRunError`, not a stack trace. */
export async function writeOutput(io: Io, option: string, path: string, text: string): Promise<void> {
  await io.writeFile(path, text).catch((error: unknown) => {
    throw cannotWrite(option, path, error);
  });
}

function cannotWrite(option: string, path: string, error: unknown): CannotRunError {
  return new CannotRunError(`${option}: cannot write ${path}: ${describeFileError(error)}`);
}
