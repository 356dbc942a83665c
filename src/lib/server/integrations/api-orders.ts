// Orders created through the API (F43): the same all-or-nothing path as every other order
// (./../orders/intake.ts: stock checked and reserved in the order's transaction, the merchant's
// e-mail, never oversold). The client's Idempotency-Key is scoped to its API key; the order
// remembers a hash of the request body, so the same key with another body is refused (409).
import { createHash } from 'node:crypto';
import type { Address, Locale, PaymentMethod } from '../pocketbase/records';
import { UnitOfWork } from '../pocketbase/tx';
import { shopSettings } from '../shop/settings';
import { checkoutCommits } from '../orders/place';
import { addNewOrder, addNewOrderLines, queueMerchantNotice, checkNewLines, commitNewOrder, customerByEmail, customerFor, findByIdempotencyKey, type NewOrder } from '../orders/intake';
import { loadProducts, mergeLines } from '../shop/lines';
import { keyLabel, type ApiKeyRecord } from './keys';
import { ApiProblem } from './rest/define';

export interface ApiOrderInput {
  customer: { name: string; email?: string; phone?: string };
  fulfilment_method: 'ship' | 'collect';
  shipping_address?: Address;
  payment_method: PaymentMethod;
  locale?: Locale;
  lines: { product_id: string; qty: number }[];
}

/** a stable hash of the parsed body (keys sorted) */
export function bodyHash(body: unknown): string {
  const canon = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(canon) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)).map(([k, x]) => [k, canon(x)])) : v;
  return createHash('sha256').update(JSON.stringify(canon(body))).digest('hex');
}

const idempotencyConflict = () =>
  new ApiProblem(409, 'idempotency-conflict', 'Idempotency-Key already used', 'This Idempotency-Key was used for a request with a different body. Use a new key for a new order.');

/** Resolves to the order's id and whether this request created it. */
export async function createApiOrder(input: ApiOrderInput, idempotencyKey: string, key: ApiKeyRecord): Promise<{ id: string; created: boolean }> {
  const scopedKey = `api:${key.id}:${idempotencyKey}`;
  const hash = bodyHash(input);
  const existing = await findByIdempotencyKey(scopedKey);
  if (existing) {
    if ((existing as { api_request_hash?: string }).api_request_hash !== hash) throw idempotencyConflict();
    return { id: existing.id, created: false };
  }
  const lines = mergeLines(input.lines.map((l) => ({ productId: l.product_id, qty: l.qty })));
  const [products, settings] = await Promise.all([loadProducts(lines.map((l) => l.productId)), shopSettings()]);
  const address = input.fulfilment_method === 'ship' ? (input.shipping_address ?? null) : null;
  const order: NewOrder = {
    channel: 'api',
    status: 'placed',
    customerName: input.customer.name,
    email: input.customer.email ?? '',
    phone: input.customer.phone ?? '',
    shippingAddress: address,
    billingAddress: address,
    fulfilmentMethod: input.fulfilment_method,
    paymentMethod: input.payment_method,
    locale: input.locale ?? settings.shop.locale,
    currency: settings.shop.currency,
    idempotencyKey: scopedKey,
    lines,
    actorLabel: keyLabel(key),
    extra: { api_request_hash: hash }
  };
  checkNewLines(order, products);
  const uow = new UnitOfWork();
  order.customer = order.email ? customerByEmail(uow, order) : customerFor(uow, undefined, order);
  const added = addNewOrder(uow, order, products, settings.shipping);
  queueMerchantNotice(uow, settings.shop, order, added);
  addNewOrderLines(uow, order, added, products);
  // committed with the web shop's checkouts (one transaction for those arriving together),
  // and counted in its rush: background work gives way while orders queue
  const summary = await commitNewOrder(uow, order, added, products, checkoutCommits);
  if (summary.trackingToken === added.trackingToken) return { id: summary.id, created: true };
  // a request with the same key won the race: same body → its order, else 409
  const raced = await findByIdempotencyKey(scopedKey);
  if ((raced as { api_request_hash?: string } | null)?.api_request_hash !== hash) throw idempotencyConflict();
  return { id: summary.id, created: false };
}
