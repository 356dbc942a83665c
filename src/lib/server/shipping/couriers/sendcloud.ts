// Sendcloud, REST API v2 (https://sendcloud.dev/api/v2): parcels are created and announced
// with `request_label: true`, labels downloaded as PDF (label printer or A4 "normal printer"),
// cancelled with POST /parcels/{id}/cancel. Authentication is HTTP Basic with the public and
// secret key. Tracking webhooks carry `Sendcloud-Signature`: the hex HMAC-SHA256 of the raw
// body with the secret key (or the integration's webhook signature key). Switched on by
// SENDCLOUD_PUBLIC_KEY + SENDCLOUD_SECRET_KEY; SENDCLOUD_BASE_URL points elsewhere for tests.
// Return labels (F39) go through the Returns API v3 (below); a return's courier
// reference is "r<return id>:<parcel id>", its label prints like any parcel's (by the parcel id).
import { createHmac, timingSafeEqual } from 'node:crypto';
import { shippingConfig } from '../config';
import type { ShipmentStatus } from '../records';
import { CourierError, NotificationRejected, type Courier, type IssuedParcel, type ParcelRequest, type ReturnParcelRequest } from './types';
import type { Address } from '../../pocketbase/records';

export const SENDCLOUD_SIGNATURE_HEADER = 'sendcloud-signature';

type Config = NonNullable<ReturnType<typeof shippingConfig>['sendcloud']>;

/** Sendcloud's parcel status ids (GET /parcels/statuses) that move a Packbench shipment. */
const STATUS: Record<number, ShipmentStatus> = {
  1000: 'label_created', // Ready to send
  1: 'label_created', // Announced
  13: 'label_created', // Announced: not collected
  22: 'handed_over', // Shipment picked up by driver
  3: 'in_transit', // En route to sorting center
  5: 'in_transit', // Sorted
  7: 'in_transit', // Being sorted
  91: 'in_transit', // Parcel en route
  92: 'out_for_delivery', // Driver en route
  11: 'delivered', // Delivered
  93: 'delivered', // Shipment collected by customer
  12: 'exception', // Awaiting customer pickup (at a service point)
  4: 'exception', // Delivery delayed
  8: 'exception', // Delivery attempt failed
  15: 'exception', // Error collecting
  62: 'exception', // Unable to deliver
  80: 'exception', // Unable to deliver
  1002: 'exception', // Announcement failed
  2000: 'cancelled' // Cancelled (applied only through Packbench's own cancel)
};

export function sendcloudStatus(id: number): ShipmentStatus | null {
  return STATUS[id] ?? null;
}

function required(): Config {
  const cfg = shippingConfig().sendcloud;
  if (!cfg) throw new CourierError('sendcloud', 'Sendcloud is not set up: SENDCLOUD_PUBLIC_KEY and SENDCLOUD_SECRET_KEY are missing.');
  return cfg;
}

function auth(cfg: Config): string {
  return `Basic ${Buffer.from(`${cfg.publicKey}:${cfg.secretKey}`).toString('base64')}`;
}

/** `path` under the v2 base; a path starting with "/v3/" goes to the v3 API next to it */
async function call(cfg: Config, method: 'GET' | 'POST', path: string, body?: unknown): Promise<Response> {
  let res: Response;
  const url = path.startsWith('/v3/') ? `${cfg.baseUrl.replace(/\/v2$/, '')}${path}` : `${cfg.baseUrl}${path}`;
  try {
    res = await fetch(url, {
      method,
      headers: { authorization: auth(cfg), accept: body === undefined && method === 'GET' ? 'application/pdf, application/json' : 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(20_000)
    });
  } catch (e) {
    throw new CourierError('sendcloud', `Sendcloud is not reachable right now (${(e as Error).message}).`);
  }
  return res;
}

async function json<T>(res: Response, accepted: number[] = [200, 201]): Promise<T> {
  const text = await res.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON: reported below */
  }
  if (!accepted.includes(res.status)) {
    // v2: { error: { message } }; v3: { errors: [{ detail }] }
    const v3 = (body as { errors?: { detail?: string }[] } | null)?.errors?.map((e) => e.detail).filter(Boolean).join('; ');
    const message = (body as { error?: { message?: string } } | null)?.error?.message ?? (v3 || undefined) ?? (body as { message?: string } | null)?.message;
    throw new CourierError('sendcloud', `Sendcloud refused (${res.status}): ${message ?? (text.slice(0, 200) || 'no reason given')}`, res.status);
  }
  if (body === null) throw new CourierError('sendcloud', `Sendcloud answered ${res.status} without JSON.`, res.status);
  return body as T;
}

