import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit';
import { SESSION_COOKIE, readSession } from '$lib/server/auth/sessions';
import { startOutbox } from '$lib/server/outbox';
import { registerEmailDelivery } from '$lib/server/mail/deliver';
import { registerWebhookDelivery } from '$lib/server/webhooks/deliver';
import { registerCreditNoteMail } from '$lib/server/refunds/documents';
import { registerReturnLabelMail } from '$lib/server/returns/label';
import { startWordIndex, stopWordIndex } from '$lib/server/orders/word-index';
import { startCustomerWords, stopCustomerWords } from '$lib/server/customers/word-index';
import { startPaymentScheduler, stopPaymentScheduler } from '$lib/server/payments/scheduler';
import { isUnavailable } from '$lib/server/pocketbase/client';
import { startRealtime } from '$lib/server/realtime';
import { settleDemoReturns } from '$lib/server/returns/demo';
import { checkDemoAddresses } from '$lib/server/addresses/demo';
import { startSandboxCourier } from '$lib/server/shipping/couriers/sandbox-scheduler';

export const init: ServerInit = () => {
  startRealtime();
  const stopSandboxCourier = startSandboxCourier();
  startPaymentScheduler();
  // the outbox delivers the kinds registered before it starts (server/outbox/kinds.ts)
  registerEmailDelivery();
  registerWebhookDelivery();
  // documents mails attach that domains above mail make (server/mail/templates/attachments.ts)
  registerCreditNoteMail();
  registerReturnLabelMail();
  startOutbox();
  startWordIndex();
  startCustomerWords();
  // scripts/serve.js calls this on shutdown: the schedulers' leases go to another server at once
  (globalThis as { __packbenchStopSchedulers?: () => Promise<void> }).__packbenchStopSchedulers = async () => {
    stopSandboxCourier();
    stopWordIndex();
    stopCustomerWords();
    await stopPaymentScheduler();
  };
  // the demo shop's return goes through the returns code once (server/returns/demo.ts)
  settleDemoReturns().catch((e) => console.error('[demo returns]', e));
  // and its addresses through the address check (server/addresses/demo.ts)
  checkDemoAddresses().catch((e) => console.error('[demo addresses]', e));
};

const UNAVAILABLE = 'The database is not reachable right now. Packbench keeps running and reconnects by itself; please try again in a moment.';

/**
 * HSTS only when https is certain: adapter-node reports https for every request unless ORIGIN
 * or a trusted proxy's PROTOCOL_HEADER says otherwise, and a wrong HSTS header locks a
 * plain-HTTP LAN setup out of browsers for a year.
 */
function servedOverHttps(url: URL) {
  if (process.env.ORIGIN) return process.env.ORIGIN.startsWith('https:');
  return !!process.env.PROTOCOL_HEADER && url.protocol === 'https:';
}

export const handle: Handle = async ({ event, resolve }) => {
  event.locals.session = null;
  const token = event.cookies.get(SESSION_COOKIE);
  if (token) {
    try {
      event.locals.session = await readSession(token);
    } catch (e) {
      if (!isUnavailable(e)) throw e;
      if (event.url.pathname.startsWith('/api/')) {
        return new Response(JSON.stringify({ error: { message: UNAVAILABLE, data: { code: 'SERVICE_UNAVAILABLE', httpStatus: 503 } } }), {
          status: 503,
          headers: { 'content-type': 'application/json', 'retry-after': '5' }
        });
      }
    }
  }
  const response = await resolve(event);
  response.headers.set('x-content-type-options', 'nosniff');
  response.headers.set('referrer-policy', 'same-origin');
  if (servedOverHttps(event.url)) response.headers.set('strict-transport-security', 'max-age=31536000');
  return response;
};

export const handleError: HandleServerError = ({ error, status }) => {
  if (status !== 404) console.error('[server]', error);
  return { message: status === 404 ? 'Not found' : 'Something went wrong on our side.' };
};
