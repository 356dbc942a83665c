// What staff screens see of a payment (the order page's payments panel, its live events).
import { collection, filterValue } from '../pocketbase/client';
import type { PaymentRecordFull } from '../pocketbase/records';

export function paymentView(p: PaymentRecordFull) {
  return {
    id: p.id,
    order: p.order,
    method: p.method,
    amount_cents: p.amount_cents,
    currency: p.currency,
    status: p.status,
    provider: p.provider,
    bank_reference: p.bank_reference,
    /** when the money moved (provider event or booking date), else when it was recorded */
    at: p.provider_event_at || p.created,
    created: p.created,
    updated: p.updated
  };
}
export type PaymentView = ReturnType<typeof paymentView>;

export async function listOrderPayments(orderId: string): Promise<PaymentView[]> {
  const rows = await collection('payments').getFullList({ filter: `order = ${filterValue(orderId)}`, sort: 'created' });
  return rows.map(paymentView);
}
