import { firstRepeatedKey, formatPath } from '@carnival/core';
import type { MiddlewareHandler } from 'hono';
import { problem } from './problem.ts';

/**
 * Refuses a JSON body with a key written twice in one object, as `carnival validate` refuses such
 * a file: JSON keeps the last and drops the first without a word. Used where a person writes the
 * body (a campaign definition); play bodies are small and machine-written. The validator after it
 * parses the text this reads (Hono keeps it).
 */
export const eachKeyOnce: MiddlewareHandler = async (c, next) => {
  const repeated = c.req.header('content-type')?.includes('json') ? firstRepeatedKey(await c.req.text()) : undefined;
  if (!repeated) return next();
  const path = formatPath([...repeated.objectPath, repeated.key]);
  const got = `${JSON.stringify(repeated.key)} again (JSON would keep the last and drop the first)`;
  return problem(c, { code: 'VALIDATION_FAILED', problems: [{ in: 'body', path, expected: 'each key once in an object', got }] });
};
