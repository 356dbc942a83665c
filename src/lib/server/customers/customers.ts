// The customers page (#14): list, one customer with notes and orders, versioned edits. The list
// is newest first in keyset pages over (created, id); a search (./search.ts, as the phone
// orders') shows the first matches by name. Orders keep their own copy of name and addresses,
// so an edit here changes the book, never an order already taken.
import { CUSTOMER_PAGE_SIZE, type CustomerFields } from '$lib/customers/customer';
import { AppError } from '../errors';
import { collection, filterValue, isNotFound } from '../pocketbase/client';
import type { Address, CustomerRecord, OrderRecord } from '../pocketbase/records';
import { TxFailure, UnitOfWork } from '../pocketbase/tx';
import { normaliseAddress } from '$lib/addresses/rules';
import { customerQuery } from './search';
import { QUEUE_FIELDS, type QueueOrder } from '../orders/queries';
import { shopSettings } from '../shop/settings';

export type CustomerRow = CustomerRecord & { version: number; anonymised_at: string };

export const OPEN_STATUSES = ['draft', 'placed'] as const;
const LIST_FIELDS = 'id,name,email,phone,company,created,version,anonymised_at';

export const customerView = (c: CustomerRow) => ({
  id: c.id,
  name: c.name,
  email: c.email ?? '',
  phone: c.phone ?? '',
  company: c.company ?? '',
  locale: (c.locale ?? '') as CustomerFields['locale'],
  addresses: (Array.isArray(c.addresses) ? c.addresses : []).map((a) => ({ label: '', company: '', ...a })) as CustomerFields['addresses'],
  version: c.version ?? 0,
  created: c.created,
  anonymisedAt: c.anonymised_at || null
});
export type CustomerView = ReturnType<typeof customerView>;

export async function loadCustomer(id: string): Promise<CustomerRow> {
  try {
    return await collection('customers').getOne<CustomerRow>(id);
  } catch (e) {
    if (isNotFound(e)) throw new AppError('NOT_FOUND', 'customers.errors.not_found', 'This customer does not exist (any more); they may have been merged into another.');
    throw e;
  }
}

/** the cursor of a row: its created time and id (ids break ties within one millisecond) */
const cursorOf = (c: Pick<CustomerRow, 'created' | 'id'>) => `${c.created}|${c.id}`;

export async function listCustomers(q: { search?: string; after?: string }) {
  const search = q.search?.trim() ?? '';
  let filter = '';
  let sort = '-created,-id';
  const query = search ? await customerQuery(search) : null;
  if (query) ({ filter, sort } = query);
  else if (q.after) {
    const [created, id] = q.after.split('|');
    if (!created || !id) throw new AppError('BAD_REQUEST', 'customers.errors.bad_cursor', 'This page link is not valid any more; start from the first page.');
    filter = `(created < ${filterValue(created)} || (created = ${filterValue(created)} && id < ${filterValue(id)}))`;
  }
  const page = await collection('customers').getList<CustomerRow>(1, CUSTOMER_PAGE_SIZE + 1, { filter, sort, fields: LIST_FIELDS, skipTotal: true });
  const rows = page.items.slice(0, CUSTOMER_PAGE_SIZE);
  const more = page.items.length > CUSTOMER_PAGE_SIZE;
  const stats = await Promise.all(rows.map((c) => orderStats(c.id, 1)));
  const items = rows.map((c, i) => ({ ...customerView(c), orders: stats[i].count, lastOrder: stats[i].last }));
  return { items, next: more && !query ? cursorOf(rows[rows.length - 1]) : null, refine: more && !!query };
}

/** how many orders the customer has and the newest (number and placed time) */
async function orderStats(customerId: string, perPage: number) {
  const page = await collection('orders')
    .getList<Pick<OrderRecord, 'number' | 'placed_at' | 'created'>>(1, perPage, { filter: `customer = ${filterValue(customerId)}`, sort: '-number', fields: 'number,placed_at,created' });
  const newest = page.items[0];
  return { count: page.totalItems, last: newest ? { number: newest.number, at: newest.placed_at || newest.created } : null };
}

