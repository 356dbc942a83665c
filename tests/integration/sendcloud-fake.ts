// A local stand-in for Sendcloud's REST API v2, strict about what the documentation asks for
// (HTTP Basic with the public and secret key, the parcel's fields and types) and answering
// in its documented shapes. It also sends tracking webhooks signed the documented way: the
// hex HMAC-SHA256 of the raw body with the secret key in the Sendcloud-Signature header.
import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const PUBLIC_KEY = 'pk_test_0123456789';
export const SECRET_KEY = 'sk_test_abcdefghij';

/** A small valid PDF, so clients can tell a label from an error page. */
export const LABEL_PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 288 432]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n'
);

export interface Recorded {
  method: string;
  path: string;
  body: unknown;
}

export function signSendcloud(rawBody: string, secret = SECRET_KEY): string {
  return createHmac('sha256', secret).update(rawBody).digest('hex');
}

function problems(parcel: Record<string, unknown>): string[] {
  const out: string[] = [];
  const str = (k: string) => typeof parcel[k] === 'string' && (parcel[k] as string).length > 0;
  for (const k of ['name', 'address', 'city', 'postal_code']) if (!str(k)) out.push(`${k}: This field is required.`);
  if (typeof parcel.country !== 'string' || !/^[A-Z]{2}$/.test(parcel.country)) out.push('country: ISO 3166-1 alpha-2 expected');
  if (typeof parcel.house_number !== 'string') out.push('house_number: string expected');
  if (parcel.request_label !== true) out.push('request_label: must be true to announce');
  const shipment = parcel.shipment as { id?: unknown } | undefined;
  if (!shipment || typeof shipment.id !== 'number') out.push('shipment.id: shipping method id (integer) required with request_label');
  if (typeof parcel.weight !== 'string' || !/^\d+\.\d{3}$/.test(parcel.weight)) out.push('weight: kilograms as a string with 3 decimals');
  if (typeof parcel.order_number !== 'string') out.push('order_number: string expected');
  return out;
}

/** What Sendcloud's Returns API v3 refuses in an address (https://sendcloud.dev/api/v3/returns/create-a-return). */
function addressProblems(where: string, a: unknown): string[] {
  if (!a || typeof a !== 'object') return [`${where}: This field is required.`];
  const x = a as Record<string, unknown>;
  const out: string[] = [];
  for (const f of ['name', 'address_line_1', 'house_number', 'postal_code', 'city']) if (typeof x[f] !== 'string' || !x[f]) out.push(`${where}.${f}: This field is required.`);
  if (typeof x.country_code !== 'string' || !/^[A-Z]{2}$/.test(x.country_code)) out.push(`${where}.country_code: ISO 3166-1 alpha-2 code expected.`);
  return out;
}

