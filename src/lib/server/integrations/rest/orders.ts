// /api/v1/orders (F43): list (filters, cursor), get, create (Idempotency-Key), cancel.
import { z } from 'zod';
import { fulfilmentStatus, orderStatus, paymentStatus } from '$lib/orders/states';
import { paymentMethod } from '$lib/payments/methods';
import { locale } from '$lib/i18n/locales';
import { collection, filterValue } from '../../pocketbase/client';
import type { OrderLineRecord, OrderRecord } from '../../pocketbase/records';
import { cancelOrder } from '../../orders/cancel';
import { getOrderRecord } from '../../orders/queries';
import { createApiOrder } from '../api-orders';
import { addressInput } from '$lib/addresses/input';
import { keyLabel } from '../keys';
import { ApiProblem, Cursor, Id, IdParams, IsoDate, Money, cursorFilter, defineRoute, encodeCursor, iso, money, notFound, page } from './define';

const text = (max: number) => z.string().trim().min(1, 'Required').max(max, `At most ${max} characters`);
export const AddressBody = addressInput;

const OrderLine = z.object({ id: z.string(), product_id: z.string(), sku: z.string(), name: z.string(), qty: z.number().int(), unit_price: Money, shipped: z.number().int() });
export const ApiOrder = z.object({
  id: z.string(),
  number: z.number().int(),
  channel: z.string(),
  status: orderStatus,
  payment_status: paymentStatus,
  fulfilment_status: fulfilmentStatus,
  payment_method: z.string(),
  fulfilment_method: z.string(),
  customer: z.object({ id: z.string(), name: z.string(), email: z.string(), phone: z.string() }),
  shipping_address: AddressBody.nullable(),
  subtotal: Money,
  shipping: Money,
  tax: Money,
  total: Money,
  placed_at: IsoDate,
  paid_at: IsoDate,
  cancelled_at: IsoDate,
  created_at: IsoDate,
  updated_at: IsoDate,
  lines: z.array(OrderLine).optional()
});

function orderView(o: OrderRecord, lines?: OrderLineRecord[]): z.infer<typeof ApiOrder> {
  const c = o.currency;
  return {
    id: o.id,
    number: o.number,
    channel: o.channel,
    status: o.status,
    payment_status: o.payment_status,
    fulfilment_status: o.fulfilment_status,
    payment_method: o.payment_method,
    fulfilment_method: o.fulfilment_method,
    customer: { id: o.customer, name: o.customer_name, email: o.email, phone: o.phone },
    shipping_address: o.shipping_address,
    subtotal: money(o.subtotal_cents, c),
    shipping: money(o.shipping_cents, c),
    tax: money(o.tax_cents, c),
    total: money(o.total_cents, c),
    placed_at: iso(o.placed_at),
    paid_at: iso(o.paid_at),
    cancelled_at: iso(o.cancelled_at),
    created_at: iso(o.created),
    updated_at: iso(o.updated),
    ...(lines
      ? { lines: lines.map((l) => ({ id: l.id, product_id: l.product, sku: l.sku, name: l.name, qty: l.qty, unit_price: money(l.unit_price_cents, c), shipped: l.shipped })) }
      : {})
  };
}

export async function loadApiOrder(id: string) {
  const [order, lines] = await Promise.all([
    getOrderRecord(id).catch(() => null),
    collection('order_lines').getFullList({ filter: `order = ${filterValue(id)}`, sort: 'position,created' })
  ]);
  if (!order) throw notFound('Order');
  return orderView(order, lines);
}

const OrderQuery = Cursor.extend({
  status: orderStatus.optional(),
  payment_status: paymentStatus.optional(),
  fulfilment_status: fulfilmentStatus.optional(),
  created_after: z.iso.datetime({ offset: true }).optional().describe('ISO 8601')
});

