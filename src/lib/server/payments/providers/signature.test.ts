import { describe, expect, it } from 'vitest';
import { signatureHeader, verifySignature } from './signature';
import { NotificationRefused } from './types';

const secret = 'whsec_sandbox_test_secret';
const body = JSON.stringify({ id: 'evt_1', status: 'succeeded' });
const now = new Date('2025-06-01T12:00:00Z');

function refusal(fn: () => void): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof NotificationRefused) return e.reason;
    throw e;
  }
  return 'accepted';
}

describe('sandbox notification signatures', () => {
  it('accepts its own signature within the tolerance', () => {
    const header = signatureHeader(body, secret, now);
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(refusal(() => verifySignature(body, header, secret, new Date(now.getTime() + 299_000)))).toBe('accepted');
  });

  it.each([
    ['no header', () => verifySignature(body, null, secret, now), 'missing signature header'],
    ['garbage header', () => verifySignature(body, 'hello', secret, now), 'malformed signature header'],
    ['a changed body', () => verifySignature(body.replace('succeeded', 'failed'), signatureHeader(body, secret, now), secret, now), 'signature does not match'],
    ['another secret', () => verifySignature(body, signatureHeader(body, 'whsec_other', now), secret, now), 'signature does not match'],
    ['a re-stamped timestamp', () => verifySignature(body, signatureHeader(body, secret, now).replace(/t=\d+/, `t=${now.getTime() / 1000 + 60}`), secret, now), 'signature does not match'],
    ['older than 5 minutes', () => verifySignature(body, signatureHeader(body, secret, now), secret, new Date(now.getTime() + 301_000)), 'timestamp is 301 s old (at most 300 s allowed)'],
    ['from the future', () => verifySignature(body, signatureHeader(body, secret, new Date(now.getTime() + 600_000)), secret, now), 'timestamp is in the future']
  ])('refuses %s', (_name, fn, reason) => {
    expect(refusal(fn)).toBe(reason);
  });

  it('accepts when one of several v1 signatures matches (secret rotation)', () => {
    const good = signatureHeader(body, secret, now);
    const header = `${good.split(',')[0]},v1=${'0'.repeat(64)},${good.split(',')[1]}`;
    expect(refusal(() => verifySignature(body, header, secret, now))).toBe('accepted');
  });
});
