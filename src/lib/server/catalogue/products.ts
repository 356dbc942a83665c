// The catalogue (issue #14): list, create and edit products. A SKU and a GTIN each belong to one
// product: the SKU by products' unique index, every GTIN by product_gtins' unique index, so two
// creates racing for the same code end with one product and one clear refusal. Edits carry the
// version the screen showed; a product changed meanwhile is a conflict, never silently overwritten.
import { hasRole } from '$lib/auth/roles';
import { displayGtin, isLowStock, MANAGER_FIELDS, normaliseGtin, type ProductField, type ProductFields, type ProductStatus } from '$lib/catalogue/product';
import { AppError } from '../errors';
import { collection, filterValue, isNotFound } from '../pocketbase/client';
import type { UpdateBody } from '../pocketbase/collections';
import type { ProductRecord, Role } from '../pocketbase/records';
import { TxFailure, UnitOfWork } from '../pocketbase/tx';
import { forgetShopProducts } from '../shop/products-cache';
import { queueProductUpdated } from '../webhooks/events';
import { shopSettings } from '../shop/settings';

export type CatalogueRecord = ProductRecord & { version: number; low_stock_threshold: number };

export const PRODUCT_LIST_FIELDS = 'id,sku,name,gtins,bin,price_cents,tax_rate_bp,weight_g,on_hand,reserved,active,low_stock_threshold,version,updated';

export interface ProductView {
  id: string;
  sku: string;
  name: string;
  gtins: string[];
  bin: string;
  priceCents: number;
  taxRateBp: number;
  weightG: number;
  lowStockThreshold: number;
  active: boolean;
  onHand: number;
  reserved: number;
  available: number;
  lowStock: boolean;
  version: number;
  updated: string;
}

export const productView = (p: CatalogueRecord): ProductView => ({
  id: p.id,
  sku: p.sku,
  name: p.name,
  gtins: Array.isArray(p.gtins) ? p.gtins : [],
  bin: p.bin,
  priceCents: p.price_cents ?? 0,
  taxRateBp: p.tax_rate_bp ?? 0,
  weightG: p.weight_g ?? 0,
  lowStockThreshold: p.low_stock_threshold ?? 0,
  active: p.active,
  onHand: p.on_hand,
  reserved: p.reserved,
  available: p.on_hand - p.reserved,
  lowStock: isLowStock(p),
  version: p.version ?? 0,
  updated: p.updated
});

export interface ListQuery {
  search?: string;
  status: ProductStatus;
  lowStock?: boolean;
  page: number;
  perPage: number;
}

/**
 * A scanned or typed GTIN finds its product however it was written (EAN-13, UPC-A, GTIN-14)
 * through product_gtins' unique index; PocketBase's `~` on the gtins JSON would read every
 * product's list. Part of a GTIN (4+ digits) still searches the lists.
 */
async function searchFilter(q: string): Promise<string> {
  const g = normaliseGtin(q);
  const parts = [`sku ~ ${filterValue(q)}`, `name ~ ${filterValue(q)}`];
  if ('gtin' in g) {
    const owner = await collection('product_gtins').getList<{ product: string }>(1, 1, { filter: `gtin = ${filterValue(g.gtin)}`, fields: 'product', skipTotal: true });
    if (owner.items[0]) parts.push(`id = ${filterValue(owner.items[0].product)}`);
  } else if (/^\d{4,}$/.test(q)) parts.push(`gtins ~ ${filterValue(q)}`);
  return `(${parts.join(' || ')})`;
}

export async function listProducts(q: ListQuery) {
  const [page, settings] = await Promise.all([listPage(q), shopSettings()]);
  return { ...page, currency: settings.shop.currency };
}

async function listPage(q: ListQuery) {
  const filters: string[] = [];
  const search = q.search?.trim();
  if (search) filters.push(await searchFilter(search));
  if (q.status === 'active') filters.push('active = true');
  if (q.status === 'archived') filters.push('active = false');
  if (q.lowStock) return lowStockPage(filters, q);
  const res = await collection('products').getList<CatalogueRecord>(q.page, q.perPage, { filter: filters.join(' && '), sort: 'sku', fields: PRODUCT_LIST_FIELDS });
  return { page: res.page, perPage: res.perPage, totalItems: res.totalItems, totalPages: Math.max(1, res.totalPages), items: res.items.map(productView) };
}

