// The embedded sandbox courier: behaves like a real one without an account. It issues
// labels with tracking numbers at once and later reports tracking events, signed, to the
// same webhook path a real courier uses (see sandbox-scheduler.ts).
//
// Signature: header `x-sandbox-signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`,
// the secret generated once per install (settings 'sandbox_courier'). A notification older
// than five minutes is refused (a replay); a repeat within that time is applied once (event id).
import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { isS10 } from '../carriers';
import type { ShipmentStatus } from '../records';
import { sandboxOn } from '../../sandbox';
import { sandboxSecret } from '../settings';
import { packbenchLabels } from './labels';
import { NotificationRejected, type Courier } from './types';

export const SANDBOX_SIGNATURE_HEADER = 'x-sandbox-signature';
export const SANDBOX_TOLERANCE_S = 300;
export const SANDBOX_NAME = 'Packbench SANDBOX';

const STATUSES: readonly ShipmentStatus[] = ['in_transit', 'out_for_delivery', 'delivered', 'exception', 'returned'];

/** The body the sandbox courier posts. */
export interface SandboxNotification {
  id: string;
  parcel: string;
  tracking_number: string;
  status: ShipmentStatus;
  occurred_at: string;
  location: string;
  description: string;
}

/** UPU S10 style: SB + 8 digits + check digit + PB. */
export function sandboxTrackingNumber(): string {
  const body = String(randomBytes(4).readUInt32BE(0) % 100_000_000).padStart(8, '0');
  const weights = [8, 6, 4, 2, 3, 5, 9, 7];
  const check = 11 - ([...body].reduce((s, d, i) => s + Number(d) * weights[i], 0) % 11);
  const n = `SB${body}${check === 10 ? 0 : check === 11 ? 5 : check}PB`;
  if (!isS10(n)) throw new Error(`bad sandbox tracking number ${n}`);
  return n;
}

export function signSandbox(secret: string, rawBody: string, t = Math.floor(Date.now() / 1000)): string {
  const v1 = createHmac('sha256', secret).update(`${t}.${rawBody}`).digest('hex');
  return `t=${t},v1=${v1}`;
}

function verify(secret: string, rawBody: string, header: string | null, now: Date): void {
  const parts = Object.fromEntries((header ?? '').split(',').map((p) => p.trim().split('=', 2) as [string, string]));
  const t = Number(parts.t);
  if (!parts.v1 || !Number.isInteger(t)) throw new NotificationRejected('signature', 'missing or unreadable signature');
  const expected = Buffer.from(createHmac('sha256', secret).update(`${t}.${rawBody}`).digest('hex'));
  const given = Buffer.from(parts.v1);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw new NotificationRejected('signature', 'signature does not match');
  if (Math.abs(now.getTime() / 1000 - t) > SANDBOX_TOLERANCE_S) throw new NotificationRejected('stale', 'notification is too old (replayed?)');
}

function parse(rawBody: string): SandboxNotification {
  let body: Partial<SandboxNotification>;
  try {
    body = JSON.parse(rawBody);
  } catch {
    throw new NotificationRejected('malformed', 'body is not JSON');
  }
  const text = (v: unknown) => (typeof v === 'string' ? v : '');
  // signed JSON that is not an object (null, a number, a list) is malformed, not a crash (issue #12 fuzzing)
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new NotificationRejected('malformed', 'the body is not a JSON object');
  if (!text(body.id) || !text(body.parcel) || !STATUSES.includes(body.status as ShipmentStatus) || Number.isNaN(Date.parse(text(body.occurred_at)))) {
    throw new NotificationRejected('malformed', 'id, parcel, status and occurred_at are required');
  }
  // the rest must be text too, and sized to fit a parcel's event list; a time PocketBase can
  // store (issue #12 fuzzing: a number, a year 275760 or 200 KB of description gave a 500)
  if ([body.tracking_number, body.location, body.description].some((v) => v !== undefined && typeof v !== 'string')) {
    throw new NotificationRejected('malformed', 'tracking_number, location and description are text');
  }
  const year = new Date(text(body.occurred_at)).getUTCFullYear();
  if (year < 1970 || year > 9999) throw new NotificationRejected('malformed', 'occurred_at is out of range');
  if (text(body.id).length > 200 || text(body.parcel).length > 200 || text(body.tracking_number).length > 100) {
    throw new NotificationRejected('malformed', 'id, parcel or tracking_number is too long');
  }
  return { ...(body as SandboxNotification), location: text(body.location).slice(0, MAX_LOCATION), description: text(body.description).slice(0, MAX_DESCRIPTION) };
}

const MAX_LOCATION = 200;
const MAX_DESCRIPTION = 1000;

export const sandboxCourier: Courier = {
  name: 'sandbox',
  enabled: () => sandboxOn('courier'),
  async issue() {
    return { courierRef: `sbx_${randomUUID()}`, carrier: 'sandbox', trackingNumber: sandboxTrackingNumber(), trackingUrl: '', status: 'label_created' };
  },
  // a return label like any label: a tracking number at once
  async issueReturn() {
    return { courierRef: `sbr_${randomUUID()}`, carrier: 'sandbox', trackingNumber: sandboxTrackingNumber(), trackingUrl: '', status: 'label_created' };
  },
  labels: (req) => packbenchLabels(req, () => SANDBOX_NAME),
  cancel: async () => 'cancelled',
  async readNotification(rawBody, headers, now = new Date()) {
    verify(await sandboxSecret(), rawBody, headers.get(SANDBOX_SIGNATURE_HEADER), now);
    const n = parse(rawBody);
    return {
      kind: 'event',
      event: {
        eventId: n.id,
        parcelRef: n.parcel,
        trackingNumber: n.tracking_number ?? '',
        status: n.status,
        at: new Date(n.occurred_at).toISOString(),
        location: n.location ?? '',
        description: n.description ?? ''
      }
    };
  }
};
