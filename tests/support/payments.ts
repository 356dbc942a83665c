// For the payments integration tests: the webhook endpoint on a real HTTP port (the same
// handler the SvelteKit route calls), and small waiting helpers.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import PocketBase from 'pocketbase';
import type { OrderRecord } from '../../src/lib/server/pocketbase/records';
import { handleWebhook } from '../../src/lib/server/payments/webhook';

async function body(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** POST /api/payments/webhook/<provider> on a free port, answered by handleWebhook. */
export async function startWebhookServer() {
  const server = createServer(async (req, res) => {
    const m = req.url?.match(/^\/api\/payments\/webhook\/([\w-]+)$/);
    if (!m || req.method !== 'POST') {
      res.writeHead(404).end();
      return;
    }
    const request = new Request(`http://127.0.0.1${req.url}`, {
      method: 'POST',
      headers: Object.entries(req.headers).flatMap(([k, v]) => (typeof v === 'string' ? [[k, v] as [string, string]] : [])),
      body: new Uint8Array(await body(req))
    });
    const response = await handleWebhook(m[1], request, { from: req.socket.remoteAddress });
    res.writeHead(response.status, Object.fromEntries(response.headers)).end(await response.text());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    post: (provider: string, payload: string, headers: Record<string, string>) =>
      fetch(`${url}/api/payments/webhook/${provider}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: payload }),
    stop: () => new Promise<void>((r) => server.close(() => r()))
  };
}

export function gzipBase64(text: string): string {
  return gzipSync(Buffer.from(text, 'utf8')).toString('base64');
}

/** An unpaid placed order written straight to PocketBase (E2E: the browser tests' own orders). */
export async function unpaidOrder(pb: PocketBase, opts: { method: 'card' | 'online_banking' | 'cheque'; totalCents: number; name?: string }) {
  const counter = await pb.send<{ results: number[] }>('/api/packbench/tx', { method: 'POST', body: { ops: [{ op: 'counter', name: 'order_number', as: 'n' }] } });
  const number = counter.results[0];
  const name = opts.name ?? `E2E Zahler ${number}`;
  return pb.collection('orders').create<OrderRecord>({
    number, channel: 'web', status: 'placed', payment_status: 'unpaid', fulfilment_status: 'unfulfilled', payment_method: opts.method, fulfilment_method: 'ship',
    customer_name: name, email: `e2e-pay-${number}@example.com`,
    shipping_address: { name, street: 'Lindenstraße 12', postcode: '10969', city: 'Berlin', country: 'DE' },
    currency: 'EUR', subtotal_cents: opts.totalCents, tax_cents: 0, shipping_cents: 0, total_cents: opts.totalCents, locale: 'en',
    tracking_token: randomBytes(18).toString('base64url'), pay_token: randomBytes(18).toString('base64url'), version: 1, placed_at: new Date().toISOString()
  });
}

/** A superuser PocketBase client for a browser test's own data. */
export async function superuserClient(info: { url: string; email: string; password: string }): Promise<PocketBase> {
  const pb = new PocketBase(info.url);
  pb.autoCancellation(false);
  await pb.collection('_superusers').authWithPassword(info.email, info.password);
  return pb;
}
