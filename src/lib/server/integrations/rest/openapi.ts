// The OpenAPI 3.1 document of /api/v1 (F43), generated from the route table's zod schemas with
// @asteasolutions/zod-to-openapi: no hand-written spec. The webhook events are in it too.
import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { WEBHOOK_EVENTS, WebhookEvent } from '$lib/integrations/scopes';
import { Problem } from './define';
import { apiRoutes } from './index';

const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: Problem } } });

export const WebhookPayload = z.object({
  id: z.string().describe('the event id; the same in the webhook-id header and on every retry or replay'),
  type: WebhookEvent,
  timestamp: z.string().describe('ISO 8601'),
  data: z.record(z.string(), z.unknown()).describe('order events carry order_id and sequence (0 for the event that created the order, then 1, 2, … in commit order)')
});

let cached: object | null = null;

export function openApiDocument(): object {
  if (cached) return cached;
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'apiKey', { type: 'http', scheme: 'bearer', description: 'An API key (pbk_…) made on Settings → Integrations' });
  for (const r of apiRoutes) {
    registry.registerPath({
      method: r.method,
      path: r.path,
      operationId: r.operationId,
      summary: r.summary,
      tags: [r.tag],
      security: [{ apiKey: [] }],
      description: `Scope: \`${r.scope}\``,
      'x-scope': r.scope,
      request: {
        ...(r.params ? { params: r.params as z.ZodObject } : {}),
        ...(r.query ? { query: r.query as z.ZodObject } : {}),
        ...(r.requestHeaders ? { headers: r.requestHeaders } : {}),
        ...(r.body ? { body: { required: true, content: { 'application/json': { schema: r.body } } } } : {})
      },
      responses: {
        [String(r.status ?? 200)]: { description: 'OK', content: { [r.responseType?.split(';')[0] ?? 'application/json']: { schema: r.response } } },
        401: problem('Missing, unknown, expired or revoked API key'),
        403: problem('The key lacks the scope'),
        ...(r.params ? { 404: problem('Not found') } : {}),
        ...(r.method !== 'get' ? { 409: problem('Conflict (state changed, idempotency key reused with another body, not enough stock)') } : {}),
        422: problem('Invalid input; `errors` names each field'),
        429: problem('Rate limited; see Retry-After')
      }
    } as Parameters<OpenAPIRegistry['registerPath']>[0]);
  }
  for (const type of WEBHOOK_EVENTS) {
    registry.registerWebhook({
      method: 'post',
      path: type,
      summary: `${type} (signed per Standard Webhooks: webhook-id, webhook-timestamp, webhook-signature)`,
      request: { body: { content: { 'application/json': { schema: WebhookPayload } } } },
      responses: { 200: { description: 'Any 2xx accepts the event; anything else (or a redirect, or a timeout) is retried' } }
    });
  }
  cached = new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: { title: 'Packbench API', version: '1.0.0', description: 'Orders, products, stock, customers, shipments and payments. Money in minor units with its currency; dates ISO 8601; errors as RFC 9457 problem documents.' },
    servers: [{ url: '/api/v1' }]
  });
  return cached;
}
