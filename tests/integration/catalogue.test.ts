// The catalogue (#14, F05 stock figures): create and edit products through the real procedures
// and PocketBase; SKU and GTIN unique (also when two creates race), versioned edits, per-field
// roles, archived products refused at checkout and on phone orders, price changes never touch
// existing order lines.
import { randomUUID } from 'node:crypto';
import { TRPCError } from '@trpc/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { pb } from '../../src/lib/server/pocketbase/client';
import type { OrderLineRecord } from '../../src/lib/server/pocketbase/records';
import { forgetShopSettings } from '../../src/lib/server/shop/settings';
import { anonymousCaller, signedInCaller } from '../support/caller';
import { proven } from '../support/shop';
import { createStaff } from '../support/factories';
import { usePocketBase } from '../support/pocketbase';

usePocketBase();

type Caller = Awaited<ReturnType<typeof signedInCaller>>;
let manager: Caller;
let office: Caller;
let packer: Caller;
let customerId: string;

beforeAll(async () => {
  const m = await createStaff('manager');
  manager = await signedInCaller(m.staff.email, m.password);
  const o = await createStaff('office');
  office = await signedInCaller(o.staff.email, o.password);
  const p = await createStaff('packer');
  packer = await signedInCaller(p.staff.email, p.password);
  customerId = (await pb().collection('customers').create({ name: 'Lukas Gruber', addresses: [{ name: 'Lukas Gruber', street: 'Mariahilfer Str. 45', postcode: '1060', city: 'Wien', country: 'AT' }] })).id;
  await pb().collection('settings').create({ key: 'shop', value: { name: 'Teehaus', email: 'shop@example.com', currency: 'EUR', locale: 'de' } });
  await pb().collection('settings').create({ key: 'shipping', value: { flatCents: 495, freeFromCents: 5000, collectCents: 0 } });
  forgetShopSettings();
});

let seq = 0;
const fields = (over: Record<string, unknown> = {}) => ({
  sku: `CAT-${Date.now().toString(36)}-${++seq}`,
  name: `Teedose ${seq}`,
  gtins: [] as string[],
  bin: 'A-01',
  priceCents: 1250,
  taxRateBp: 1900,
  weightG: 300,
  lowStockThreshold: 5,
  active: true,
  ...over
});
const failure = (p: Promise<unknown>) => p.then(() => null, (e) => e as TRPCError & { cause: { key: string; params: Record<string, unknown> } });
const stockUp = async (id: string, qty: number) => manager.caller.stock.receive({ idempotencyKey: randomUUID(), supplierRef: 'setup', lines: [{ productId: id, qty }] });