export const CreateOrderBody = z.object({
  customer: z.object({ name: text(200), email: z.email('Not an e-mail address').max(200).optional(), phone: z.string().trim().max(50).optional() }),
  fulfilment_method: z.enum(['ship', 'collect']),
  shipping_address: AddressBody.optional(),
  payment_method: paymentMethod,
  locale: locale.optional(),
  lines: z
    .array(z.object({ product_id: Id, qty: z.number().int('Whole units only').min(1, 'At least 1').max(10_000) }))
    .min(1, 'An order needs at least one line')
    .max(100, 'At most 100 lines')
}).refine((b) => b.fulfilment_method !== 'ship' || !!b.shipping_address, { path: ['shipping_address'], message: 'Required when shipping' });

export const orderRoutes = [
  defineRoute({
    method: 'get',
    path: '/orders',
    operationId: 'listOrders',
    summary: 'List orders, oldest first, a page at a time',
    tag: 'Orders',
    scope: 'orders:read',
    query: OrderQuery,
    response: page(ApiOrder),
    async handler({ query }) {
      const parts = [cursorFilter(query.cursor, filterValue)];
      if (query.status) parts.push(`status = ${filterValue(query.status)}`);
      if (query.payment_status) parts.push(`payment_status = ${filterValue(query.payment_status)}`);
      if (query.fulfilment_status) parts.push(`fulfilment_status = ${filterValue(query.fulfilment_status)}`);
      if (query.created_after) parts.push(`created > ${filterValue(new Date(query.created_after).toISOString().replace('T', ' '))}`);
      const res = await collection('orders').getList(1, query.limit, { filter: parts.filter(Boolean).join(' && '), sort: 'created,id', skipTotal: true });
      const last = res.items.at(-1);
      return { body: { data: res.items.map((o) => orderView(o)), next_cursor: last && res.items.length === query.limit ? encodeCursor(last) : null } };
    }
  }),
  defineRoute({
    method: 'get',
    path: '/orders/{id}',
    operationId: 'getOrder',
    summary: 'One order with its lines',
    tag: 'Orders',
    scope: 'orders:read',
    params: IdParams,
    response: ApiOrder,
    handler: async ({ params }) => ({ body: await loadApiOrder(params.id) })
  }),
  defineRoute({
    method: 'post',
    path: '/orders',
    operationId: 'createOrder',
    summary: 'Place an order: stock is checked and reserved in one transaction, or nothing happens. A retry with the same Idempotency-Key returns the same order.',
    tag: 'Orders',
    scope: 'orders:write',
    requestHeaders: z.object({ 'idempotency-key': z.string().min(8).max(64) }),
    body: CreateOrderBody,
    response: ApiOrder,
    status: 201,
    async handler({ body, headers, key }) {
      const idem = headers.get('idempotency-key') ?? '';
      if (!/^[A-Za-z0-9_.:-]{8,64}$/.test(idem)) {
        throw new ApiProblem(422, 'validation', 'The request is not valid', 'header.Idempotency-Key: required, 8 to 64 letters, digits or _.:-', {
          errors: [{ field: 'header.Idempotency-Key', message: 'required, 8 to 64 letters, digits or _.:-' }]
        });
      }
      const { id, created } = await createApiOrder(body, idem, key);
      return { status: created ? 201 : 200, body: await loadApiOrder(id), headers: created ? undefined : { 'idempotent-replayed': 'true' } };
    }
  }),
  defineRoute({
    method: 'post',
    path: '/orders/{id}/cancel',
    operationId: 'cancelOrder',
    summary: 'Cancel an order that has not left the warehouse; its reservations go back to stock',
    tag: 'Orders',
    scope: 'orders:write',
    params: IdParams,
    body: z.object({ reason: z.string().trim().min(3, 'Say why (at least 3 characters)').max(500), notify_customer: z.boolean().default(false) }),
    response: ApiOrder,
    async handler({ params, body, key }) {
      await getOrderRecord(params.id).catch(() => {
        throw notFound('Order');
      });
      await cancelOrder(params.id, { reason: body.reason, actorLabel: keyLabel(key), notifyCustomer: body.notify_customer });
      return { body: await loadApiOrder(params.id) };
    }
  })
];
