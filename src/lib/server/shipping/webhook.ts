// POST /api/couriers/<courier>/webhook: one path per courier, the same for the sandbox and
// the real ones. Answers say only what the courier needs: 2xx = stop retrying.
import { isUnavailable } from '../pocketbase/client';
import { courier, isCourierName } from './couriers';
import { NotificationRejected } from './couriers/types';
import { applyNotification } from './tracking-updates';
import { sandboxOn } from '../sandbox';

export interface WebhookAnswer {
  status: number;
  body: Record<string, unknown>;
}

export const MAX_WEBHOOK_BYTES = 1_000_000;

export async function handleCourierWebhook(name: string, rawBody: string, headers: Headers, now = new Date()): Promise<WebhookAnswer> {
  if (!isCourierName(name)) return { status: 404, body: { error: 'unknown courier' } };
  // Anyone can read how the sandbox signs, so its door is shut in production (issue #12).
  if (name === 'sandbox' && !sandboxOn('courier')) return { status: 403, body: { error: 'sandbox_off', message: 'The sandbox courier is off on this server (production mode).' } };
  const c = courier(name);
  if (!c.enabled() || !c.readNotification) return { status: 404, body: { error: 'this courier sends no notifications here' } };
  if (Buffer.byteLength(rawBody) > MAX_WEBHOOK_BYTES) return { status: 413, body: { error: 'too large' } };
  try {
    const parsed = await c.readNotification(rawBody, headers, now);
    if (parsed.kind === 'ignored') return { status: 200, body: { ok: true, ignored: parsed.reason } };
    const result = await applyNotification(name, parsed.event);
    return { status: 200, body: { ok: true, ...result } };
  } catch (e) {
    if (e instanceof NotificationRejected) {
      console.warn(`[couriers] ${name} notification refused: ${e.message}`);
      return { status: e.reason === 'malformed' ? 400 : 401, body: { error: e.reason } };
    }
    // the courier retries later; nothing was written
    if (isUnavailable(e)) return { status: 503, body: { error: 'unavailable' } };
    console.error(`[couriers] ${name} notification failed:`, e);
    return { status: 500, body: { error: 'internal' } };
  }
}
