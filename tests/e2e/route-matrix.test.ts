// The role matrix for the HTTP routes outside tRPC's procedures (issue #12, "prove it"): every
// `+server.ts` under src/routes has a row here, and each is called over HTTP on the built app
// server as anonymous, a packer's PIN session on a registered tablet, and packer, office,
// manager and owner password sessions. Below a row's least role the answer is 401 (no
// session) or 403; at or above it, the route's own answer. Webhooks take no session: a
// staff cookie never stands in for a signature; the REST API takes only an API key. What a
// packer is let through to carries no e-mail, phone, money, payment or token field.
// tests/integration/role-matrix.test.ts holds the same table for every tRPC procedure.
import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type PocketBase from 'pocketbase';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { Role } from '../../src/lib/auth/roles';
import { hashPin } from '../../src/lib/server/devices/pin-hash.js';
import { superuser } from '../support/browser';

const baseUrl = inject('baseUrl');
const ROUTES_DIR = join(import.meta.dirname, '../../src/routes');

type Who = 'anonymous' | 'pin' | Role;
const WHO: Who[] = ['anonymous', 'pin', 'packer', 'office', 'manager', 'owner'];
const RANK: Record<Who, number> = { anonymous: 0, pin: 1, packer: 1, office: 2, manager: 3, owner: 4 };

/** Who may pass: a least role, anyone ('public'), a valid signature only, or an API key only. */
type Least = 'public' | 'signature' | 'api-key' | Role;
interface Check {
  least: Least;
  method?: 'GET' | 'POST';
  path: () => string;
  body?: string;
  /** the status of a caller who is let through (for 'signature' and 'api-key': everyone's) */
  status: number;
}

let fx: { trackToken: string; mailId: string; apiKey: string };
const trpcQuery = (path: string, input: unknown = {}) => `/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`;

/** One row per route file (its folder under src/routes); each check is one request. */
const ROUTES: Record<string, Check[]> = {
  '(public)/track/[token]/data': [
    { least: 'public', path: () => `/track/${fx.trackToken}/data`, status: 200 },
    { least: 'public', path: () => `/track/${randomBytes(18).toString('base64url')}/data`, status: 404 }
  ],
  '(staff)/mail/[id]/attachments/[index]': [{ least: 'office', path: () => `/mail/${fx.mailId}/attachments/0`, status: 200 }],
  '(staff)/orders/export.csv': [{ least: 'office', path: () => '/orders/export.csv?search=1001', status: 200 }],
  // a well-formed id that is no parcel: the request passes the gate and reaches the lookup
  '(staff)/shipping/labels': [{ least: 'packer', path: () => `/shipping/labels?ids=${'z'.repeat(15)}`, status: 404 }],
  'api/couriers/[courier]/webhook': [{ least: 'signature', method: 'POST', path: () => '/api/couriers/sandbox/webhook', body: '{"tracking_number":"X","status":"delivered"}', status: 401 }],
  'api/payments/webhook/[provider]': [{ least: 'signature', method: 'POST', path: () => '/api/payments/webhook/sandbox', body: '{"type":"payment.succeeded"}', status: 400 }],
  'api/docs': [{ least: 'public', path: () => '/api/docs', status: 200 }],
  'api/docs/[asset]': [{ least: 'public', path: () => '/api/docs/init.js', status: 200 }],
  'api/v1/openapi.json': [{ least: 'public', path: () => '/api/v1/openapi.json', status: 200 }],
  'api/v1/[...path]': [
    { least: 'api-key', path: () => '/api/v1/orders?limit=1', status: 401 },
    { least: 'api-key', method: 'POST', path: () => '/api/v1/stock/adjustments', body: '{}', status: 401 }
  ],
  'api/trpc/[...trpc]': [
    { least: 'office', path: () => trpcQuery('orders.queue'), status: 200 },
    { least: 'packer', path: () => trpcQuery('pack.queue'), status: 200 },
    { least: 'packer', path: () => trpcQuery('shipping.desk'), status: 200 }
  ]
};

/** Every `+server.ts` under src/routes, as its folder relative to src/routes. */
function serverRoutes(dir = ROUTES_DIR): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return serverRoutes(path);
    return e.name === '+server.ts' ? [relative(ROUTES_DIR, dir).split(sep).join('/')] : [];
  });
}

/** A browser-less client: the cookies the app set, sent back on every request. */
class Session {
  cookies = new Map<string, string>();
  async request(method: string, path: string, body?: string, headers: Record<string, string> = {}) {
    const res = await fetch(baseUrl + path, {
      method,
      body,
      redirect: 'manual',
      headers: { origin: baseUrl, ...(body ? { 'content-type': 'application/json' } : {}), cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '), ...headers }
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const [name, value] = [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)];
      if (!value || /max-age=0/i.test(c)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return res;
  }
  async call<T>(procedure: string, input: unknown): Promise<T> {
    const res = await this.request('POST', `/api/trpc/${procedure}`, JSON.stringify({ json: input }));
    const answer = (await res.json()) as { result?: { data: { json: T } }; error?: unknown };
    if (!res.ok || !answer.result) throw new Error(`${procedure} answered ${res.status}: ${JSON.stringify(answer.error)}`);
    return answer.result.data.json;
  }
}

async function newStaff(pb: PocketBase, role: Role, pin?: string) {
  const password = `pw-${randomBytes(8).toString('hex')}`;
  const staff = await pb.collection('staff').create({
    email: `matrix-${role}-${randomBytes(4).toString('hex')}@packbench.test`,
    name: `Matrix ${role}`, role, active: true, locale: 'en', password, passwordConfirm: password,
    ...(pin ? { pin_hash: await hashPin(pin) } : {})
  });
  return { id: staff.id, email: staff.email as string, password };
}

const FORBIDDEN_FOR_PACKERS = /^(email|phone|.*_cents|.*price.*|payment.*|.*token.*|amount.*|total.*|iban|.*secret.*)$/i;
/** every key, at any depth, that a packer must not receive */
function forbiddenKeys(value: unknown, path = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => forbiddenKeys(v, `${path}[${i}]`));
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) => [...(FORBIDDEN_FOR_PACKERS.test(k) ? [`${path}.${k}`] : []), ...forbiddenKeys(v, `${path}.${k}`)]);
  return [];
}

