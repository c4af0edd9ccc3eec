import type { Hook, RouteConfig } from '@hono/zod-openapi';
import type { Env } from 'hono';
import type { ZodType } from 'zod';
import { parseWith } from '@carnival/core';
import { problem, type RequestPart } from './problem.ts';
import { honoPath, type Routes } from './routes.ts';

type Target = 'json' | 'param' | 'query' | 'header';
/** Hono's validation targets, named as OpenAPI names a parameter's location. */
const PART: Record<Target, RequestPart> = { json: 'body', param: 'path', query: 'query', header: 'header' };

/**
 * The app's `defaultHook`: a request that fails its route's schema becomes a 422
 * VALIDATION_FAILED problem listing `{in, path, expected, got}`, worded by core `parseWith` like the
 * CLI's campaign validation. The hook is given zod's issues but not the schema, and the issues
 * lack the offending values, so the input is checked again by `parseWith` against the schema of
 * the matched route (looked up by method and route pattern). That costs a second parse on the
 * failure path only.
 */
export function validationHook<E extends Env>(routes: Routes): Hook<unknown, E, string, Response | undefined> {
  const inputs = new Map<string, Partial<Record<Target, ZodType>>>();
  for (const route of Object.values(routes) as RouteConfig[]) {
    const request = (route.request ?? {}) as { params?: ZodType; query?: ZodType; headers?: ZodType; body?: { content: Record<string, { schema: ZodType }> } };
    inputs.set(`${route.method.toUpperCase()} ${honoPath(route)}`, {
      param: request.params,
      query: request.query,
      header: request.headers,
      json: request.body?.content['application/json']?.schema,
    });
  }

  return (result, c) => {
    if (result.success) return;
    const method = c.req.method === 'HEAD' ? 'GET' : c.req.method;
    const schema = inputs.get(`${method} ${c.req.routePath}`)?.[result.target as Target];
    if (!schema) throw new Error(`No ${result.target} schema is known for ${method} ${c.req.routePath}`);
    // @hono/zod-validator passes the input as `data` on failure too; the hook's type omits it.
    const data = (result as { data?: unknown }).data;
    const checked = parseWith(schema, result.target === 'header' ? asUtf8(data) : data);
    const part = PART[result.target as Target];
    return problem(c, { code: 'VALIDATION_FAILED', problems: checked.ok ? [] : checked.problems.map((p) => ({ in: part, ...p })) });
  };
}

/**
 * Header values as the client wrote them: Node reads header bytes as Latin-1, so a UTF-8 `签到-1`
 * arrives as `ç­¾å°-1`. Values that are valid UTF-8 read as such; the problem quotes what was sent.
 */
function asUtf8(headers: unknown): unknown {
  if (typeof headers !== 'object' || headers === null) return headers;
  return Object.fromEntries(
    Object.entries(headers).map(([name, value]) => {
      if (typeof value !== 'string' || !/[\x80-\xff]/.test(value) || /[^\x00-\xff]/.test(value)) return [name, value];
      const decoded = Buffer.from(value, 'latin1').toString('utf8');
      return [name, decoded.includes('\uFFFD') ? value : decoded];
    }),
  );
}