export async function startFakeSendcloud(opts: { labelHost?: string } = {}) {
  const requests: Recorded[] = [];
  const parcels = new Map<number, Record<string, unknown>>();
  let nextId = 4000;
  /** parcel ids whose cancellation the carrier handles later (202 queued) */
  const queueCancel = new Set<number>();
  /** Returns API v3: return id -> the return (with its parcel's id) */
  const returns = new Map<number, Record<string, unknown>>();
  const cancelledReturns = new Set<number>();
  let nextReturnId = 900;

  const send = (res: ServerResponse, status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  const error = (res: ServerResponse, status: number, message: string, request: string) => send(res, status, { error: { code: status, request, message } });

  async function handle(req: IncomingMessage, res: ServerResponse, raw: string) {
    const url = new URL(req.url ?? '/', 'http://x');
    const path = url.pathname;
    let body: unknown = null;
    if (raw) {
      try {
        body = JSON.parse(raw);
      } catch {
        return error(res, 400, 'JSON parse error', path);
      }
    }
    requests.push({ method: req.method ?? '', path: `${path}${url.search}`, body });
    const expected = `Basic ${Buffer.from(`${PUBLIC_KEY}:${SECRET_KEY}`).toString('base64')}`;
    if (req.headers.authorization !== expected) return error(res, 401, 'Invalid username/password.', path);

    let m: RegExpExecArray | null;
    if (req.method === 'POST' && path === '/api/v2/parcels') {
      if (req.headers['content-type'] !== 'application/json') return error(res, 415, 'Unsupported media type', path);
      const parcel = (body as { parcel?: Record<string, unknown> } | null)?.parcel;
      if (!parcel) return error(res, 400, 'parcel: This field is required.', path);
      const wrong = problems(parcel);
      if (wrong.length) return error(res, 400, wrong.join('; '), path);
      if (parcel.postal_code === '00000') return error(res, 400, 'postal_code: Invalid postal code for country', path);
      const id = ++nextId;
      const base = `http://${opts.labelHost ?? req.headers.host}`;
      const stored = {
        id,
        name: parcel.name,
        address: `${parcel.address} ${parcel.house_number}`,
        address_divided: { street: parcel.address, house_number: parcel.house_number },
        city: parcel.city,
        postal_code: parcel.postal_code,
        tracking_number: `3SYZXG${id}`,
        tracking_url: `https://tracking.sendcloud.sc/forward?carrier=postnl&code=3SYZXG${id}`,
        carrier: { code: 'postnl' },
        status: { id: 1000, message: 'Ready to send' },
        label: {
          label_printer: `${base}/api/v2/labels/label_printer/${id}`,
          normal_printer: [0, 1, 2, 3].map((i) => `${base}/api/v2/labels/normal_printer/${id}?start_from=${i}`)
        },
        order_number: parcel.order_number,
        external_reference: parcel.external_reference ?? null
      };
      parcels.set(id, stored);
      return send(res, 200, { parcel: stored });
    }
    if (req.method === 'GET' && (m = /^\/api\/v2\/labels\/(label_printer|normal_printer)\/(\d+)$/.exec(path))) {
      if (!parcels.has(Number(m[2]))) return error(res, 404, 'No Parcel matches the given query.', path);
      if (m[1] === 'normal_printer' && !/^[0-3]$/.test(url.searchParams.get('start_from') ?? '')) return error(res, 400, 'start_from must be 0-3', path);
      return res.writeHead(200, { 'content-type': 'application/pdf' }).end(LABEL_PDF);
    }
    if (req.method === 'POST' && path === '/api/v2/labels') {
      const ids = (body as { label?: { parcels?: unknown } } | null)?.label?.parcels;
      if (!Array.isArray(ids) || !ids.every((i) => typeof i === 'number' && parcels.has(i))) return error(res, 400, 'label.parcels: list of parcel ids', path);
      const base = `http://${opts.labelHost ?? req.headers.host}`;
      return send(res, 200, {
        label: {
          normal_printer: [0, 1, 2, 3].map((i) => `${base}/api/v2/labels/normal_printer?ids=${ids.join(',')}&start_from=${i}`),
          label_printer: `${base}/api/v2/labels/label_printer?ids=${ids.join(',')}`
        }
      });
    }
    if (req.method === 'GET' && (path === '/api/v2/labels/label_printer' || path === '/api/v2/labels/normal_printer')) {
      const ids = (url.searchParams.get('ids') ?? '').split(',').map(Number);
      if (!ids.length || !ids.every((i) => parcels.has(i))) return error(res, 404, 'No Parcel matches the given query.', path);
      return res.writeHead(200, { 'content-type': 'application/pdf' }).end(LABEL_PDF);
    }
    if (req.method === 'POST' && (m = /^\/api\/v2\/parcels\/(\d+)\/cancel$/.exec(path))) {
      const id = Number(m[1]);
      if (!parcels.has(id)) return error(res, 404, 'No Parcel matches the given query.', path);
      if (queueCancel.has(id)) return send(res, 202, { status: 'queued', message: 'Parcel cancellation has been queued' });
      return send(res, 200, { status: 'cancelled', message: 'Parcel has been cancelled' });
    }
    if (req.method === 'POST' && path === '/api/v3/returns') {
      const r = (body ?? {}) as Record<string, unknown>;
      const ship = r.ship_with as { type?: unknown; shipping_option_code?: unknown } | undefined;
      const weight = r.weight as { value?: unknown; unit?: unknown } | undefined;
      const wrong = [
        ...addressProblems('from_address', r.from_address),
        ...addressProblems('to_address', r.to_address),
        ...(ship?.type === 'shipping_option_code' && typeof ship.shipping_option_code === 'string' && ship.shipping_option_code ? [] : ['ship_with: a shipping_option_code is required.']),
        ...(typeof weight?.value === 'number' && weight.value > 0 && ['kg', 'g', 'lbs', 'oz'].includes(String(weight?.unit)) ? [] : ['weight: value and unit are required.'])
      ];
      if (wrong.length) return send(res, 400, { errors: wrong.map((detail) => ({ status: '400', code: 'invalid', detail })) });
      const parcelId = ++nextId;
      const id = ++nextReturnId;
      const from = r.from_address as Record<string, unknown>;
      parcels.set(parcelId, { id: parcelId, is_return: true, name: from.name, city: from.city, postal_code: from.postal_code, tracking_number: `3SRET${parcelId}` });
      returns.set(id, {
        id, parcel_id: parcelId, from_address: r.from_address, to_address: r.to_address, order_number: r.order_number, external_reference: r.external_reference,
        tracking_number: `3SRET${parcelId}`, tracking_url: `https://tracking.sendcloud.sc/forward?carrier=dhl&code=3SRET${parcelId}`,
        ship_with: { carrier: 'dhl', shipping_option_code: ship!.shipping_option_code }, weight: r.weight
      });
      return send(res, 201, { return_id: id, parcel_id: parcelId, multi_collo_ids: [] });
    }
    if (req.method === 'GET' && (m = /^\/api\/v3\/returns\/(\d+)$/.exec(path))) {
      const found = returns.get(Number(m[1]));
      return found ? send(res, 200, found) : send(res, 404, { errors: [{ status: '404', code: 'not_found', detail: 'No Return matches the given query.' }] });
    }
    if (req.method === 'POST' && (m = /^\/api\/v3\/returns\/(\d+)\/cancel$/.exec(path))) {
      const id = Number(m[1]);
      if (!returns.has(id)) return send(res, 404, { errors: [{ status: '404', code: 'not_found', detail: 'No Return matches the given query.' }] });
      cancelledReturns.add(id);
      return send(res, 202, { message: 'Cancellation requested successfully' });
    }
    return error(res, 404, 'Not found.', path);
  }

  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => void handle(req, res, raw));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    baseUrl: `${url}/api/v2`,
    requests,
    parcels,
    queueCancel,
    returns,
    cancelledReturns,
    /** POSTs a parcel_status_changed webhook the way Sendcloud does */
    async notify(webhookUrl: string, parcelId: number, status: { id: number; message: string }, timestamp: number, secret = SECRET_KEY) {
      const parcel = parcels.get(parcelId) ?? { id: parcelId, tracking_number: `3SYZXG${parcelId}` };
      const raw = JSON.stringify({ action: 'parcel_status_changed', timestamp, carrier_status_change_timestamp: timestamp, parcel: { ...parcel, status } });
      const res = await fetch(webhookUrl, { method: 'POST', headers: { 'content-type': 'application/json', 'Sendcloud-Signature': signSendcloud(raw, secret) }, body: raw });
      return { status: res.status, body: (await res.json()) as Record<string, unknown>, raw };
    },
    stop: () => new Promise((r) => server.close(r))
  };
}
