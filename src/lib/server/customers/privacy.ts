// A customer's data rights (#14; GDPR Art. 15/20 and 17). Export: everything Packbench holds
// about the customer as one JSON document (contact data, address book, notes, orders with their
// lines and addresses). Anonymise: the person's data is replaced, in one unit of work, on the
// customer and their orders, while the money stays for the books. Invoiced orders keep the
// billing name and address the invoice shows (kept 10 years by law: GDPR Art. 17(3)(b),
// §147 AO / §257 HGB); e-mail, phone and shipping addresses go everywhere. Refused while an
// order is still open: its parcel still needs the address.
import { ANONYMOUS } from '$lib/customers/customer';
import { AppError } from '../errors';
import { collection, filterValue } from '../pocketbase/client';
import type { Address, OrderRecord } from '../pocketbase/records';
import { TxFailure, UnitOfWork } from '../pocketbase/tx';
import { changedMeanwhile, customerNotes, customerView, loadCustomer, OPEN_STATUSES } from './customers';
import { recordEvent } from '../orders/timeline';

const ORDER_EXPORT_FIELDS =
  'id,number,channel,status,payment_status,fulfilment_status,payment_method,fulfilment_method,customer_name,email,phone,shipping_address,billing_address,currency,subtotal_cents,tax_cents,shipping_cents,total_cents,invoice_number,placed_at,paid_at,cancelled_at,created';

export async function exportCustomer(id: string) {
  const c = await loadCustomer(id);
  const f = `customer = ${filterValue(id)}`;
  const [notes, orders, lines] = await Promise.all([
    customerNotes(id),
    collection('orders').getFullList({ filter: f, sort: 'number', fields: ORDER_EXPORT_FIELDS, batch: 1000 }),
    collection('order_lines').getFullList({ filter: `order.customer = ${filterValue(id)}`, sort: 'position', fields: 'order,sku,name,qty,unit_price_cents,tax_rate_bp,shipped,returned', batch: 1000 })
  ]);
  const byOrder = new Map<string, typeof lines>();
  for (const l of lines) byOrder.set(l.order, [...(byOrder.get(l.order) ?? []), l]);
  return {
    exportedAt: new Date().toISOString(),
    customer: customerView(c),
    notes,
    orders: orders.map(({ id: orderId, ...o }) => ({
      ...o,
      lines: (byOrder.get(orderId) ?? []).map(({ order: _order, ...l }) => l)
    }))
  };
}

/** an address without the person; the country stays for the tax figures */
const blank = (a: Address | null): Address => ({ name: ANONYMOUS.name, street: '', postcode: '', city: '', country: a?.country ?? '' });

export async function anonymiseCustomer(id: string, version: number, staffId: string) {
  const c = await loadCustomer(id);
  if (c.anonymised_at) throw new AppError('CONFLICT', 'customers.errors.anonymised', 'This customer was anonymised; their data can no longer be edited.');
  if (c.version !== version) throw changedMeanwhile(c);
  const orders = await collection('orders').getFullList<Pick<OrderRecord, 'id' | 'number' | 'status' | 'invoice_number' | 'billing_address' | 'shipping_address'>>({
      filter: `customer = ${filterValue(id)}`,
      fields: 'id,number,status,invoice_number,billing_address,shipping_address',
      batch: 1000
    });
  const open = orders.filter((o) => (OPEN_STATUSES as readonly string[]).includes(o.status)).map((o) => o.number);
  if (open.length) {
    throw new AppError('CONFLICT', 'customers.anonymise.open_orders', `${c.name} still has open orders (${open.join(', ')}); finish or cancel them first.`, { name: c.name, numbers: open.join(', ') });
  }
  const [notes, searches] = await Promise.all(
    (['customer_notes', 'customer_searches'] as const).map(async (col) => (await collection(col).getFullList<{ id: string }>({ filter: `customer = ${filterValue(id)}`, fields: 'id' })).map((r) => r.id))
  );

  const uow = new UnitOfWork();
  // an order taken for them meanwhile is open: then nothing happens
  for (const status of OPEN_STATUSES) uow.absent('orders', { customer: id, status });
  const v = uow.update('customers', id, { ...ANONYMOUS, addresses: [], notes: '', locale: c.locale, anonymised_at: new Date().toISOString() }, { ifVersion: version });
  for (const o of orders) {
    const invoiced = !!o.invoice_number;
    uow.update('orders', o.id, {
      email: '',
      phone: '',
      shipping_address: blank(o.shipping_address),
      // an issued invoice names its buyer: that copy stays for the retention period
      ...(invoiced ? {} : { customer_name: ANONYMOUS.name, billing_address: blank(o.billing_address) })
    });
    recordEvent(uow, o.id, { type: 'customer_anonymised', data: { invoiced } }, { actor: staffId });
  }
  // notes and the search history hold what people said and typed about the customer
  for (const n of notes) uow.delete('customer_notes', n);
  for (const s of searches) uow.delete('customer_searches', s);
  try {
    const done = await uow.commit();
    return { customer: customerView({ ...(await loadCustomer(id)), version: done.value(v) }), orders: orders.length };
  } catch (e) {
    if (e instanceof TxFailure && e.code === 'version_conflict') throw changedMeanwhile(await loadCustomer(id));
    if (e instanceof TxFailure && e.code === 'exists') {
      throw new AppError('CONFLICT', 'customers.anonymise.open_orders', `${c.name} received an order meanwhile; finish or cancel it first.`, { name: c.name, numbers: '' });
    }
    throw e;
  }
}
