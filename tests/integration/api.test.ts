// F43: the public REST API against a real PocketBase: the OpenAPI document's every route
// answers as documented, every route × scope is checked, keys are refused when wrong,
// revoked or expired, bad input names its field, and orders are idempotent under a race.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { API_SCOPES, type ApiScope } from '../../src/lib/integrations/scopes';
import { apiRoutes } from '../../src/lib/server/integrations/rest';
import { openApiDocument } from '../../src/lib/server/integrations/rest/openapi';
import { pb } from '../../src/lib/server/pocketbase/client';
import type { OrderEventRecord, OrderRecord, ProductRecord } from '../../src/lib/server/pocketbase/records';
import { signedInCaller } from '../support/caller';
import { createOrder, createStaff, createStockedProduct } from '../support/factories';
import { api, makeKey } from '../support/integrations';
import { usePocketBase } from '../support/pocketbase';

usePocketBase();

type Caller = Awaited<ReturnType<typeof signedInCaller>>['caller'];
let manager: Caller;
let full: string;
let product: ProductRecord;

const orderBody = (productId: string, qty = 1) => ({
  customer: { name: 'Till 1', email: `till-${randomUUID().slice(0, 8)}@example.com` },
  fulfilment_method: 'collect',
  payment_method: 'cash',
  lines: [{ product_id: productId, qty }]
});

beforeAll(async () => {
  const { staff, password } = await createStaff('manager');
  manager = (await signedInCaller(staff.email, password)).caller;
  full = (await makeKey(manager, [...API_SCOPES], 'Contract client')).secret;
  product = await createStockedProduct(50);
});

/** a request each documented operation accepts, for the contract test */
async function sampleFor(operationId: string): Promise<{ path: Record<string, string>; query?: string; body?: unknown; headers?: Record<string, string> }> {
  const { order } = await createOrder({}, [{ product, qty: 1 }]);
  switch (operationId) {
    case 'listOrders':
      return { path: {}, query: '?limit=2&status=placed' };
    case 'getOrder':
      return { path: { id: order.id } };
    case 'createOrder':
      return { path: {}, body: orderBody(product.id), headers: { 'idempotency-key': randomUUID() } };
    case 'cancelOrder':
      return { path: { id: order.id }, body: { reason: 'customer changed their mind' } };
    case 'listProducts':
    case 'listStockLevels':
    case 'listCustomers':
    case 'listShipments':
      return { path: {}, query: '?limit=5' };
    case 'listStockMovements':
      return { path: {}, query: `?limit=5&product_id=${product.id}` };
    case 'getProduct':
      return { path: { id: product.id } };
    case 'updateProduct':
      return { path: { id: product.id }, body: { bin: 'Z-99' } };
    case 'adjustStock':
      return { path: {}, body: { product_id: product.id, delta: 1, note: 'found one' } };
    case 'receiveStock':
      return { path: {}, body: { product_id: product.id, qty: 2 } };
    case 'getCustomer': {
      const c = await pb().collection('customers').create({ name: 'Ada', email: `ada-${randomUUID().slice(0, 6)}@example.com` });
      return { path: { id: c.id } };
    }
    case 'recordPayment':
      return { path: { id: order.id }, body: { reference: `REF-${randomUUID().slice(0, 8)}`, amount: 1999 } };
    case 'createShipment': {
      // an order placed through the API (stock reserved), then picked and packed
      const placed = await api(full, 'POST', '/orders', {
        body: { ...orderBody(product.id, 2), fulfilment_method: 'ship', shipping_address: { name: 'Ada', street: 'Hauptstraße 1', postcode: '10115', city: 'Berlin', country: 'DE' } },
        headers: { 'idempotency-key': randomUUID() }
      });
      for (const l of placed.body.lines) await pb().collection('order_lines').update(l.id, { picked: l.qty });
      await pb().collection('orders').update(placed.body.id, { fulfilment_status: 'packed' });
      return { path: {}, body: { order_id: placed.body.id, carrier: 'dhl', tracking_number: '00340434161094042557' } };
    }
    case 'datevExport':
      return { path: {}, query: `?month=${new Date().toISOString().slice(0, 7)}` };
    default:
      throw new Error(`no sample for ${operationId}: add one when adding a route`);
  }
}