describe('#14 catalogue: create and edit', () => {
  it('creates a product with GTINs in any usual form, stored as one GTIN-14 each, and finds it by SKU, name or GTIN', async () => {
    const p = await manager.caller.catalogue.create(fields({ name: 'Earl Grey Dose', gtins: ['4006381333931', ' 036000291452 ', '0036000291452'] }));
    expect(p.gtins).toEqual(['04006381333931', '00036000291452']);
    expect(p).toMatchObject({ priceCents: 1250, version: 1, onHand: 0, active: true });
    for (const search of [p.sku, 'earl grey', '4006381333931', '04006381333931', '036000291452']) {
      const list = await office.caller.catalogue.list({ search });
      expect(list.items.map((i) => i.id), search).toContain(p.id);
    }
  });

  it('refuses a wrong check digit, naming the GTIN and the digit expected', async () => {
    const err = await failure(manager.caller.catalogue.create(fields({ gtins: ['4006381333932'] })));
    expect(err?.code).toBe('BAD_REQUEST');
    expect(err?.message).toContain('4006381333932: wrong check digit (expected 1)');
  });

  it('refuses a duplicate SKU and a duplicate GTIN, naming the field and the product that has it', async () => {
    const first = await manager.caller.catalogue.create(fields({ gtins: ['96385074'] }));
    const sku = await failure(manager.caller.catalogue.create(fields({ sku: first.sku })));
    expect(sku?.code).toBe('CONFLICT');
    expect(sku?.cause).toMatchObject({ key: 'catalogue.errors.sku_taken', params: { field: 'sku', name: first.name } });
    const gtin = await failure(manager.caller.catalogue.create(fields({ gtins: ['00000096385074'] })));
    expect(gtin?.cause).toMatchObject({ key: 'catalogue.errors.gtin_taken', params: { field: 'gtins', sku: first.sku } });
    expect(gtin?.message).toContain(first.name);
    // editing another product to take the GTIN is refused too
    const other = await manager.caller.catalogue.create(fields());
    const edit = await failure(manager.caller.catalogue.update({ id: other.id, version: other.version, patch: { gtins: ['96385074'] } }));
    expect(edit?.cause).toMatchObject({ key: 'catalogue.errors.gtin_taken', params: { field: 'gtins' } });
  });

  it('two creates with the same GTIN at the same moment: one product, one refusal naming the GTIN', async () => {
    for (let round = 0; round < 3; round++) {
      const gtin = `4006381${String(100000 + round * 7 + seq).slice(-5)}`;
      const full = `${gtin}${(await import('../../src/lib/scanning/gtin')).gtinCheckDigit(gtin)}`;
      const results = await Promise.allSettled([manager.caller.catalogue.create(fields({ gtins: [full] })), manager.caller.catalogue.create(fields({ gtins: [full] }))]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      expect(refused.reason.cause).toMatchObject({ key: 'catalogue.errors.gtin_taken', params: { field: 'gtins' } });
      const rows = await pb().collection('product_gtins').getFullList({ filter: `gtin = '${full.padStart(14, '0')}'` });
      expect(rows).toHaveLength(1);
      const products = await pb().collection('products').getFullList({ filter: `gtins ~ '${full.padStart(14, '0')}'` });
      expect(products).toHaveLength(1);
    }
  });

  it('an edit made from an old version is a conflict that carries the current product; nothing is overwritten', async () => {
    const p = await office.caller.catalogue.create(fields({ priceCents: 0, taxRateBp: 0, active: false }));
    await office.caller.catalogue.update({ id: p.id, version: p.version, patch: { bin: 'B-07' } });
    const err = await failure(office.caller.catalogue.update({ id: p.id, version: p.version, patch: { bin: 'C-99', name: 'Other name' } }));
    expect(err?.code).toBe('CONFLICT');
    expect(err?.cause).toMatchObject({ key: 'catalogue.errors.changed_meanwhile', params: { current: { bin: 'B-07', version: 2 } } });
    expect(await office.caller.catalogue.get({ id: p.id })).toMatchObject({ bin: 'B-07', name: p.name, version: 2 });
  });

  it('roles: office edits names, bins, GTINs and thresholds but not prices or archiving; packers cannot edit at all', async () => {
    const p = await manager.caller.catalogue.create(fields());
    const edited = await office.caller.catalogue.update({ id: p.id, version: p.version, patch: { name: 'Neu', bin: 'Z-1', lowStockThreshold: 9, gtins: ['5901234123457'] } });
    expect(edited).toMatchObject({ name: 'Neu', bin: 'Z-1', lowStockThreshold: 9, gtins: ['05901234123457'] });
    const price = await failure(office.caller.catalogue.update({ id: p.id, version: edited.version, patch: { priceCents: 1 } }));
    expect(price?.code).toBe('FORBIDDEN');
    expect(price?.cause.params).toMatchObject({ field: 'priceCents' });
    const archive = await failure(office.caller.catalogue.update({ id: p.id, version: edited.version, patch: { active: false } }));
    expect(archive?.cause.params).toMatchObject({ field: 'active' });
    // the same price sent back unchanged (a whole form saved) is fine
    await office.caller.catalogue.update({ id: p.id, version: edited.version, patch: { priceCents: 1250, name: 'Neuer' } });
    expect((await failure(packer.caller.catalogue.list({})))?.code).toBe('FORBIDDEN');
    expect((await failure(packer.caller.catalogue.update({ id: p.id, version: 3, patch: { name: 'x' } })))?.code).toBe('FORBIDDEN');
    expect((await failure(packer.caller.catalogue.create(fields())))?.code).toBe('FORBIDDEN');
  });

  it('lists by status and low stock, paginated', async () => {
    const tag = `LST-${Date.now().toString(36)}`;
    const low = await manager.caller.catalogue.create(fields({ sku: `${tag}-1`, lowStockThreshold: 5 }));
    await stockUp(low.id, 3);
    const fine = await manager.caller.catalogue.create(fields({ sku: `${tag}-2`, lowStockThreshold: 5 }));
    await stockUp(fine.id, 30);
    const archived = await manager.caller.catalogue.create(fields({ sku: `${tag}-3`, active: false }));
    const ids = async (q: Parameters<typeof office.caller.catalogue.list>[0]) => (await office.caller.catalogue.list({ search: tag, ...q })).items.map((i) => i.id);
    expect(await ids({ status: 'active' })).toEqual([low.id, fine.id]);
    expect(await ids({ status: 'archived' })).toEqual([archived.id]);
    expect(await ids({ status: 'all' })).toEqual([low.id, fine.id, archived.id]);
    expect(await ids({ status: 'all', lowStock: true })).toEqual([low.id]);
    const page2 = await office.caller.catalogue.list({ search: tag, status: 'all', perPage: 2, page: 2 });
    expect(page2).toMatchObject({ totalItems: 3, totalPages: 2 });
    expect(page2.items.map((i) => i.id)).toEqual([archived.id]);
  });
});

describe('#14 archived products and prices (F01, F27)', () => {
  const shopper = () => anonymousCaller(undefined, `10.9.${seq % 250}.${++seq % 250}`);
  const shopOrder = (productId: string) => ({
    idempotencyKey: randomUUID(),
    name: 'Jürgen Weiß',
    email: 'juergen@example.de',
    fulfilmentMethod: 'ship' as const,
    shippingAddress: { name: 'Jürgen Weiß', street: 'Königsallee 3', postcode: '40212', city: 'Düsseldorf', country: 'de' },
    paymentMethod: 'online_banking' as const,
    locale: 'de' as const,
    lines: [{ productId, qty: 1 }]
  });

  it('an archived product is refused at checkout and on a phone order with its name, and leaves the shop at once', async () => {
    const p = await manager.caller.catalogue.create(fields({ name: 'Altes Sieb' }));
    await stockUp(p.id, 5);
    expect((await shopper().shop.products()).products.map((x) => x.id)).toContain(p.id);
    await manager.caller.catalogue.update({ id: p.id, version: p.version, patch: { active: false } });
    expect((await shopper().shop.products()).products.map((x) => x.id)).not.toContain(p.id);
    const web = await failure(shopper().shop.placeOrder(await proven(shopOrder(p.id))));
    expect(web?.cause.params.lines).toEqual([expect.objectContaining({ productId: p.id, problem: 'inactive', name: 'Altes Sieb' })]);
    const phone = await failure(
      office.caller.orders.createPhoneOrder({ idempotencyKey: randomUUID(), customerId, fulfilmentMethod: 'ship', paymentMethod: 'cheque', lines: [{ productId: p.id, qty: 1 }], place: true })
    );
    expect(phone?.cause.params.lines).toEqual([expect.objectContaining({ productId: p.id, problem: 'inactive' })]);
    // its history stays: the ledger still lists the delivery
    const ledger = await office.caller.stock.ledger({ productId: p.id });
    expect(ledger.items.map((m) => m.reason)).toEqual(['received']);
  });

  it('a price change keeps the prices of existing order lines', async () => {
    const p = await manager.caller.catalogue.create(fields({ priceCents: 1000 }));
    await stockUp(p.id, 5);
    const placed = await shopper().shop.placeOrder(await proven(shopOrder(p.id)));
    await manager.caller.catalogue.update({ id: p.id, version: p.version, patch: { priceCents: 1500, taxRateBp: 700 } });
    const lines = await pb().collection('order_lines').getFullList<OrderLineRecord>({ filter: `order = '${placed.id}'` });
    expect(lines.map((l) => [l.unit_price_cents, l.tax_rate_bp])).toEqual([[1000, 1900]]);
    const order = await office.caller.orders.get({ id: placed.id });
    expect(order.order.total_cents).toBe(1000 + 495);
    const again = await shopper().shop.placeOrder(await proven(shopOrder(p.id)));
    const newLines = await pb().collection('order_lines').getFullList<OrderLineRecord>({ filter: `order = '${again.id}'` });
    expect(newLines[0].unit_price_cents).toBe(1500);
  });
});
