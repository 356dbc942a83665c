// Typed shapes of the webhook collections (pb_migrations/1765800000_integrations.js); the API
// keys' are in integrations/keys.ts.
import type { WebhookEvent } from '$lib/integrations/scopes';

export interface EndpointRecord {
  id: string;
  url: string;
  description: string;
  events: WebhookEvent[];
  active: boolean;
  secret: string;
  previous_secret: string;
  previous_until: string;
  failing_since: string;
  disabled_reason: string;
  created_by: string;
  created: string;
  updated: string;
}

/** webhook_deliveries (1765800000): one attempt to deliver a webhook, the endpoint's log */
export interface WebhookDeliveryRecord {
  id: string;
  endpoint: string;
  /** the outbox row's id (a text field: the row may be pruned before its log) */
  outbox: string;
  event_id: string;
  event_type: string;
  attempt: number;
  status_code: number;
  latency_ms: number;
  ok: boolean;
  error: string;
  response_excerpt: string;
  created: string;
}
declare module '$lib/server/pocketbase/collections' {
  interface Collections {
    webhook_endpoints: EndpointRecord;
    webhook_deliveries: WebhookDeliveryRecord;
  }
}
