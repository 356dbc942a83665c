// Product CSV import (#14): a preview that writes nothing, per-line errors by line and column,
// only confirmed lines applied, batches all or nothing, the same file twice changes nothing,
// Latin-1 files from Excel and ";" or "," separators, a clear message for a wrong header.
import { gzipSync } from 'node:zlib';
import { TRPCError } from '@trpc/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { pb } from '../../src/lib/server/pocketbase/client';
import type { ProductRecord } from '../../src/lib/server/pocketbase/records';
import { forgetShopSettings } from '../../src/lib/server/shop/settings';
import { signedInCaller } from '../support/caller';
import { createStaff } from '../support/factories';
import { usePocketBase } from '../support/pocketbase';

usePocketBase();

type Caller = Awaited<ReturnType<typeof signedInCaller>>;
let manager: Caller;
let office: Caller;

beforeAll(async () => {
  const m = await createStaff('manager');
  manager = await signedInCaller(m.staff.email, m.password);
  const o = await createStaff('office');
  office = await signedInCaller(o.staff.email, o.password);
  await pb().collection('settings').create({ key: 'shop', value: { name: 'Teehaus', email: 'shop@example.com', currency: 'EUR', locale: 'de' } });
  forgetShopSettings();
});

const file = (text: string | Buffer) => gzipSync(typeof text === 'string' ? Buffer.from(text, 'utf8') : text).toString('base64');
const failure = (p: Promise<unknown>) => p.then(() => null, (e) => e as TRPCError & { cause: { key: string; params: Record<string, unknown> } });
const bySku = async (sku: string) => (await pb().collection('products').getFullList<ProductRecord & { version: number }>({ filter: `sku = '${sku}'` }))[0];
const all = async (prefix: string) => pb().collection('products').getFullList<ProductRecord & { version: number }>({ filter: `sku ~ '${prefix}%'`, sort: 'sku' });
let n = 0;
const tag = () => `IMP${Date.now().toString(36).toUpperCase()}${++n}`;

async function importAll(text: string | Buffer) {
  const f = file(text);
  const preview = await manager.caller.catalogue.previewImport({ gzipBase64: f });
  const lines = preview.rows.filter((r) => r.action === 'create' || r.action === 'update').map((r): [number, number] => [r.line, r.action === 'create' ? 0 : r.version]);
  const applied = lines.length ? await manager.caller.catalogue.applyImport({ gzipBase64: f, lines }) : null;
  return { preview, applied };
}

