// For the refund integration tests (F41): the webhook endpoint the gateways notify, payments
// pointed at it with Stripe switched off, and a signed-in manager to refund with.
import { afterAll, beforeAll } from 'vitest';
import { configurePayments } from '../../src/lib/server/payments/providers/config';
import { signedInCaller } from './caller';
import { createStaff } from './factories';
import { startWebhookServer } from './payments';

export interface RefundDesk {
  hook: Awaited<ReturnType<typeof startWebhookServer>>;
  manager: Awaited<ReturnType<typeof signedInCaller>>;
}

/** Call at the top of a file (after usePocketBase); `prepare` runs first (e.g. the shop's details). The desk is ready in the tests. */
export function useRefundDesk(prepare: () => Promise<unknown> = async () => {}): RefundDesk {
  const desk = {} as RefundDesk;
  beforeAll(async () => {
    await prepare();
    desk.hook = await startWebhookServer();
    configurePayments({ notifyBaseUrl: desk.hook.url, sandboxNotifyDelayMs: 30, stripeSecretKey: '', stripeWebhookSecret: '' });
    const { staff, password } = await createStaff('manager');
    desk.manager = await signedInCaller(staff.email, password);
  });
  afterAll(async () => {
    await desk.hook?.stop();
  });
  return desk;
}