describe('F43 API contract', () => {
  it('F43 every route in the OpenAPI document answers as documented, with a body matching its schema', async () => {
    const doc = openApiDocument() as { openapi: string; paths: Record<string, Record<string, { operationId: string; responses: Record<string, unknown> }>> };
    expect(doc.openapi).toBe('3.1.0');
    const walked: string[] = [];
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const sample = await sampleFor(op.operationId);
        const concrete = path.replace(/\{(\w+)\}/g, (_, n: string) => sample.path[n]);
        const res = await api(full, method.toUpperCase(), concrete + (sample.query ?? ''), { body: sample.body, headers: sample.headers });
        expect(res.status, `${method} ${path}: ${JSON.stringify(res.body)}`).toBeLessThan(300);
        expect(Object.keys(op.responses)).toContain(String(res.status));
        const route = apiRoutes.find((r) => r.operationId === op.operationId)!;
        expect(res.headers.get('content-type')).toBe(route.responseType ?? 'application/json');
        const parsed = route.response.safeParse(res.body);
        expect(parsed.success, `${op.operationId}: ${parsed.error?.message}`).toBe(true);
        walked.push(op.operationId);
      }
    }
    // the document and the served routes are the same table
    expect(walked.sort()).toEqual(apiRoutes.map((r) => r.operationId).sort());
  });

  it('F43 money is in minor units with its currency and dates are ISO 8601', async () => {
    const res = await api(full, 'GET', `/products/${product.id}`);
    expect(res.body.price).toEqual({ amount: product.price_cents, currency: expect.stringMatching(/^[A-Z]{3}$/) });
    expect(res.body.updated_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it('F43 list orders pages with a cursor and never repeats an order', async () => {
    for (let i = 0; i < 3; i++) await createOrder({}, [{ product, qty: 1 }]);
    const seen: string[] = [];
    let cursor: string | null = '';
    do {
      const res = await api(full, 'GET', `/orders?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      seen.push(...res.body.data.map((o: { id: string }) => o.id));
      cursor = res.body.next_cursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBeGreaterThanOrEqual(3);
    const bad = await api(full, 'GET', '/orders?cursor=garbage');
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].field).toBe('query.cursor');
  });
});

describe('F43 scopes and keys', () => {
  it('F43 scope matrix: every route × scope, 403 without the route scope and never 403 with it', async () => {
    const keys = new Map<ApiScope, string>();
    for (const s of API_SCOPES) keys.set(s, (await makeKey(manager, [s], `only ${s}`)).secret);
    const { order } = await createOrder({}, [{ product, qty: 1 }]);
    for (const route of apiRoutes) {
      const path = route.path.replace('{id}', route.path.startsWith('/products') ? product.id : order.id);
      for (const scope of API_SCOPES) {
        // writes get an empty body: with the scope they fail validation (422), never authorisation
        const res = await api(keys.get(scope)!, route.method.toUpperCase(), path, { body: route.body ? {} : undefined });
        if (scope === route.scope) expect([200, 201, 404, 422], `${route.operationId} with ${scope}`).toContain(res.status);
        else {
          expect(res.status, `${route.operationId} with ${scope}`).toBe(403);
          expect(res.headers.get('content-type')).toBe('application/problem+json');
          expect(res.body.detail).toContain(route.scope);
        }
      }
    }
  });

  it('F43 a wrong, missing, revoked or expired key gets 401 (revocation at once)', async () => {
    expect((await api(null, 'GET', '/orders')).status).toBe(401);
    expect((await api('pbk_not-a-real-key', 'GET', '/orders')).status).toBe(401);
    const made = await makeKey(manager, ['orders:read'], 'to revoke');
    expect((await api(made.secret, 'GET', '/orders')).status).toBe(200);
    await manager.integrations.revokeKey({ id: made.id });
    const revoked = await api(made.secret, 'GET', '/orders');
    expect(revoked.status).toBe(401);
    expect(revoked.body).toMatchObject({ status: 401, detail: 'This API key was revoked.' });
    const expired = await manager.integrations.createKey({ name: 'old', scopes: ['orders:read'], expiresAt: new Date(Date.now() - 1000).toISOString() });
    expect((await api(expired.secret, 'GET', '/orders')).status).toBe(401);
    // only the hash is stored, and the key's last use is recorded
    const rows = await pb().collection('api_keys').getFullList({ filter: `name = 'to revoke'` });
    expect(JSON.stringify(rows)).not.toContain(made.secret);
    expect(rows[0].last_used_at).not.toBe('');
    const listed = await manager.integrations.keys();
    expect(JSON.stringify(listed)).not.toContain('"hash"');
  });

  it('F43 a key over its rate limit gets 429 with Retry-After', async () => {
    const made = await makeKey(manager, ['products:read'], 'busy');
    const answers = await Promise.all(Array.from({ length: 125 }, () => api(made.secret, 'GET', `/products/${product.id}`)));
    const limited = answers.filter((a) => a.status === 429);
    expect(limited.length).toBeGreaterThan(0);
    expect(Number(limited[0].headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited[0].body.type).toContain('rate-limited');
  });
});

describe('F43 orders through the API', () => {
  it('F43 422 names the field, and nothing is written', async () => {
    const before = await pb().collection('orders').getList(1, 1);
    const res = await api(full, 'POST', '/orders', { body: { ...orderBody(product.id), lines: [{ product_id: product.id, qty: 0 }] }, headers: { 'idempotency-key': randomUUID() } });
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(res.body.errors).toEqual([{ field: 'body.lines.0.qty', message: 'At least 1' }]);
    const noKey = await api(full, 'POST', '/orders', { body: orderBody(product.id) });
    expect(noKey.status).toBe(422);
    expect(noKey.body.errors[0].field).toBe('header.Idempotency-Key');
    expect((await pb().collection('orders').getList(1, 1)).totalItems).toBe(before.totalItems);
  });

  it('F43 two creations racing with one Idempotency-Key give one order and one reservation', async () => {
    const p = await createStockedProduct(5);
    const key = randomUUID();
    const body = orderBody(p.id, 2);
    const [a, b] = await Promise.all([api(full, 'POST', '/orders', { body, headers: { 'idempotency-key': key } }), api(full, 'POST', '/orders', { body, headers: { 'idempotency-key': key } })]);
    expect([a.status, b.status].sort()).toEqual([200, 201]);
    expect(a.body.id).toBe(b.body.id);
    const orders = await pb().collection('orders').getFullList<OrderRecord>({ filter: `idempotency_key ~ '${key}'` });
    expect(orders).toHaveLength(1);
    expect(orders[0].channel).toBe('api');
    const after = await pb().collection('products').getOne<ProductRecord>(p.id);
    expect(after.reserved).toBe(2);
    // a later retry answers the same order
    const again = await api(full, 'POST', '/orders', { body, headers: { 'idempotency-key': key } });
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body.id).toBe(a.body.id);
  });

  it('F43 the same Idempotency-Key with a different body is 409', async () => {
    const key = randomUUID();
    expect((await api(full, 'POST', '/orders', { body: orderBody(product.id, 1), headers: { 'idempotency-key': key } })).status).toBe(201);
    const res = await api(full, 'POST', '/orders', { body: orderBody(product.id, 3), headers: { 'idempotency-key': key } });
    expect(res.status).toBe(409);
    expect(res.body.type).toContain('idempotency-conflict');
  });

  it('F43 more than the stock is refused with 409 and nothing reserved', async () => {
    const p = await createStockedProduct(1);
    const res = await api(full, 'POST', '/orders', { body: orderBody(p.id, 2), headers: { 'idempotency-key': randomUUID() } });
    expect(res.status).toBe(409);
    expect(res.body.lines[0]).toMatchObject({ productId: p.id, problem: 'not_enough' });
    expect((await pb().collection('products').getOne<ProductRecord>(p.id)).reserved).toBe(0);
  });

  it("F43 API writes are on the order timeline with the key's name, and the webhook event commits with the order", async () => {
    // an endpoint listens (nobody delivers here: this file runs no outbox worker)
    await manager.integrations.createEndpoint({ url: 'https://example.com/hooks', events: ['order.placed', 'order.paid'] });
    const made = await makeKey(manager, ['orders:write', 'orders:read', 'payments:write'], 'Till Kasse 2');
    const created = await api(made.secret, 'POST', '/orders', { body: orderBody(product.id), headers: { 'idempotency-key': randomUUID() } });
    expect(created.status).toBe(201);
    const id = created.body.id;
    const paid = await api(made.secret, 'POST', `/orders/${id}/payments`, { body: { reference: `TILL-${randomUUID().slice(0, 6)}` } });
    expect(paid.status).toBe(201);
    expect(paid.body.payment_status).toBe('paid');
    const timeline = await pb().collection('order_events').getFullList<OrderEventRecord>({ filter: `order = '${id}'`, sort: 'created' });
    expect(timeline.map((e) => [e.type, e.actor_label])).toEqual([
      ['placed', 'API: Till Kasse 2'],
      ['paid', 'API: Till Kasse 2']
    ]);
    const hooks = await pb().collection('outbox').getFullList<{ topic: string; payload: { id: string; data: { sequence: number; order_id: string } } }>({ filter: `kind = 'webhook' && order = '${id}'`, sort: 'created' });
    const events = new Map(hooks.map((h) => [h.payload.id, [h.topic, h.payload.data.sequence, h.payload.data.order_id]]));
    expect([...events.values()]).toEqual([
      ['order.placed', 0, id],
      ['order.paid', 1, id]
    ]);
    const cancelled = await api(made.secret, 'POST', `/orders/${id}/cancel`, { body: { reason: 'x' } });
    expect(cancelled.status).toBe(422);
    expect(cancelled.body.errors[0].field).toBe('body.reason');
  });

  it('F43 404 for an unknown order and an unknown route, as problem documents', async () => {
    const res = await api(full, 'GET', '/orders/aaaaaaaaaaaaaaa');
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ status: 404, title: 'Order not found' });
    expect((await api(full, 'GET', '/nothing-here')).status).toBe(404);
  });
});

describe('F43 accounting export', () => {
  it("F43 a month's invoices and payments as a DATEV booking batch, through the API and the procedure", async () => {
    const now = new Date();
    const month = now.toISOString().slice(0, 7);
    const p7 = await createStockedProduct(10, { tax_rate_bp: 700, price_cents: 1070 });
    const invoiceNumber = `RE-${randomUUID().slice(0, 6)}`;
    const { order } = await createOrder({ invoice_number: invoiceNumber, invoice_issued_at: now.toISOString(), customer_name: 'Jörg Weiß', shipping_cents: 0 } as Partial<OrderRecord>, [
      { product, qty: 1 },
      { product: p7, qty: 2 }
    ]);
    await pb().collection('payments').create({ order: order.id, method: 'online_banking', amount_cents: product.price_cents + 2140, currency: 'EUR', status: 'succeeded', provider: 'manual', bank_reference: `BANK-${invoiceNumber}` });
    const key = (await makeKey(manager, ['accounting:read'], 'Steuerbüro')).secret;
    const res = await api(key, 'GET', `/accounting/datev?month=${month}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=windows-1252');
    expect(res.headers.get('content-disposition')).toContain(`EXTF_Buchungsstapel_${month}.csv`);
    const lines = (res.body as string).split('\r\n');
    expect(lines[0].startsWith('"EXTF";700;21;"Buchungsstapel"')).toBe(true);
    const mine = lines.filter((l) => l.includes(invoiceNumber));
    const amount = (c: number) => `${Math.floor(c / 100)},${String(c % 100).padStart(2, '0')}`;
    expect(mine).toEqual([
      expect.stringMatching(new RegExp(`^${amount(product.price_cents)};"S";"EUR";;;"";10000;8400;"";\\d{4};"${invoiceNumber}"`)),
      expect.stringMatching(new RegExp(`^21,40;"S";"EUR";;;"";10000;8300;"";\\d{4};"${invoiceNumber}"`)),
      expect.stringMatching(new RegExp(`^${amount(product.price_cents + 2140)};"S";"EUR";;;"";1200;10000;"";\\d{4};"${invoiceNumber}"`))
    ]);
    const viaPage = await manager.integrations.datevExport({ month });
    expect(Buffer.from(viaPage.base64, 'base64').toString('latin1')).toContain('Jörg Weiß');
    const bad = await api(key, 'GET', '/accounting/datev?month=2026-13');
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].field).toBe('query.month');
  });

  it('F43 F41 credit notes, surcharge invoices and refunds are booked too; the accounts are the settings the page saves', async () => {
    const now = new Date();
    const month = now.toISOString().slice(0, 7);
    const tag = randomUUID().slice(0, 6);
    const { order } = await createOrder({ invoice_number: `RE-${tag}`, customer_name: 'Käthe Gutschrift' } as Partial<OrderRecord>, [{ product, qty: 1 }]);
    const cn = await pb().collection('credit_notes').create({ order: order.id, number: `GS-${tag}`, issued_at: now.toISOString(), currency: 'EUR', lines: [{ sku: 'X', name: 'Teekanne', qty: 1, unit_price_cents: 2380, tax_rate_bp: 1900 }], shipping_cents: 0, total_cents: 2380, reason: 'returned' });
    await pb().collection('refunds').create({ order: order.id, credit_note: cn.id, amount_cents: 2380, currency: 'EUR', method: 'bank_transfer', status: 'succeeded', reference: `ERST-${tag}`, reason: 'returned' });
    await pb().collection('surcharges').create({ order: order.id, kind: 'extra_work', amount_cents: 1190, tax_rate_bp: 1900, currency: 'EUR', invoice_number: `RZ-${tag}`, issued_at: now.toISOString(), status: 'open' });
    const exported = async () => Buffer.from((await manager.integrations.datevExport({ month })).base64, 'base64').toString('latin1').split('\r\n');
    let lines = await exported();
    // a credit note books revenue back (Haben on the debtor), a refund leaves the bank (Haben on the bank)
    expect(lines.filter((l) => l.includes(`GS-${tag}`))).toEqual([expect.stringMatching(/^23,80;"H";"EUR";;;"";10000;8400;"";\d{4};"GS-/)]);
    expect(lines.filter((l) => l.includes(`RZ-${tag}`))).toEqual([expect.stringMatching(/^11,90;"S";"EUR";;;"";10000;8400;"";\d{4};"RZ-/)]);
    expect(lines.filter((l) => l.includes(`ERST-${tag}`))).toEqual([expect.stringMatching(new RegExp(`^23,80;"H";"EUR";;;"";1200;10000;"";\\d{4};"RE-${tag}"`))]);

    // SKR04: the page saves other accounts, the next file uses them
    const saved = await manager.integrations.saveDatevSettings({ ...(await manager.integrations.datevSettings()), bankAccount: 1800, debtorAccount: 12000, revenueAccounts: { '1900': 4400, '700': 4300, '0': 4200 } });
    expect(saved).toMatchObject({ bankAccount: 1800, revenueAccounts: { '1900': 4400 } });
    lines = await exported();
    expect(lines.filter((l) => l.includes(`GS-${tag}`))).toEqual([expect.stringMatching(/^23,80;"H";"EUR";;;"";12000;4400;/)]);
    expect(lines.filter((l) => l.includes(`ERST-${tag}`))).toEqual([expect.stringMatching(/^23,80;"H";"EUR";;;"";1800;12000;/)]);
    // a bad field is named and nothing is saved
    const bad = await manager.integrations.saveDatevSettings({ ...saved, advisorNumber: 12 }).then(() => null, (e: unknown) => e as { code: string; message: string });
    expect(bad?.code).toBe('BAD_REQUEST');
    expect(bad?.message).toContain('advisor number has 4 to 7 digits');
    expect((await manager.integrations.datevSettings()).advisorNumber).toBe(saved.advisorNumber);
    await manager.integrations.saveDatevSettings({ ...saved, bankAccount: 1200, debtorAccount: 10000, revenueAccounts: { '1900': 8400, '700': 8300, '0': 8200 } });
  });
});
