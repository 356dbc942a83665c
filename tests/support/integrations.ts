// F43 test helpers: API keys through the real procedure, requests through the real /api/v1
// handler (in process, as SvelteKit calls it), and a local webhook receiver that verifies
// every delivery with the `standardwebhooks` library (./webhook-receiver.ts).
import { handleApi } from '../../src/lib/server/integrations/rest';
import { API_SCOPES, type ApiScope } from '../../src/lib/integrations/scopes';
import { webhookHandler } from '../../src/lib/server/webhooks/deliver';
import { OutboxWorker, type OutboxWorkerOptions } from '../../src/lib/server/outbox/worker';
import { signedInCaller } from './caller';
import { createStaff, createStockedProduct } from './factories';

type Caller = { integrations: { createKey(input: { name: string; scopes: ApiScope[]; expiresAt?: string | null }): Promise<{ id: string; secret: string }> } };

export async function makeKey(caller: Caller, scopes: ApiScope[], name = `key ${Math.random().toString(36).slice(2, 8)}`) {
  return caller.integrations.createKey({ name, scopes });
}

export interface ApiAnswer {
  status: number;
  headers: Headers;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export async function api(secret: string | null, method: string, path: string, opts: { body?: unknown; headers?: Record<string, string> } = {}): Promise<ApiAnswer> {
  const url = new URL(`http://packbench.test/api/v1${path}`);
  const headers: Record<string, string> = { ...opts.headers };
  if (secret) headers.authorization = `Bearer ${secret}`;
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  const req = new Request(url, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) });
  const res = await handleApi(req, url.pathname.slice('/api/v1'.length));
  const text = await res.text();
  const json = (res.headers.get('content-type') ?? '').includes('json');
  return { status: res.status, headers: res.headers, body: text && json ? JSON.parse(text) : text };
}

export { startReceiver, type Received } from './webhook-receiver';

/**
 * The usual webhook test desk: local receivers allowed, a manager, an API key with every scope,
 * a stocked product, and a running outbox worker that delivers webhooks (mail is a no-op).
 */
export async function webhookDesk(opts: { keyName: string; stock: number; worker?: Partial<OutboxWorkerOptions> }) {
  process.env.WEBHOOK_ALLOW_HOSTS = '127.0.0.1';
  process.env.WEBHOOK_TIMEOUT_MS = '2000';
  const { staff, password } = await createStaff('manager');
  const manager = (await signedInCaller(staff.email, password)).caller;
  const key = (await makeKey(manager, [...API_SCOPES], opts.keyName)).secret;
  const product = await createStockedProduct(opts.stock);
  const worker = new OutboxWorker({ handlers: { webhook: webhookHandler, email: async () => ({ subject: 'test' }) }, log: () => {}, ...opts.worker });
  worker.start();
  return { manager, key, product, worker };
}
