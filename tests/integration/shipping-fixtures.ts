// Orders ready to ship or collect, with their stock reserved through the ledger, for the
// shipping, courier and tracking tests.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pb } from '../../src/lib/server/pocketbase/client';
import type { OrderLineRecord, OrderRecord, ProductRecord } from '../../src/lib/server/pocketbase/records';
import { UnitOfWork } from '../../src/lib/server/pocketbase/tx';
import type { ShipmentRecord } from '../../src/lib/server/shipping/records';
import { handleCourierWebhook } from '../../src/lib/server/shipping/webhook';
import { createOrder, createStockedProduct } from '../support/factories';

export interface FixtureLine {
  qty: number;
  /** picked units; default all */
  picked?: number;
  onHand?: number;
}

/** A placed order whose lines are reserved and picked, in `fulfilment` (default packed). */
export async function readyOrder(lines: FixtureLine[], overrides: Partial<OrderRecord> = {}) {
  const products: ProductRecord[] = [];
  for (const l of lines) products.push(await createStockedProduct(l.onHand ?? 20, { weight_g: 250 }));
  const { order, lines: created } = await createOrder(
    { fulfilment_status: 'packed', payment_status: 'paid', ...overrides },
    lines.map((l, i) => ({ product: products[i], qty: l.qty }))
  );
  const uow = new UnitOfWork();
  for (const [i, line] of created.entries()) {
    uow.stock({ product: products[i].id, delta_reserved: line.qty, reason: 'order_placed', order: order.id, order_line: line.id });
    uow.update('order_lines', line.id, { picked: lines[i].picked ?? line.qty });
  }
  await uow.commit();
  const fresh = await pb().collection('order_lines').getFullList<OrderLineRecord>({ filter: `order = '${order.id}'`, sort: 'position' });
  return { order, lines: fresh, products };
}

/** on_hand/reserved of a product and the sums of its ledger rows. */
export async function stockAndLedger(productId: string) {
  const [p, rows] = await Promise.all([
    pb().collection('products').getOne<ProductRecord>(productId),
    pb().collection('stock_movements').getFullList<{ delta_on_hand: number; delta_reserved: number; reason: string }>({ filter: `product = '${productId}'` })
  ]);
  return {
    stock: { on_hand: p.on_hand, reserved: p.reserved },
    ledger: { on_hand: rows.reduce((s, r) => s + r.delta_on_hand, 0), reserved: rows.reduce((s, r) => s + r.delta_reserved, 0) },
    shippedRows: rows.filter((r) => r.reason === 'shipped').length
  };
}

export const orderRecord = (id: string) => pb().collection('orders').getOne<OrderRecord>(id);
export const lineRecords = (orderId: string) => pb().collection('order_lines').getFullList<OrderLineRecord>({ filter: `order = '${orderId}'`, sort: 'position' });
export const shipmentRecord = (id: string) => pb().collection('shipments').getOne<ShipmentRecord>(id);
export const outboxFor = (orderId: string, topic: string) =>
  pb().collection('outbox').getFullList<{ topic: string; recipient: string; payload: { locale: string; data: Record<string, unknown> } }>({ filter: `order = '${orderId}' && topic = '${topic}'` });

let n = 0;
export const clientId = () => `test-${Date.now()}-${++n}`;

/** The app's courier webhook route without SvelteKit: raw body in, the handler's answer out. */
export async function startWebhookServer() {
  const server = createServer((req, res) => {
    const m = /^\/api\/couriers\/([^/]+)\/webhook$/.exec(req.url ?? '');
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', async () => {
      if (!m || req.method !== 'POST') return res.writeHead(404).end();
      const answer = await handleCourierWebhook(m[1], raw, new Headers(req.headers as Record<string, string>));
      res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: () => new Promise((r) => server.close(r))
  };
}
