// Issue #12 finding 8: the app server looks orders up by tracking token and customers by the
// office's search term through `filter=` in PocketBase URLs, and PocketBase logged every URL
// in _logs. Its request log now keeps the path and parameter names only
// (pocketbase/logredact): after a tracking-page visit and a customer search, neither the
// token nor the term is in _logs, while the requests themselves are.
import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { pb } from '../../src/lib/server/pocketbase/client';
import { anonymousCaller, signedInCaller } from '../support/caller';
import { createOrder, createStaff } from '../support/factories';
import { usePocketBase } from '../support/pocketbase';

usePocketBase();

type LogEntry = { data: { url?: string; type?: string } };

/** Every request log up to a marker request made now: PocketBase writes its log in batches. */
async function requestLogs(): Promise<LogEntry[]> {
  const marker = `logmarker${randomBytes(6).toString('hex')}`;
  await pb().send(`/api/collections/orders/records/${marker}`, {}).catch(() => undefined);
  await vi.waitFor(
    async () => {
      const found = await pb().send<{ totalItems: number }>('/api/logs', { query: { filter: `data.url ~ '${marker}'`, perPage: 1 } });
      if (!found.totalItems) throw new Error('PocketBase has not written the marker request to its log yet');
    },
    { timeout: 15_000, interval: 200 }
  );
  return (await pb().send<{ items: LogEntry[] }>('/api/logs', { query: { perPage: 1000, sort: '-created' } })).items;
}

let office: Awaited<ReturnType<typeof signedInCaller>>;
beforeAll(async () => {
  const { staff, password } = await createStaff('office');
  office = await signedInCaller(staff.email, password);
});

describe('issue #12 finding 8: no secrets or search terms in PocketBase request logs', () => {
  it('a tracking-page visit and a customer search leave neither the token nor the term in _logs', async () => {
    const { order } = await createOrder();
    const term = `Quendolyn${randomBytes(3).toString('hex')}`;
    await anonymousCaller(undefined, '192.0.2.80').track.get({ token: order.tracking_token });
    await office.caller.orders.searchCustomers({ query: term });

    const logs = await requestLogs();
    const all = JSON.stringify(logs);
    expect(all).not.toContain(order.tracking_token);
    expect(all).not.toContain(term);
    // the lookups themselves are logged, only their filter values are not
    const urls = logs.map((l) => l.data.url ?? '');
    expect(urls.some((u) => u.startsWith('/api/collections/orders/records?') && u.includes('filter=[redacted]'))).toBe(true);
    expect(urls.some((u) => u.startsWith('/api/collections/customers/records?') && u.includes('filter=[redacted]'))).toBe(true);
  });
});
