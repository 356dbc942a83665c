// /api/v1 products, stock, customers, shipments and payments (F43). Writes go through the
// same code as the screens: stock moves through server/stock/moves.ts, payments through the
// mark-paid code, product edits in one unit of work with their `product.updated` event.
import { z } from 'zod';
import { collection, filterValue } from '../../pocketbase/client';
import type { CustomerRecord, ProductRecord, StockMovementRecord } from '../../pocketbase/records';

import { UnitOfWork, type TxUpdate } from '../../pocketbase/tx';
import { commitOrExplain } from '../../orders/tx-errors';
import { adjust, receive } from '../../stock/moves';
import { forgetProducts } from '../../shop/price-list';
import { markOrdersPaid } from '../../payments/mark-paid';
import { shopSettings } from '../../shop/settings';
import { queueProductUpdated } from '../../webhooks/events';
import { keyLabel } from '../keys';
import { AddressBody, loadApiOrder, ApiOrder } from './orders';
import { ApiShipment, shipmentView } from './shipments';
import { ApiProblem, Cursor, Id, IdParams, IsoDate, Money, cursorFilter, defineRoute, encodeCursor, iso, money, notFound, page } from './define';

const ApiProduct = z.object({
  id: z.string(),
  sku: z.string(),
  name: z.string(),
  gtins: z.array(z.string()),
  bin: z.string(),
  price: Money,
  tax_rate_bp: z.number().int().describe('basis points: 1900 = 19 %'),
  weight_g: z.number().int(),
  active: z.boolean(),
  stock: z.object({ on_hand: z.number().int(), reserved: z.number().int(), available: z.number().int() }),
  updated_at: IsoDate
});
const productView = (p: ProductRecord, currency: string): z.infer<typeof ApiProduct> => ({
  id: p.id,
  sku: p.sku,
  name: p.name,
  gtins: p.gtins ?? [],
  bin: p.bin,
  price: money(p.price_cents, currency),
  tax_rate_bp: p.tax_rate_bp,
  weight_g: p.weight_g,
  active: p.active,
  stock: { on_hand: p.on_hand, reserved: p.reserved, available: Math.max(0, p.on_hand - p.reserved) },
  updated_at: iso(p.updated)
});
const currency = async () => (await shopSettings()).shop.currency;
async function loadProduct(id: string) {
  const p = await collection('products').getOne(id).catch(() => null);
  if (!p) throw notFound('Product');
  return p;
}

const StockLevel = z.object({ product_id: z.string(), sku: z.string(), on_hand: z.number().int(), reserved: z.number().int(), available: z.number().int(), updated_at: IsoDate });
const stockLevel = (p: ProductRecord) => ({ product_id: p.id, sku: p.sku, on_hand: p.on_hand, reserved: p.reserved, available: Math.max(0, p.on_hand - p.reserved), updated_at: iso(p.updated) });

const ApiCustomer = z.object({ id: z.string(), name: z.string(), email: z.string(), phone: z.string(), company: z.string(), addresses: z.array(AddressBody.partial()), created_at: IsoDate });
const customerView = (c: CustomerRecord) => ({ id: c.id, name: c.name, email: c.email, phone: c.phone, company: c.company, addresses: c.addresses ?? [], created_at: iso(c.created) });

/** one cursor page of a collection, sorted by (created, id) */
async function listPage<K extends 'products' | 'stock_movements' | 'customers' | 'shipments'>(name: K, q: { cursor?: string; limit: number }, extra: string[] = []) {
  const filter = [cursorFilter(q.cursor, filterValue), ...extra].filter(Boolean).join(' && ');
  const res = await collection(name).getList(1, q.limit, { filter, sort: 'created,id', skipTotal: true });
  const last = res.items.at(-1);
  return { items: res.items, next_cursor: last && res.items.length === q.limit ? encodeCursor(last) : null };
}