async function pdf(res: Response): Promise<Uint8Array> {
  if (res.status !== 200) await json(res, []);
  const bytes = new Uint8Array(await res.arrayBuffer());
  if (Buffer.from(bytes.subarray(0, 5)).toString('latin1') !== '%PDF-') throw new CourierError('sendcloud', 'Sendcloud sent a label that is not a PDF.');
  return bytes;
}

/** "Hauptstraße 12a" -> street + house number; "12 Baker Street" too. */
export function splitStreet(street: string): { street: string; houseNumber: string } {
  const s = street.trim();
  const after = /^(.*?\D)\s*(\d+\s*[a-zA-Z]?(?:\s*[-/]\s*\d+\s*[a-zA-Z]?)?)$/.exec(s);
  if (after) return { street: after[1].trim().replace(/,$/, ''), houseNumber: after[2].replace(/\s+/g, '') };
  const before = /^(\d+\s*[a-zA-Z]?)[\s,]+(.+)$/.exec(s);
  if (before) return { street: before[2].trim(), houseNumber: before[1].replace(/\s+/g, '') };
  return { street: s, houseNumber: '' };
}

export function parcelBody(req: ParcelRequest, shippingMethodId: number) {
  const a = req.order.address;
  const { street, houseNumber } = splitStreet(a.street);
  return {
    parcel: {
      name: a.name || req.order.customerName,
      company_name: a.company ?? '',
      address: street,
      house_number: houseNumber,
      city: a.city,
      postal_code: a.postcode,
      country: a.country.toUpperCase(),
      telephone: req.order.phone,
      email: req.order.email,
      request_label: true,
      shipment: { id: shippingMethodId },
      weight: (Math.max(req.weightGrams, 1) / 1000).toFixed(3),
      order_number: String(req.order.number),
      external_reference: req.shipmentId,
      quantity: 1
    }
  };
}

interface SendcloudParcel {
  id: number;
  tracking_number?: string;
  tracking_url?: string;
  carrier?: { code?: string };
  status?: { id: number; message?: string };
}

interface Webhook {
  action?: string;
  timestamp?: number;
  carrier_status_change_timestamp?: number;
  parcel?: SendcloudParcel & { status?: { id: number; message?: string } };
}

/** Only follow label URLs on Sendcloud's own host: the credentials go with the request. */
function sameOrigin(cfg: Config, url: string): string {
  const u = new URL(url, cfg.baseUrl);
  if (u.origin !== new URL(cfg.baseUrl).origin) throw new CourierError('sendcloud', `Sendcloud pointed to a label on another host (${u.host}).`);
  return `${u.pathname.slice(new URL(cfg.baseUrl).pathname.length)}${u.search}`;
}

export const sendcloudCourier: Courier = {
  name: 'sendcloud',
  enabled: () => shippingConfig().sendcloud !== null,

  async issue(req) {
    const cfg = required();
    const { parcel } = await json<{ parcel: SendcloudParcel }>(await call(cfg, 'POST', '/parcels', parcelBody(req, cfg.shippingMethodId)));
    if (!parcel?.id) throw new CourierError('sendcloud', 'Sendcloud created no parcel.');
    return {
      courierRef: String(parcel.id),
      carrier: parcel.carrier?.code ?? 'sendcloud',
      trackingNumber: parcel.tracking_number ?? '',
      trackingUrl: parcel.tracking_url ?? '',
      status: 'label_created'
    };
  },

  async labels({ parcels, layout }) {
    const cfg = required();
    // a return's reference is "r<return id>:<parcel id>": its label is the parcel's
    const ids = parcels.map((p) => Number(p.courierRef.split(':').pop()));
    if (ids.some((id) => !Number.isInteger(id) || id <= 0)) throw new CourierError('sendcloud', 'A parcel has no Sendcloud id yet: create its label first.');
    if (ids.length === 1) {
      const path = layout === 'a4' ? `/labels/normal_printer/${ids[0]}?start_from=0` : `/labels/label_printer/${ids[0]}`;
      return pdf(await call(cfg, 'GET', path));
    }
    const { label } = await json<{ label: { label_printer: string; normal_printer: string[] } }>(await call(cfg, 'POST', '/labels', { label: { parcels: ids } }));
    const url = layout === 'a4' ? label?.normal_printer?.[0] : label?.label_printer;
    if (!url) throw new CourierError('sendcloud', 'Sendcloud sent no label link.');
    return pdf(await call(cfg, 'GET', sameOrigin(cfg, url)));
  },

  issueReturn: (req) => issueSendcloudReturn(req),

  async cancel(courierRef) {
    const cfg = required();
    if (courierRef.startsWith('r')) return cancelSendcloudReturn(courierRef);
    const res = await call(cfg, 'POST', `/parcels/${encodeURIComponent(courierRef)}/cancel`);
    const body = await json<{ status?: string; message?: string }>(res, [200, 202, 410]);
    if (res.status === 202 || body.status === 'queued') return 'queued';
    return 'cancelled';
  },

  async readNotification(rawBody, headers) {
    const cfg = required();
    const given = Buffer.from(headers.get(SENDCLOUD_SIGNATURE_HEADER) ?? '');
    const expected = Buffer.from(createHmac('sha256', cfg.webhookSecret).update(rawBody).digest('hex'));
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new NotificationRejected('signature', 'Sendcloud-Signature does not match');
    let body: Webhook;
    try {
      body = JSON.parse(rawBody);
    } catch {
      throw new NotificationRejected('malformed', 'body is not JSON');
    }
    if (body.action !== 'parcel_status_changed') return { kind: 'ignored', reason: `action ${String(body.action)}` };
    const p = body.parcel;
    const ts = body.carrier_status_change_timestamp || body.timestamp;
    if (!p?.id || !p.status || typeof p.status.id !== 'number' || !ts) throw new NotificationRejected('malformed', 'parcel.id, parcel.status and timestamp are required');
    return {
      kind: 'event',
      event: {
        eventId: `${p.id}:${p.status.id}:${body.timestamp ?? ts}`,
        parcelRef: String(p.id),
        trackingNumber: p.tracking_number ?? '',
        status: sendcloudStatus(p.status.id),
        at: new Date(ts).toISOString(),
        location: '',
        description: p.status.message ?? ''
      }
    };
  }
};

