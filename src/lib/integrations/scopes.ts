// Integrations (F43): what an API key may do and which events an endpoint may hear.
// Shared by the settings page and the server.
import { z } from 'zod';

export const API_SCOPES = [
  'orders:read',
  'orders:write',
  'products:read',
  'products:write',
  'stock:read',
  'stock:write',
  'customers:read',
  'shipments:read',
  'shipments:write',
  'payments:write',
  'accounting:read'
] as const;
export const ApiScope = z.enum(API_SCOPES);
export type ApiScope = z.infer<typeof ApiScope>;

export const WEBHOOK_EVENTS = [
  'order.placed',
  'order.paid',
  'order.cancelled',
  'order.shipped',
  'order.completed',
  'refund.created',
  'refund.failed',
  'credit_note.issued',
  'return.requested',
  'return.received',
  'stock.changed',
  'product.updated'
] as const;
export const WebhookEvent = z.enum(WEBHOOK_EVENTS);
export type WebhookEvent = z.infer<typeof WebhookEvent>;

/** The prefix every API key starts with, so a leaked key is recognisable (secret scanners). */
export const API_KEY_PREFIX = 'pbk_';