/** low stock is decided in SQL by the products_low_stock view (1765500001), paged like the list */
async function lowStockPage(filters: string[], q: ListQuery) {
  const res = await collection('products_low_stock').getList<CatalogueRecord>(q.page, q.perPage, { filter: filters.join(' && '), sort: 'sku', fields: PRODUCT_LIST_FIELDS });
  return { page: res.page, perPage: res.perPage, totalItems: res.totalItems, totalPages: Math.max(1, res.totalPages), items: res.items.map(productView) };
}

export async function getCatalogueProduct(id: string): Promise<CatalogueRecord> {
  try {
    return await collection('products').getOne<CatalogueRecord>(id);
  } catch (e) {
    if (isNotFound(e)) throw new AppError('NOT_FOUND', 'catalogue.errors.not_found', 'This product does not exist.');
    throw e;
  }
}

const forbiddenField = (field: ProductField) =>
  new AppError('FORBIDDEN', 'catalogue.errors.manager_field', `Only managers may change ${field === 'active' ? 'whether a product is sold' : 'prices and tax rates'}.`, { field });

/** a field only managers may set, when someone else tries */
export function checkManagerFields(role: Role, changed: Partial<ProductFields>) {
  if (hasRole(role, 'manager')) return;
  for (const f of MANAGER_FIELDS) if (f in changed) throw forbiddenField(f);
}

const body = (f: Partial<ProductFields>) => {
  const b: UpdateBody<'products'> = {};
  if (f.sku !== undefined) b.sku = f.sku;
  if (f.name !== undefined) b.name = f.name;
  if (f.gtins !== undefined) b.gtins = f.gtins;
  if (f.bin !== undefined) b.bin = f.bin;
  if (f.priceCents !== undefined) b.price_cents = f.priceCents;
  if (f.taxRateBp !== undefined) b.tax_rate_bp = f.taxRateBp;
  if (f.weightG !== undefined) b.weight_g = f.weightG;
  if (f.lowStockThreshold !== undefined) b.low_stock_threshold = f.lowStockThreshold;
  if (f.active !== undefined) b.active = f.active;
  return b;
};
export const productBody = body;

/** which product holds one of these GTINs (other than `except`), for a refusal that names it */
export async function gtinOwners(gtins: string[], except?: string): Promise<{ gtin: string; product: Pick<ProductRecord, 'id' | 'sku' | 'name'> }[]> {
  if (!gtins.length) return [];
  const filter = `(${gtins.map((g) => `gtin = ${filterValue(g)}`).join(' || ')})${except ? ` && product != ${filterValue(except)}` : ''}`;
  const rows = await collection('product_gtins')
    .getFullList<{ gtin: string; expand?: { product?: ProductRecord } }>({ filter, expand: 'product', fields: 'gtin,expand.product.id,expand.product.sku,expand.product.name' });
  return rows.filter((r) => r.expand?.product).map((r) => ({ gtin: r.gtin, product: r.expand!.product! }));
}

export async function skuOwner(sku: string, except?: string) {
  const res = await collection('products').getList(1, 1, { filter: `sku = ${filterValue(sku)}${except ? ` && id != ${filterValue(except)}` : ''}`, fields: 'id,sku,name', skipTotal: true });
  return res.items[0] ?? null;
}

export const skuTaken = (sku: string, owner?: { name: string } | null) =>
  new AppError('CONFLICT', 'catalogue.errors.sku_taken', `SKU ${sku} is already used${owner ? ` by ${owner.name}` : ''}.`, { field: 'sku', sku, name: owner?.name ?? '' });
export const gtinTaken = (gtin: string, owner?: { sku: string; name: string } | null) =>
  new AppError('CONFLICT', 'catalogue.errors.gtin_taken', `GTIN ${displayGtin(gtin)} is already on ${owner ? `${owner.name} (${owner.sku})` : 'another product'}.`, {
    field: 'gtins',
    gtin: displayGtin(gtin),
    name: owner?.name ?? '',
    sku: owner?.sku ?? ''
  });