describe('#14 CSV import', () => {
  it('previews without writing, applies only the confirmed lines, and the same file twice changes nothing', async () => {
    const t = tag();
    const csv = `sku;name;gtins;bin;price;tax_rate;weight_g;low_stock_threshold;active\n${t}-1;Assam;4006381333931;A-1;12,50;7;250;5;yes\n${t}-2;Darjeeling;;A-2;9.90;7;250;0;yes\n${t}-3;Sencha;;A-3;4,20;7;100;0;no\n`;
    const preview = await manager.caller.catalogue.previewImport({ gzipBase64: file(csv) });
    expect(preview.rows.map((r) => [r.line, r.sku, r.action])).toEqual([
      [2, `${t}-1`, 'create'],
      [3, `${t}-2`, 'create'],
      [4, `${t}-3`, 'create']
    ]);
    expect(await all(t)).toEqual([]);
    // the manager leaves line 3 out
    const res = await manager.caller.catalogue.applyImport({ gzipBase64: file(csv), lines: [[2, 0], [4, 0]] });
    expect(res).toMatchObject({ created: 2, updated: 0 });
    expect((await all(t)).map((p) => [p.sku, p.price_cents, p.tax_rate_bp, p.active, p.gtins])).toEqual([
      [`${t}-1`, 1250, 700, true, ['04006381333931']],
      [`${t}-3`, 420, 700, false, []]
    ]);
    const gtinRows = await pb().collection('product_gtins').getFullList({ filter: `gtin = '04006381333931'` });
    expect(gtinRows).toHaveLength(1);

    // the whole file now: line 3 is new, the others unchanged; then once more: nothing at all
    const second = await importAll(csv);
    expect(second.preview.rows.map((r) => r.action)).toEqual(['unchanged', 'create', 'unchanged']);
    const before = (await all(t)).map((p) => [p.sku, p.version, p.updated]);
    const third = await importAll(csv);
    expect(third.preview.summary).toMatchObject({ unchanged: 3, create: 0, update: 0, errors: 0 });
    expect(third.applied).toBeNull();
    expect((await all(t)).map((p) => [p.sku, p.version, p.updated])).toEqual(before);
  });

  it('an update changes only the columns in the file, with the version the preview saw', async () => {
    const t = tag();
    await importAll(`sku,name,price,bin\n${t}-1,Assam,"12,50",A-1\n`);
    const p = await bySku(`${t}-1`);
    const csv = `sku,bin\n${t}-1,Z-9\n`;
    const preview = await manager.caller.catalogue.previewImport({ gzipBase64: file(csv) });
    expect(preview.rows[0]).toMatchObject({ action: 'update', changes: ['bin'], version: p.version });
    // someone edits the product between preview and apply: the batch is refused, nothing changes
    await manager.caller.catalogue.update({ id: p.id, version: p.version, patch: { name: 'Assam Gold' } });
    const stale = await failure(manager.caller.catalogue.applyImport({ gzipBase64: file(csv), lines: [[2, p.version]] }));
    expect(stale?.code).toBe('CONFLICT');
    expect(stale?.message).toContain('Line 2');
    expect(await bySku(`${t}-1`)).toMatchObject({ bin: 'A-1', name: 'Assam Gold', price_cents: 1250 });
    const again = await importAll(csv);
    expect(again.applied).toMatchObject({ updated: 1 });
    expect(await bySku(`${t}-1`)).toMatchObject({ bin: 'Z-9', name: 'Assam Gold', price_cents: 1250 });
  });

  it('names each bad line and column; a line with errors cannot be applied', async () => {
    const t = tag();
    const csv = `sku;name;gtins;price\n${t}-1;Gut;;1\n;Ohne SKU;;1\n${t}-3;Falsch;4006381333932;1\n${t}-1;Doppelt;;1\n${t}-5;Preis;;zwölf\n`;
    const preview = await manager.caller.catalogue.previewImport({ gzipBase64: file(csv) });
    expect(preview.rows.map((r) => [r.line, r.action, r.errors.map((e) => `${e.line}:${e.column}:${e.key}`)])).toEqual([
      [2, 'create', []],
      [3, 'error', ['3:sku:required']],
      [4, 'error', ['4:gtins:gtin_check_digit']],
      [5, 'error', ['5:sku:duplicate_sku']],
      [6, 'error', ['6:price:price']]
    ]);
    expect(preview.rows[2].errors[0].message).toBe('Line 4, column gtins: 4006381333932: wrong check digit (expected 1)');
    const err = await failure(manager.caller.catalogue.applyImport({ gzipBase64: file(csv), lines: [[2, 0], [4, 0]] }));
    expect(err?.code).toBe('BAD_REQUEST');
    expect(err?.message).toContain('Line 4, column gtins');
    expect(await all(t)).toEqual([]);
  });

  it('a GTIN already on another product is an error on its line', async () => {
    const t = tag();
    await manager.caller.catalogue.create({ sku: `${t}-own`, name: 'Besitzer', gtins: ['5901234123457'], bin: '', priceCents: 100, taxRateBp: 1900, weightG: 0, lowStockThreshold: 0, active: true });
    const preview = await manager.caller.catalogue.previewImport({ gzipBase64: file(`sku;name;gtins\n${t}-x;Dieb;5901234123457\n`) });
    expect(preview.rows[0]).toMatchObject({ action: 'error', errors: [expect.objectContaining({ column: 'gtins', key: 'gtin_taken' })] });
  });

  it('reads a Latin-1 (Excel) file with ";" and a comma file alike', async () => {
    const t = tag();
    const latin1 = Buffer.from(`sku;name;price\r\n${t}-1;Grüner Tee Größe M;3,50\r\n`, 'latin1');
    expect(latin1.includes(Buffer.from('ü', 'utf8'))).toBe(false);
    await importAll(latin1);
    expect(await bySku(`${t}-1`)).toMatchObject({ name: 'Grüner Tee Größe M', price_cents: 350 });
    await importAll(`sku,name,price\n${t}-2,"Tee, schwarz",3.50\n`);
    expect(await bySku(`${t}-2`)).toMatchObject({ name: 'Tee, schwarz', price_cents: 350 });
  });

  it('a changed or missing header is refused with a message saying what is expected', async () => {
    const err = await failure(manager.caller.catalogue.previewImport({ gzipBase64: file('artikelnummer;name;preis\nX;Y;1\n') }));
    expect(err?.code).toBe('BAD_REQUEST');
    expect(err?.cause).toMatchObject({ key: 'catalogue.import.errors.header', params: { missing: 'sku', unknown: 'artikelnummer, preis' } });
    expect(err?.message).toContain('Expected: sku;name;gtins;bin;price;tax_rate;weight_g;low_stock_threshold;active');
  });

  it('the export reads back unchanged; office staff may export but not import', async () => {
    const csv = await office.caller.catalogue.exportCsv();
    expect(csv.split('\r\n')[0]).toBe('sku;name;gtins;bin;price;tax_rate;weight_g;low_stock_threshold;active');
    const again = await importAll(csv);
    expect(again.preview.summary).toMatchObject({ create: 0, update: 0, errors: 0 });
    expect(again.preview.summary.unchanged).toBeGreaterThan(3);
    expect((await failure(office.caller.catalogue.previewImport({ gzipBase64: file(csv) })))?.code).toBe('FORBIDDEN');
  });
});