// Sendcloud return labels (F39) through the Returns API v3 (https://sendcloud.dev/api/v3/returns):
// POST /returns with the customer as `from_address`, the shop as `to_address`, the return
// shipping option (SENDCLOUD_RETURN_SHIPPING_OPTION) and the weight answers `return_id` and
// `parcel_id`; GET /returns/{id} gives the tracking number and carrier once announced; POST
// /returns/{id}/cancel voids it. The label PDF is the parcel's, like any Sendcloud label.

const address = (name: string, a: Address, contact: { email?: string; phone?: string }) => {
  const { street, houseNumber } = splitStreet(a.street);
  return {
    name: a.name || name,
    company_name: a.company ?? '',
    address_line_1: street,
    house_number: houseNumber,
    postal_code: a.postcode,
    city: a.city,
    country_code: a.country.toUpperCase(),
    phone_number: contact.phone ?? '',
    email: contact.email ?? ''
  };
};

interface SendcloudReturn {
  id?: number;
  tracking_number?: string | null;
  tracking_url?: string | null;
  parcel_id?: number;
  ship_with?: { carrier?: string | null; shipping_option_code?: string | null } | null;
}

export async function issueSendcloudReturn(req: ReturnParcelRequest): Promise<IssuedParcel> {
  const cfg = required();
  if (!cfg.returnShippingOption) throw new CourierError('sendcloud', 'Sendcloud return labels need SENDCLOUD_RETURN_SHIPPING_OPTION (the return shipping option of your contract).');
  if (!req.shop.address) throw new CourierError('sendcloud', 'The shop has no address in its settings: a return label needs one.');
  const body = {
    from_address: address(req.order.customerName, req.order.address, { email: req.order.email, phone: req.order.phone }),
    to_address: address(req.shop.name, { ...req.shop.address, name: req.shop.name }, { email: req.shop.email, phone: req.shop.phone }),
    ship_with: { type: 'shipping_option_code', shipping_option_code: cfg.returnShippingOption },
    weight: { value: Number((Math.max(req.weightGrams, 1) / 1000).toFixed(3)), unit: 'kg' },
    collo_count: 1,
    order_number: String(req.order.number),
    external_reference: req.returnId,
    send_tracking_emails: false,
    delivery_option: 'drop_off_point'
  };
  const made = await json<{ return_id?: number; parcel_id?: number }>(await call(cfg, 'POST', '/v3/returns', body));
  if (!made.return_id || !made.parcel_id) throw new CourierError('sendcloud', 'Sendcloud created no return.');
  const ret = await json<SendcloudReturn>(await call(cfg, 'GET', `/v3/returns/${made.return_id}`));
  return {
    courierRef: `r${made.return_id}:${made.parcel_id}`,
    carrier: ret.ship_with?.carrier ?? 'sendcloud',
    trackingNumber: ret.tracking_number ?? '',
    trackingUrl: ret.tracking_url ?? '',
    status: 'label_created'
  };
}

export async function cancelSendcloudReturn(courierRef: string): Promise<'cancelled' | 'queued'> {
  const cfg = required();
  const id = /^r(\d+):/.exec(courierRef)?.[1];
  if (!id) throw new CourierError('sendcloud', `Not a Sendcloud return: ${courierRef}`);
  const res = await call(cfg, 'POST', `/v3/returns/${id}/cancel`);
  await json<unknown>(res, [200, 202]);
  return res.status === 202 ? 'queued' : 'cancelled';
}