const sessions = {} as Record<Who, Session>;

beforeAll(async () => {
  const pb = await superuser();
  for (const who of WHO) sessions[who] = new Session();
  for (const role of ['packer', 'office', 'manager', 'owner'] as const) {
    const s = await newStaff(pb, role);
    await sessions[role].call('auth.signIn', { email: s.email, password: s.password });
  }
  // a manager registers the tablet; a packer unlocks it with a PIN (the tablet's own session)
  const pin = '482915';
  const tabletPacker = await newStaff(pb, 'packer', pin);
  const manager = await newStaff(pb, 'manager');
  await sessions.pin.call('auth.signIn', { email: manager.email, password: manager.password });
  await sessions.pin.call('devices.registerHere', { name: `Matrix tablet ${randomBytes(2).toString('hex')}` });
  await sessions.pin.call('auth.signOut', {});
  const unlocked = await sessions.pin.call<{ method: string }>('pack.unlock', { staffId: tabletPacker.id, pin });
  expect(unlocked.method).toBe('pin');

  const key = await sessions.manager.call<{ secret: string }>('integrations.createKey', { name: 'route matrix', scopes: ['orders:read', 'stock:write'] });
  // the newest order: its tracking link has not expired
  const order = (await pb.collection('orders').getList(1, 1, { sort: '-placed_at', filter: "tracking_token != ''" })).items[0];
  // a delivered e-mail with an attachment, as the outbox files it in the local mailbox
  const form = new FormData();
  for (const [k, v] of Object.entries({ message_id: `<matrix-${randomBytes(4).toString('hex')}@packbench.test>`, topic: 'receipt', recipient: 'kunde@example.com', subject: 'Receipt', text: 'Attached.' })) form.append(k, v);
  form.append('attachment_info', JSON.stringify([{ name: 'receipt.pdf', contentType: 'application/pdf' }]));
  form.append('attachments', new Blob(['%PDF-1.4\n%%EOF\n'], { type: 'application/pdf' }), 'receipt.pdf');
  const mail = await pb.collection('mailbox').create(form);
  fx = { trackToken: order.tracking_token as string, mailId: mail.id, apiKey: key.secret };
});

describe('the role matrix of the HTTP routes (issue #12)', () => {
  it('has a row for every +server.ts route, and none for a route that is gone', () => {
    const routes = serverRoutes();
    expect(routes.filter((r) => !(r in ROUTES))).toEqual([]);
    expect(Object.keys(ROUTES).filter((r) => !routes.includes(r))).toEqual([]);
  });

  it('refuses every caller below a route\'s least role and lets the others through; a packer gets no contact, money or token fields', async () => {
    const wrong: string[] = [];
    for (const [route, checks] of Object.entries(ROUTES)) {
      for (const check of checks) {
        for (const who of WHO) {
          const res = await sessions[who].request(check.method ?? 'GET', check.path(), check.body);
          const body = Buffer.from(await res.arrayBuffer());
          const where = `${route} ${check.method ?? 'GET'} ${check.path().slice(0, 60)} as ${who}`;
          if (res.status >= 500) wrong.push(`${where}: ${res.status}`);
          const role = check.least as Role;
          const passes = ['public', 'signature', 'api-key'].includes(check.least) || RANK[who] >= RANK[role];
          const expected = passes ? check.status : who === 'anonymous' ? 401 : 403;
          if (res.status !== expected) wrong.push(`${where}: ${res.status}, expected ${expected}`);
          if ((who === 'pin' || who === 'packer') && passes && check.least !== 'public' && /json/.test(res.headers.get('content-type') ?? '')) {
            const leaked = forbiddenKeys(JSON.parse(body.toString('utf8')));
            if (leaked.length) wrong.push(`${where} carries ${leaked.slice(0, 5).join(', ')}`);
          }
          // a 401 or 403 tells why, and never shows the app's insides
          if ([401, 403].includes(res.status) && /at .+\.(js|ts):\d+/.test(body.toString('utf8'))) wrong.push(`${where}: a stack trace`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('the REST API answers an API key, whoever else is signed in', async () => {
    for (const who of ['anonymous', 'owner'] as const) {
      const res = await sessions[who].request('GET', '/api/v1/orders?limit=1', undefined, { authorization: `Bearer ${fx.apiKey}` });
      expect(res.status, who).toBe(200);
      expect(((await res.json()) as { data: unknown[] }).data).toHaveLength(1);
    }
  });

  it('what the office may download arrives whole: the attachment and the CSV', async () => {
    const pdf = await sessions.office.request('GET', `/mail/${fx.mailId}/attachments/0`);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect((await pdf.text()).startsWith('%PDF-')).toBe(true);
    const csv = await sessions.manager.request('GET', '/orders/export.csv?search=1001');
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(await csv.text()).toContain('1001');
  });
});
