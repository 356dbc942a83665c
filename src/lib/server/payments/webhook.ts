// POST /api/payments/webhook/<provider>: the one door for card providers' notifications.
// A refused notification (bad signature, stale timestamp) is answered 400 and logged; an
// unknown order reference 422; a PocketBase outage 503, so the provider retries later.
import { isUnavailable } from '../pocketbase/client';
import { applyPaymentEvent } from './notifications';
import { providerByName } from './providers';
import { NotificationRefused, isRefundEvent } from './providers/types';
import { applyRefundEvent } from '../refunds/notifications';
import { sandboxOn } from '../sandbox';

const MAX_BODY = 512 * 1024;

function json(status: number, body: Record<string, unknown>) {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', 'cache-control': 'no-store' } });
}

export async function handleWebhook(providerName: string, request: Request, opts: { now?: Date; from?: string } = {}): Promise<Response> {
  // The sandbox door is shut unless the sandbox is on, also when Stripe is configured:
  // anyone can read the demo signing scheme, so it must never mark a real order paid.
  if (providerName === 'sandbox' && !sandboxOn('payments')) {
    console.warn(`[payments] refused a sandbox notification${opts.from ? ` from ${opts.from}` : ''}: the sandbox is off (production mode)`);
    return json(403, { error: 'sandbox_off', message: 'The sandbox card gateway is off on this server (production mode).' });
  }
  const provider = providerByName(providerName);
  if (!provider) return json(404, { error: 'unknown_provider', message: `No payment provider "${providerName}" is configured here.` });
  const raw = await request.text();
  if (raw.length > MAX_BODY) return json(413, { error: 'too_large', message: 'Notification body too large.' });
  try {
    const event = await provider.parseNotification(raw, request.headers, opts.now);
    if (!event) return json(200, { result: 'ignored' });
    if (isRefundEvent(event)) {
      // F41: money paid back; an unknown payment is answered 200 (nothing of ours to change)
      const applied = await applyRefundEvent(provider.name, event);
      return json(200, { result: applied.result, event: event.eventId });
    }
    const outcome = await applyPaymentEvent(provider.name, event);
    if (outcome.result === 'unknown_order') {
      console.warn(`[payments] ${provider.name} event ${event.eventId}: unknown order reference "${outcome.orderRef}"; nothing changed`);
      return json(422, { error: 'unknown_order', message: `No order with reference "${outcome.orderRef}". Nothing was changed.` });
    }
    return json(200, { result: outcome.result, event: event.eventId });
  } catch (e) {
    if (e instanceof NotificationRefused) {
      console.warn(`[payments] refused a ${provider.name} notification${opts.from ? ` from ${opts.from}` : ''}: ${e.reason}`);
      return json(400, { error: 'refused', message: `Notification refused: ${e.reason}.` });
    }
    if (isUnavailable(e)) return json(503, { error: 'unavailable', message: 'Try again later.' });
    console.error(`[payments] ${provider.name} notification failed:`, e);
    return json(500, { error: 'internal', message: 'Try again later.' });
  }
}
