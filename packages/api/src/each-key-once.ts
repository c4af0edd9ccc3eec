import { repeatedKeyProblem } from '@carnival/core';
import type { MiddlewareHandler } from 'hono';
import { problem } from './problem.ts';

/** The media types Hono's validator reads as JSON (`application/json`, `application/problem+json`), in any case. */
const JSON_MEDIA_TYPE = /^application\/([\w.-]+\+)?json$/i;
const mediaType = (contentType: string) => contentType.split(';')[0]!.trim();

/**
 * Refuses a JSON body with a key written twice in one object, as `carnival validate` refuses such
 * a file: JSON keeps the last and drops the first without a word. Used where a person writes the
 * body (a campaign definition); play bodies are small and machine-written. The validator after it
 * parses the text this reads (Hono keeps it).
 */
export const eachKeyOnce: MiddlewareHandler = async (c, next) => {
  // Only a body the validator will read as JSON; any other is refused there (415), as without this.
  const repeated = JSON_MEDIA_TYPE.test(mediaType(c.req.header('content-type') ?? '')) ? repeatedKeyProblem(await c.req.text()) : undefined;
  if (!repeated) return next();
  return problem(c, { code: 'VALIDATION_FAILED', problems: [{ in: 'body', ...repeated }] });
};
