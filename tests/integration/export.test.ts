// F26 CSV export of a filtered queue view through the real route handler and PocketBase.
import { randomBytes } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import type { StaffSession } from '../../src/lib/server/auth/sessions';
import { exportCsv as streamCsv } from '../../src/lib/server/orders/export';
import { shopSetting } from '../../src/lib/server/shop/settings';
import { GET } from '../../src/routes/(staff)/orders/export.csv/+server';
import { signedInCaller } from '../support/caller';
import { createOrder, createProduct, createStaff } from '../support/factories';
import { usePocketBase } from '../support/pocketbase';

usePocketBase();

const sessions: Record<string, StaffSession> = {};
beforeAll(async () => {
  await shopSetting.save({ timeZone: 'Europe/Berlin' });
  for (const role of ['office', 'packer', 'manager'] as const) {
    const { staff, password } = await createStaff(role);
    sessions[role] = (await signedInCaller(staff.email, password)).session;
  }
});

async function exportCsv(query: string, session: StaffSession | null = sessions.office) {
  const url = new URL(`http://localhost/orders/export.csv?${query}`);
  return GET({ url, locals: { session } } as never);
}

describe('F26 CSV export', () => {
  it('streams the filtered orders with BOM, ; separator, quoting and local times', async () => {
    const tag = `Export${randomBytes(3).toString('hex')}`;
    const a = await createOrder({ customer_name: `${tag} Müller; "Sohn"`, email: 'ms@example.com', total_cents: 123456, placed_at: '2025-03-31 21:30:00.000Z' });
    const b = await createOrder({ customer_name: `${tag} Dvořák`, total_cents: 5, placed_at: '2025-03-02 09:00:00.000Z', payment_method: 'cheque' });
    await createOrder({ customer_name: `${tag} April`, placed_at: '2025-04-02 09:00:00.000Z' });

    const res = await exportCsv(`search=${tag}&month=2025-03`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="orders-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect(res.headers.get('x-order-count')).toBe('2');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes.slice(3));
    expect(text.split('\r\n')[0]).toBe('number;placed;status;payment_status;payment_method;fulfilment_status;fulfilment_method;customer;email;phone;invoice_number;total;currency');
    expect(text).toContain(`"${tag} Müller; ""Sohn"""`);
    const rows = parse(text, { delimiter: ';', columns: true }) as Record<string, string>[];
    // a month lists newest placed first
    expect(rows.map((r) => Number(r.number))).toEqual([a.order.number, b.order.number]);
    expect(rows[0]).toMatchObject({ placed: '2025-03-31 23:30', customer: `${tag} Müller; "Sohn"`, email: 'ms@example.com', total: '1234,56', currency: 'EUR' });
    expect(rows[1]).toMatchObject({ total: '0,05', payment_method: 'cheque' });
  });

  it('writes one row per line with lines=1', async () => {
    const tag = `Lines${randomBytes(3).toString('hex')}`;
    const p1 = await createProduct({ sku: `${tag}-A`, name: 'Kerze, weiß', price_cents: 250 });
    const p2 = await createProduct({ sku: `${tag}-B`, name: 'Docht', price_cents: 99 });
    const { order } = await createOrder({ customer_name: tag }, [{ product: p1, qty: 2 }, { product: p2, qty: 5 }]);
    const res = await exportCsv(`search=${tag}&lines=1`);
    const text = await res.text();
    const rows = parse(text, { delimiter: ';', columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(2);
    expect(rows.map((r) => [Number(r.number), r.sku, r.product, r.qty, r.unit_price])).toEqual([
      [order.number, `${tag}-A`, 'Kerze, weiß', '2', '2,50'],
      [order.number, `${tag}-B`, 'Docht', '5', '0,99']
    ]);
  });

  it('pages through more orders than one page holds, each once', async () => {
    const tag = `Many${randomBytes(3).toString('hex')}`;
    const made = [];
    for (let i = 0; i < 30; i += 10) made.push(...(await Promise.all(Array.from({ length: 10 }, (_, j) => createOrder({ customer_name: `${tag} ${i + j}` })))));
    let text = '';
    for await (const chunk of streamCsv({ search: tag }, { lines: true, pageSize: 7 })) text += chunk;
    const rows = parse(text.replace(/^\uFEFF/, ''), { delimiter: ';', columns: true }) as Record<string, string>[];
    expect(rows.map((r) => Number(r.number))).toEqual(made.map((m) => m.order.number).sort((x, y) => y - x));
  });

  it('refuses packers and anonymous callers; a malformed link exports with defaults', async () => {
    expect((await exportCsv('', sessions.packer)).status).toBe(403);
    expect((await exportCsv('', null)).status).toBe(401);
    expect((await exportCsv('', sessions.manager)).status).toBe(200);
    const res = await exportCsv(`month=2025-99&status=nope&search=${encodeURIComponent("' || 1=1")}`);
    expect(res.status).toBe(200);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder().decode(bytes)).toMatch(/^number;placed;/);
  });
});