/** totals per currency over orders not cancelled, and how many are still open */
async function orderTotals(customerId: string) {
  const rows = await collection('orders')
    .getFullList<Pick<OrderRecord, 'status' | 'total_cents' | 'currency'>>({ filter: `customer = ${filterValue(customerId)}`, fields: 'status,total_cents,currency', batch: 1000 });
  const spent: Record<string, number> = {};
  let open = 0;
  for (const o of rows) {
    if ((OPEN_STATUSES as readonly string[]).includes(o.status)) open++;
    if (o.status === 'cancelled' || o.status === 'draft') continue;
    spent[o.currency] = (spent[o.currency] ?? 0) + (o.total_cents ?? 0);
  }
  return { count: rows.length, open, spent: Object.entries(spent).map(([currency, cents]) => ({ currency, cents })) };
}

export async function customerNotes(customerId: string) {
  const notes = await collection('customer_notes')
    .getList<{ id: string; body: string; created: string; expand?: { author?: { name: string } } }>(1, 100, { filter: `customer = ${filterValue(customerId)}`, sort: '-created,-id', expand: 'author', fields: 'id,body,created,expand.author.name' });
  return notes.items.map((n) => ({ id: n.id, body: n.body, created: n.created, author: n.expand?.author?.name ?? '' }));
}

export async function getCustomer(id: string) {
  const c = await loadCustomer(id);
  const [totals, notes, settings] = await Promise.all([orderTotals(id), customerNotes(id), shopSettings()]);
  return { customer: customerView(c), totals, notes, currency: settings.shop.currency };
}

/** the customer's orders, newest first, in keyset pages by order number */
export async function customerOrders(id: string, after?: number) {
  const filter = `customer = ${filterValue(id)}${after ? ` && number < ${after}` : ''}`;
  const size = 25;
  const page = await collection('orders').getList<QueueOrder>(1, size + 1, { filter, sort: '-number', fields: QUEUE_FIELDS, skipTotal: true });
  const items = page.items.slice(0, size);
  return { items, next: page.items.length > size ? items[items.length - 1].number : null };
}

export function changedMeanwhile(now: CustomerRow) {
  return new AppError('CONFLICT', 'customers.errors.changed_meanwhile', `Someone else changed ${now.name} meanwhile. Your changes are still in the form: check them against the current values and save again.`, {
    name: now.name,
    current: customerView(now)
  });
}

function refuseAnonymised(c: CustomerRow) {
  if (c.anonymised_at) throw new AppError('CONFLICT', 'customers.errors.anonymised', 'This customer was anonymised; their data can no longer be edited.');
}

/** Saves the contact data and address book if nobody changed the customer since `version`. */
export async function updateCustomer(id: string, version: number, fields: CustomerFields) {
  const before = await loadCustomer(id);
  refuseAnonymised(before);
  const addresses: (Address & { label?: string })[] = fields.addresses.map((a) => ({ ...normaliseAddress(a), ...(a.label ? { label: a.label } : {}) }));
  const uow = new UnitOfWork();
  const v = uow.update('customers', id, { name: fields.name, email: fields.email, phone: fields.phone, company: fields.company, locale: fields.locale, addresses }, { ifVersion: version });
  try {
    const done = await uow.commit();
    return customerView({ ...(await loadCustomer(id)), version: done.value(v) });
  } catch (e) {
    if (e instanceof TxFailure && e.code === 'version_conflict') throw changedMeanwhile(await loadCustomer(id));
    throw e;
  }
}

export async function addCustomerNote(id: string, body: string, staffId: string) {
  refuseAnonymised(await loadCustomer(id));
  await collection('customer_notes').create({ customer: id, author: staffId, body });
  return customerNotes(id);
}

