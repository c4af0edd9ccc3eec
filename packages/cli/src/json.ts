import { lineAndColumn, repeatedKeyProblem, type Problem } from '@carnival/core';
import jsonc from 'jsonc-parser';
import { describeFileError, type Io } from './io.ts';

/**
 * JSON parsing that says where a file is broken. `JSON.parse` decides what is valid; on Node 20
 * its message often has no position ("Unexpected token '}', ... is not valid JSON"), so a failed
 * parse is handed to jsonc-parser in strict mode (no comments, no trailing commas), which
 * reports the offset and kind of the first error, for a designer editing a long campaign file.
 */

/**
 * Parsed JSON, with the keys written twice in one object as problems of the document (a key
 * repeated is no syntax error: the text is JSON, but it says two things and JSON.parse keeps the
 * last), or where the text stops being JSON.
 */
export type ParsedJson =
  | { ok: true; value: unknown; repeated: Problem[] }
  | { ok: false; error: { line: number; column: number; message: string } };

/** What was expected at the error, by jsonc-parser's error name, completing "expected …". */
const EXPECTED: Record<string, string> = {
  InvalidSymbol: 'a value',
  ValueExpected: 'a value',
  PropertyNameExpected: 'a property name in double quotes',
  ColonExpected: "':' after the property name",
  CommaExpected: "',' between values",
  CloseBraceExpected: "'}' to close the object",
  CloseBracketExpected: "']' to close the array",
  EndOfFileExpected: 'the end of the file',
  UnexpectedEndOfString: 'a string closed by \'"\' on the same line',
  InvalidEscapeCharacter: 'a valid escape in the string',
  InvalidCharacter: 'a string without control characters',
  InvalidUnicode: 'a \\u escape of four hex digits',
  UnexpectedEndOfNumber: 'a complete number',
  InvalidNumberFormat: 'a number',
  InvalidCommentToken: 'no comments (JSON has none)',
  UnexpectedEndOfComment: 'no comments (JSON has none)',
};

/**
 * Parses JSON text, finding a key repeated in one object (core `repeatedKeyProblem`); the caller
 * counts it among the document's problems. `repeatedKeys: 'last wins'` skips that search, for
 * millions of machine-written lines.
 */
export function parseJson(text: string, options: { repeatedKeys?: 'find' | 'last wins' } = {}): ParsedJson {
  // Editors on Windows may save a byte-order mark, which JSON.parse refuses.
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  let value: unknown;
  try {
    value = JSON.parse(source);
  } catch (error) {
    const errors: jsonc.ParseError[] = [];
    jsonc.parse(source, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
    const first = errors[0];
    const offset = first?.offset ?? source.length;
    const got = offset < source.length ? JSON.stringify(source[offset]) : 'the end of the file';
    const expected = first && EXPECTED[jsonc.printParseErrorCode(first.error)];
    const message = expected ? `expected ${expected}, got ${got}` : error instanceof Error ? error.message : String(error);
    return { ok: false, error: { ...lineAndColumn(source, offset), message } };
  }
  const repeated = options.repeatedKeys === 'last wins' ? undefined : repeatedKeyProblem(source);
  return { ok: true, value, repeated: repeated ? [repeated] : [] };
}

/** `invalid JSON at line 3, column 9: expected a value, got "x"` */
export function describeJsonError(error: { line: number; column: number; message: string }): string {
  return `invalid JSON at line ${error.line}, column ${error.column}: ${error.message}`;
}

export type ReadJson = { ok: true; value: unknown; repeated: Problem[]; text: string } | { ok: false; error: string };

/** A file's JSON (and its text), or why it could not be had: worded as `carnival validate` words it. */
export async function readJson(file: string, io: Io): Promise<ReadJson> {
  let text: string;
  try {
    text = await io.readFile(file);
  } catch (error) {
    return { ok: false, error: `cannot read: ${describeFileError(error)}` };
  }
  const parsed = parseJson(text);
  return parsed.ok ? { ...parsed, text } : { ok: false, error: describeJsonError(parsed.error) };
}