/** a unique index refused the unit: which key, and who holds it now (the race's winner) */
export async function duplicateKeyError(e: TxFailure, f: { sku?: string; gtins?: string[] }, except?: string): Promise<AppError | null> {
  if (e.code !== 'unique_violation') return null;
  if (e.details.collection === 'product_gtins' || e.details.fields?.includes('gtin')) {
    const owners = await gtinOwners(f.gtins ?? [], except);
    return gtinTaken(owners[0]?.gtin ?? f.gtins?.[0] ?? '', owners[0]?.product);
  }
  if (f.sku) return skuTaken(f.sku, await skuOwner(f.sku, except));
  return null;
}

/** adds the product_gtins rows for `gtins` to the unit, and deletes those no longer listed */
export function syncGtins(uow: UnitOfWork, product: string, gtins: string[], current: { id: string; gtin: string }[] = []) {
  for (const row of current) if (!gtins.includes(row.gtin)) uow.delete('product_gtins', row.id);
  for (const gtin of gtins) if (!current.some((r) => r.gtin === gtin)) uow.create('product_gtins', { gtin, product });
}

async function refuseTaken(f: { sku?: string; gtins?: string[] }, except?: string) {
  if (f.sku) {
    const owner = await skuOwner(f.sku, except);
    if (owner) throw skuTaken(f.sku, owner);
  }
  if (f.gtins?.length) {
    const owners = await gtinOwners(f.gtins, except);
    if (owners.length) throw gtinTaken(owners[0].gtin, owners[0].product);
  }
}

export async function createProduct(f: ProductFields, role: Role): Promise<ProductView> {
  const given: Partial<ProductFields> = { ...f };
  // office staff create unpriced, unsold products; a manager prices and releases them
  if (!hasRole(role, 'manager')) {
    if (f.priceCents !== 0) throw forbiddenField('priceCents');
    if (f.taxRateBp !== 0) throw forbiddenField('taxRateBp');
    if (f.active) throw forbiddenField('active');
  }
  await refuseTaken(given);
  const uow = new UnitOfWork();
  const ref = uow.create('products', { ...body(f), sku: f.sku, name: f.name, on_hand: 0, reserved: 0, version: 1 });
  syncGtins(uow, ref, f.gtins);
  uow.afterCommit(forgetShopProducts);
  try {
    const done = await uow.commit();
    return productView(await getCatalogueProduct(done.id(ref)));
  } catch (e) {
    if (e instanceof TxFailure) {
      const dup = await duplicateKeyError(e, f);
      if (dup) throw dup;
    }
    throw e;
  }
}

export async function updateProduct(id: string, version: number, patch: Partial<ProductFields>, role: Role, by = ''): Promise<ProductView> {
  const current = await getCatalogueProduct(id);
  // only what really changes counts: an office user saving a form with the price untouched is fine
  const changed = Object.fromEntries(Object.entries(patch).filter(([k, v]) => JSON.stringify(v) !== JSON.stringify(productView(current)[k as keyof ProductView]))) as Partial<ProductFields>;
  checkManagerFields(role, changed);
  if ((current.version ?? 0) !== version) throw conflict(current);
  await refuseTaken({ sku: changed.sku, gtins: changed.gtins }, id);
  const uow = new UnitOfWork();
  uow.update('products', id, body(changed), { ifVersion: version });
  queueProductUpdated(uow, id, Object.keys(body(changed)), by);
  if (changed.gtins) {
    const rows = await collection('product_gtins').getFullList<{ id: string; gtin: string }>({ filter: `product = ${filterValue(id)}`, fields: 'id,gtin' });
    syncGtins(uow, id, changed.gtins, rows);
  }
  uow.afterCommit(forgetShopProducts);
  try {
    await uow.commit();
  } catch (e) {
    if (e instanceof TxFailure && e.code === 'version_conflict') throw conflict(await getCatalogueProduct(id));
    if (e instanceof TxFailure) {
      const dup = await duplicateKeyError(e, changed, id);
      if (dup) throw dup;
    }
    throw e;
  }
  return productView(await getCatalogueProduct(id));
}

const conflict = (now: CatalogueRecord) =>
  new AppError('CONFLICT', 'catalogue.errors.changed_meanwhile', `Someone else changed ${now.name} meanwhile. Your changes are still in the form: check them against the current values and save again.`, {
    name: now.name,
    current: productView(now)
  });
