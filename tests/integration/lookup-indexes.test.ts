// Every lookup by a client-generated key uses an index: a scan would make checkout, payment
// notifications, scans and device sign-ins slower with every row the shop ever wrote.
import { describe, expect, it } from 'vitest';
import { pb } from '../../src/lib/server/pocketbase/client';
import { usePocketBase } from '../support/pocketbase';

usePocketBase();

/** SQLite's plan for `sql`, one line per step (via PocketBase's superuser SQL endpoint) */
async function plan(sql: string): Promise<string[]> {
  const res = await pb().send<{ rows: unknown[][]; columns: { name: string }[] }>('/api/sql', { method: 'POST', body: { query: `EXPLAIN QUERY PLAN ${sql}` } });
  const detail = res.columns.findIndex((c) => c.name === 'detail');
  return res.rows.map((r) => String(r[detail]));
}

const LOOKUPS: [string, string][] = [
  ['orders', "idempotency_key = 'k'"],
  ['orders', "invoice_number = 'RE-1'"],
  ['payments', "provider = 'stripe' AND provider_event_id = 'evt_1'"],
  ['order_notes', "client_id = 'c'"],
  ['devices', "secret_hash = 'h'"],
  ['devices', "pairing_code_hash = 'h'"],
  ['picks', "undoes = 'p'"],
  ['shipments', "client_id = 'c'"],
  ['customers', "email = 'a@example.com'"],
  ['counters', "name = 'order_number'"],
  ['returns', "key = 'k'"]
];

describe('lookups by key', () => {
  it.each(LOOKUPS)('%s where %s searches an index', async (table, where) => {
    const steps = await plan(`SELECT id FROM ${table} WHERE ${where} LIMIT 1`);
    expect(steps.join(' | ')).toMatch(new RegExp(`SEARCH ${table} USING (COVERING )?INDEX`));
  });

  it('the check itself can fail: an unindexed column scans', async () => {
    expect((await plan("SELECT id FROM orders WHERE customer_name = 'x'")).join(' | ')).toMatch(/SCAN orders/);
  });
});
