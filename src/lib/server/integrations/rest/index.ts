// Serving /api/v1 (F43): authenticate the key (401), check the route's scope (403), rate
// limit per key (429 + Retry-After), validate path, query and body with the route's zod
// schemas (422 naming the field), run the handler; every error is a problem document.
import { z } from 'zod';
import { RateLimiter } from '../../cluster/rate-limit';
import { authenticate } from '../keys';
import { ApiProblem, problemResponse, toProblem, validationProblem, type ApiRoute } from './define';
import { orderRoutes } from './orders';
import { catalogRoutes } from './catalog';
import { accountingRoutes } from './accounting';
import { shipmentRoutes } from './shipments';

export const apiRoutes: ApiRoute[] = [...orderRoutes, ...catalogRoutes, ...shipmentRoutes, ...accountingRoutes];

const compiled = apiRoutes.map((r) => {
  const names: string[] = [];
  const pattern = new RegExp('^' + r.path.replace(/\{(\w+)\}/g, (_, n: string) => (names.push(n), '([^/]+)')) + '/?$');
  return { route: r, pattern, names };
});

const limiter = () => {
  const g = globalThis as { __packbenchApiLimiter?: RateLimiter };
  g.__packbenchApiLimiter ??= new RateLimiter('api-key', Number(process.env.API_RATE_LIMIT ?? 120), Number(process.env.API_RATE_WINDOW_MS ?? 60_000));
  return g.__packbenchApiLimiter;
};

const UNAUTHORIZED: Record<string, string> = {
  missing: 'Send an API key as "Authorization: Bearer pbk_…".',
  unknown: 'This API key is not known.',
  revoked: 'This API key was revoked.',
  expired: 'This API key has expired.'
};

export async function handleApi(request: Request, path: string): Promise<Response> {
  try {
    const method = request.method.toLowerCase();
    const matches = compiled.filter((c) => c.pattern.test(path));
    if (!matches.length) throw new ApiProblem(404, 'not-found', 'No such route', `There is no API route ${path}.`);
    const hit = matches.find((c) => c.route.method === method);
    if (!hit) throw new ApiProblem(405, 'method-not-allowed', 'Method not allowed', `${request.method} is not allowed on ${path}.`, {}, { allow: matches.map((m) => m.route.method.toUpperCase()).join(', ') });

    const auth = await authenticate(request.headers.get('authorization'));
    if (!auth.ok) throw new ApiProblem(401, 'unauthorized', 'Not authenticated', UNAUTHORIZED[auth.reason], {}, { 'www-authenticate': 'Bearer' });
    const key = auth.key;
    const wait = await limiter().hit(key.id);
    if (wait) throw new ApiProblem(429, 'rate-limited', 'Too many requests', `This key is over its limit; retry in ${wait} s.`, {}, { 'retry-after': String(wait) });
    const route = hit.route;
    if (!(key.scopes ?? []).includes(route.scope)) throw new ApiProblem(403, 'forbidden', 'Missing scope', `This key lacks the scope ${route.scope}.`, { scope: route.scope });

    const m = hit.pattern.exec(path)!;
    const rawParams = Object.fromEntries(hit.names.map((n, i) => [n, decodeURIComponent(m[i + 1])]));
    const params = parse(route.params, rawParams, 'path');
    const query = parse(route.query, Object.fromEntries(new URL(request.url).searchParams), 'query');
    let body: unknown = undefined;
    if (route.body) {
      let raw: unknown;
      try {
        raw = await request.json();
      } catch {
        throw new ApiProblem(422, 'validation', 'The request is not valid', 'body: not valid JSON', { errors: [{ field: 'body', message: 'not valid JSON' }] });
      }
      body = parse(route.body, raw, 'body');
    }
    const out = await route.handler({ params, query, body, key, headers: request.headers });
    if (out.raw) return new Response(out.raw, { status: out.status ?? 200, headers: { 'content-type': route.responseType ?? 'application/octet-stream', ...out.headers } });
    return new Response(JSON.stringify(out.body), { status: out.status ?? route.status ?? 200, headers: { 'content-type': 'application/json', ...out.headers } });
  } catch (e) {
    return problemResponse(toProblem(e));
  }
}

function parse(schema: z.ZodType | undefined, value: unknown, where: 'body' | 'query' | 'path'): unknown {
  if (!schema) return {};
  const r = schema.safeParse(value);
  if (!r.success) throw validationProblem(where, r.error);
  return r.data;
}
