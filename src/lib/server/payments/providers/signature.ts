// Signed notifications of the sandbox gateway, the same scheme as Stripe's: an HMAC-SHA256
// over "<timestamp>.<body>", sent as `Packbench-Signature: t=<unix seconds>,v1=<hex>`.
// The timestamp is signed too, so an old notification cannot be replayed with a new one.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { NotificationRefused } from './types';

export const SIGNATURE_HEADER = 'packbench-signature';
export const TOLERANCE_SECONDS = 300;

function hmac(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex');
}

export function signatureHeader(body: string, secret: string, now = new Date()): string {
  const t = Math.floor(now.getTime() / 1000);
  return `t=${t},v1=${hmac(secret, t, body)}`;
}

/** Throws NotificationRefused unless the header signs this exact body within the tolerance. */
export function verifySignature(body: string, header: string | null, secret: string, now = new Date(), toleranceSeconds = TOLERANCE_SECONDS) {
  if (!header) throw new NotificationRefused('missing signature header');
  let t = NaN;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const [k, v] = part.trim().split('=', 2);
    if (k === 't') t = Number(v);
    else if (k === 'v1' && v) signatures.push(v);
  }
  if (!Number.isInteger(t) || signatures.length === 0) throw new NotificationRefused('malformed signature header');
  const expected = Buffer.from(hmac(secret, t, body), 'hex');
  const matches = signatures.some((s) => {
    const given = Buffer.from(s, 'hex');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  if (!matches) throw new NotificationRefused('signature does not match');
  const age = Math.floor(now.getTime() / 1000) - t;
  if (age > toleranceSeconds) throw new NotificationRefused(`timestamp is ${age} s old (at most ${toleranceSeconds} s allowed)`);
  if (age < -toleranceSeconds) throw new NotificationRefused('timestamp is in the future');
}
