// A card order paid the way a customer pays it (F08): through the sandbox gateway's checkout
// page and its signed notification, for the refund tests.
import { pb } from '../../src/lib/server/pocketbase/client';
import type { MoneyOrder } from '../../src/lib/server/refunds/records';
import { anonymousCaller } from '../support/caller';
import { eventually } from '../support/eventually';
import { createOrder } from '../support/factories';

const customer = anonymousCaller();

/** `number`: a sandbox test card (4000 0000 0000 5126: its refunds fail later). */
export async function paidBySandboxCard(opts: { number?: string; total?: number } = {}) {
  const total = opts.total ?? 4990;
  const { order } = await createOrder({ payment_method: 'card', total_cents: total, subtotal_cents: total });
  const view = await customer.payments.checkout.open({ token: order.pay_token });
  if (!('publicId' in view)) throw new Error(`checkout not open: ${view.state}`);
  await customer.payments.checkout.pay({ publicId: view.publicId, number: opts.number ?? '4242 4242 4242 4242', expiry: '12/39', cvc: '123', name: 'Anna Schäfer' });
  await eventually(async () => (await pb().collection('orders').getOne<MoneyOrder>(order.id)).payment_status === 'paid', { timeout: 5000, what: 'paid' });
  return { order, publicId: view.publicId };
}
