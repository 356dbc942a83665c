// The public REST API's building blocks (F43): one route = method, path, scope, zod schemas
// and a handler. The same route table serves requests (./index.ts) and is the OpenAPI document
// (./openapi.ts), so the document cannot drift from what is served.
import { z } from 'zod';
import type { ApiScope } from '$lib/integrations/scopes';
import { AppError } from '../../errors';
import { isUnavailable } from '../../pocketbase/client';
import type { ApiKeyRecord } from '../keys';

export type Method = 'get' | 'post' | 'patch';

export interface RouteContext<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  key: ApiKeyRecord;
  headers: Headers;
}

export interface RouteResult {
  status?: number;
  body: unknown;
  headers?: Record<string, string>;
  /** a file instead of JSON (the route's `responseType`) */
  raw?: Uint8Array<ArrayBuffer>;
}

export interface ApiRoute<P extends z.ZodType = z.ZodType, Q extends z.ZodType = z.ZodType, B extends z.ZodType = z.ZodType> {
  method: Method;
  /** OpenAPI style: /orders/{id} */
  path: string;
  operationId: string;
  summary: string;
  tag: string;
  scope: ApiScope;
  params?: P;
  query?: Q;
  body?: B;
  /** required request headers (documented; checked by the handler) */
  requestHeaders?: z.ZodObject;
  response: z.ZodType;
  /** default application/json */
  responseType?: string;
  status?: 200 | 201;
  handler(ctx: RouteContext<z.infer<P>, z.infer<Q>, z.infer<B>>): Promise<RouteResult>;
}

export const defineRoute = <P extends z.ZodType = z.ZodObject, Q extends z.ZodType = z.ZodObject, B extends z.ZodType = z.ZodObject>(r: ApiRoute<P, Q, B>) => r as unknown as ApiRoute;

/** RFC 9457 problem details */
export const Problem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  errors: z.array(z.object({ field: z.string(), message: z.string() })).optional()
});
export type Problem = z.infer<typeof Problem>;

export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly slug: string,
    readonly title: string,
    detail?: string,
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {}
  ) {
    super(detail ?? title);
  }
}

export function problemResponse(p: ApiProblem): Response {
  const body = { type: `https://packbench.dev/problems/${p.slug}`, title: p.title, status: p.status, detail: p.message, ...p.extra };
  return new Response(JSON.stringify(body), { status: p.status, headers: { 'content-type': 'application/problem+json', ...p.headers } });
}

export function validationProblem(where: 'body' | 'query' | 'path', error: z.ZodError): ApiProblem {
  const errors = error.issues.map((i) => ({ field: [where, ...i.path].join('.'), message: i.message }));
  return new ApiProblem(422, 'validation', 'The request is not valid', errors.map((e) => `${e.field}: ${e.message}`).join('; '), { errors });
}

const STATUS: Record<string, [number, string]> = {
  BAD_REQUEST: [422, 'invalid'],
  NOT_FOUND: [404, 'not-found'],
  CONFLICT: [409, 'conflict'],
  FORBIDDEN: [403, 'forbidden'],
  UNAUTHORIZED: [401, 'unauthorized'],
  TOO_MANY_REQUESTS: [429, 'rate-limited'],
  PRECONDITION_FAILED: [412, 'precondition-failed']
};

/** Any error → a problem document; internals are logged, never sent. */
export function toProblem(e: unknown): ApiProblem {
  if (e instanceof ApiProblem) return e;
  if (e instanceof AppError) {
    const [status, slug] = STATUS[e.code] ?? [400, 'bad-request'];
    const field = typeof e.params.field === 'string' ? e.params.field : undefined;
    return new ApiProblem(status, slug, e.message, e.message, {
      code: e.key,
      ...(field ? { errors: [{ field, message: e.message }] } : {}),
      ...(e.params.lines ? { lines: e.params.lines } : {})
    });
  }
  if (isUnavailable(e)) return new ApiProblem(503, 'unavailable', 'The database is not reachable right now', 'Please retry in a moment.', {}, { 'retry-after': '5' });
  console.error('[api]', e);
  return new ApiProblem(500, 'internal', 'Something went wrong on our side');
}

export const notFound = (what: string) => new ApiProblem(404, 'not-found', `${what} not found`, `This ${what.toLowerCase()} does not exist.`);

/** PocketBase dates ("2026-01-02 10:00:00.000Z") as ISO 8601, '' as null */
export const iso = (d: string | null | undefined) => (d ? new Date(d.replace(' ', 'T')).toISOString() : null);

export const Money = z.object({ amount: z.number().int().describe('minor units (cents)'), currency: z.string().length(3) });
export const money = (amount: number, currency: string) => ({ amount, currency });
export const IsoDate = z.string().describe('ISO 8601 date-time').nullable();
export const Id = z.string().regex(/^[a-z0-9]{15}$/, 'not a valid id');
export const IdParams = z.object({ id: Id });
export const Cursor = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(200).optional()
});

/** a page of records sorted by (created, id); the cursor is the last one's */
export function encodeCursor(r: { created: string; id: string }) {
  return Buffer.from(JSON.stringify([r.created, r.id])).toString('base64url');
}
export function cursorFilter(cursor: string | undefined, filterValue: (v: string) => string): string {
  if (!cursor) return '';
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = null;
  }
  if (!Array.isArray(parsed) || parsed.length !== 2 || typeof parsed[0] !== 'string' || !/^[a-z0-9]{15}$/.test(String(parsed[1]))) {
    throw new ApiProblem(422, 'validation', 'The request is not valid', 'query.cursor: not a cursor this API gave out', { errors: [{ field: 'query.cursor', message: 'not a cursor this API gave out' }] });
  }
  const [c, id] = parsed as [string, string];
  return `(created > ${filterValue(c)} || (created = ${filterValue(c)} && id > ${filterValue(id)}))`;
}
export const page = <T extends z.ZodType>(item: T) => z.object({ data: z.array(item), next_cursor: z.string().nullable() });