const StockMovement = z.object({
  id: z.string(),
  product_id: z.string(),
  delta_on_hand: z.number().int(),
  delta_reserved: z.number().int(),
  reason: z.string(),
  order_id: z.string().nullable(),
  note: z.string(),
  created_at: IsoDate
});
const movementView = (m: StockMovementRecord) => ({ id: m.id, product_id: m.product, delta_on_hand: m.delta_on_hand, delta_reserved: m.delta_reserved, reason: m.reason, order_id: m.order || null, note: m.note, created_at: iso(m.created) });

const StockMoveBody = z.object({ product_id: Id, note: z.string().trim().max(400).default('') });

export const catalogRoutes = [
  defineRoute({
    method: 'get', path: '/products', operationId: 'listProducts', summary: 'List products with their stock', tag: 'Products', scope: 'products:read',
    query: Cursor.extend({ sku: z.string().max(100).optional() }),
    response: page(ApiProduct),
    async handler({ query }) {
      const [p, c] = await Promise.all([listPage('products', query, query.sku ? [`sku = ${filterValue(query.sku)}`] : []), currency()]);
      return { body: { data: p.items.map((x) => productView(x, c)), next_cursor: p.next_cursor } };
    }
  }),
  defineRoute({
    method: 'get', path: '/products/{id}', operationId: 'getProduct', summary: 'One product', tag: 'Products', scope: 'products:read', params: IdParams, response: ApiProduct,
    handler: async ({ params }) => ({ body: productView(await loadProduct(params.id), await currency()) })
  }),
  defineRoute({
    method: 'patch', path: '/products/{id}', operationId: 'updateProduct', summary: 'Change a product (name, price, bin, weight, active)', tag: 'Products', scope: 'products:write', params: IdParams,
    body: z
      .object({
        name: z.string().trim().min(1, 'Required').max(200).optional(),
        price: z.object({ amount: z.number().int('Minor units (cents), whole numbers').min(0, 'Cannot be negative').max(100_000_000) }).optional(),
        bin: z.string().trim().max(50).optional(),
        weight_g: z.number().int().min(0).max(1_000_000).optional(),
        active: z.boolean().optional()
      })
      .refine((b) => Object.keys(b).length > 0, { message: 'Change at least one field' }),
    response: ApiProduct,
    async handler({ params, body, key }) {
      await loadProduct(params.id);
      const patch: TxUpdate<'products'> = {};
      if (body.name !== undefined) patch.name = body.name;
      if (body.price !== undefined) patch.price_cents = body.price.amount;
      if (body.bin !== undefined) patch.bin = body.bin;
      if (body.weight_g !== undefined) patch.weight_g = body.weight_g;
      if (body.active !== undefined) patch.active = body.active;
      const uow = new UnitOfWork();
      // only the fields sent change (stock figures are never touched here)
      uow.update('products', params.id, patch);
      queueProductUpdated(uow, params.id, Object.keys(patch), keyLabel(key));
      await commitOrExplain(uow);
      forgetProducts([params.id]);
      return { body: productView(await loadProduct(params.id), await currency()) };
    }
  }),
  defineRoute({
    method: 'get', path: '/stock', operationId: 'listStockLevels', summary: 'Stock levels: on hand, reserved, available', tag: 'Stock', scope: 'stock:read',
    query: Cursor, response: page(StockLevel),
    async handler({ query }) {
      const p = await listPage('products', query);
      return { body: { data: p.items.map(stockLevel), next_cursor: p.next_cursor } };
    }
  }),
  defineRoute({
    method: 'get', path: '/stock/movements', operationId: 'listStockMovements', summary: 'The stock ledger: every movement, oldest first', tag: 'Stock', scope: 'stock:read',
    query: Cursor.extend({ product_id: Id.optional() }), response: page(StockMovement),
    async handler({ query }) {
      const p = await listPage('stock_movements', query, query.product_id ? [`product = ${filterValue(query.product_id)}`] : []);
      return { body: { data: p.items.map(movementView), next_cursor: p.next_cursor } };
    }
  }),
  defineRoute({
    method: 'post', path: '/stock/adjustments', operationId: 'adjustStock', summary: 'Correct on hand by delta (either way); refused if availability would go below zero', tag: 'Stock', scope: 'stock:write',
    body: StockMoveBody.extend({ delta: z.number().int('Whole units only').refine((d) => d !== 0, 'Must not be 0').refine((d) => Math.abs(d) <= 1_000_000, 'Too large') }),
    response: StockLevel,
    async handler({ body, key }) {
      await loadProduct(body.product_id);
      const uow = new UnitOfWork();
      adjust(uow, { product: body.product_id, delta: body.delta, note: `${keyLabel(key)}${body.note ? `: ${body.note}` : ''}`.slice(0, 500) });
      await commitOrExplain(uow);
      return { body: stockLevel(await loadProduct(body.product_id)) };
    }
  }),
  defineRoute({
    method: 'post', path: '/stock/receipts', operationId: 'receiveStock', summary: 'Units arrive on the shelf (a delivery)', tag: 'Stock', scope: 'stock:write',
    body: StockMoveBody.extend({ qty: z.number().int('Whole units only').min(1, 'At least 1').max(1_000_000) }),
    response: StockLevel,
    async handler({ body, key }) {
      await loadProduct(body.product_id);
      const uow = new UnitOfWork();
      receive(uow, { product: body.product_id, qty: body.qty, reason: 'adjustment', note: `${keyLabel(key)} receipt${body.note ? `: ${body.note}` : ''}`.slice(0, 500) });
      await commitOrExplain(uow);
      return { status: 201, body: stockLevel(await loadProduct(body.product_id)) };
    },
    status: 201
  }),
  defineRoute({
    method: 'get', path: '/customers', operationId: 'listCustomers', summary: 'List customers', tag: 'Customers', scope: 'customers:read',
    query: Cursor.extend({ email: z.string().max(200).optional() }), response: page(ApiCustomer),
    async handler({ query }) {
      const p = await listPage('customers', query, query.email ? [`email = ${filterValue(query.email)}`] : []);
      return { body: { data: p.items.map(customerView), next_cursor: p.next_cursor } };
    }
  }),
  defineRoute({
    method: 'get', path: '/customers/{id}', operationId: 'getCustomer', summary: 'One customer', tag: 'Customers', scope: 'customers:read', params: IdParams, response: ApiCustomer,
    async handler({ params }) {
      const c = await collection('customers').getOne(params.id).catch(() => null);
      if (!c) throw notFound('Customer');
      return { body: customerView(c) };
    }
  }),
  defineRoute({
    method: 'get', path: '/shipments', operationId: 'listShipments', summary: 'List shipments (parcels) with their tracking numbers', tag: 'Shipments', scope: 'shipments:read',
    query: Cursor.extend({ order_id: Id.optional() }), response: page(ApiShipment),
    async handler({ query }) {
      const p = await listPage('shipments', query, query.order_id ? [`order = ${filterValue(query.order_id)}`] : []);
      return { body: { data: p.items.map(shipmentView), next_cursor: p.next_cursor } };
    }
  }),
  defineRoute({
    method: 'post', path: '/orders/{id}/payments', operationId: 'recordPayment', summary: 'Record a payment received for an order (it becomes paid)', tag: 'Payments', scope: 'payments:write', params: IdParams,
    body: z.object({ reference: z.string().trim().min(1, 'Required').max(200), amount: z.number().int('Minor units (cents), whole numbers').min(1).optional() }),
    response: ApiOrder,
    status: 201,
    async handler({ params, body, key }) {
      const [result] = await markOrdersPaid([{ orderId: params.id, bankReference: body.reference, amountCents: body.amount }], { actorId: '', actorLabel: keyLabel(key), source: 'manual' });
      if (result.outcome === 'refused' && result.reason === 'not_found') throw notFound('Order');
      if (result.outcome !== 'paid') throw new ApiProblem(409, 'conflict', 'The payment was not recorded', result.outcome === 'already_paid' ? 'This order is already paid.' : `Refused: ${result.reason}`);
      return { status: 201, body: await loadApiOrder(params.id) };
    }
  })
];
