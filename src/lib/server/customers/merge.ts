// Merging duplicates (#14): the second customer's orders, notes, addresses and search history
// move to the kept one and the second is removed, in ONE unit of work guarded by both
// customers' versions, so two people merging the same pair (or the pair both ways round)
// end with one customer and one clear refusal. Each moved order says so on its timeline.
import { AppError } from '../errors';
import { collection, filterValue } from '../pocketbase/client';
import type { Address } from '../pocketbase/records';
import { TxFailure, UnitOfWork } from '../pocketbase/tx';
import { oneLine } from '../addresses/edit';
import { changedMeanwhile, customerView, loadCustomer, type CustomerRow } from './customers';
import { recordEvent } from '../orders/timeline';

/** a merge moves at most this many orders in one unit (a bigger one: ask the team, it is a shop's data import) */
export const MERGE_MAX_ORDERS = 500;

const ids = async (name: 'orders' | 'customer_notes' | 'customer_searches', filter: string, limit: number) =>
  (await collection(name).getList<{ id: string }>(1, limit + 1, { filter, fields: 'id', skipTotal: true })).items.map((r) => r.id);

async function loadPair(keepId: string, mergeId: string) {
  if (keepId === mergeId) throw new AppError('BAD_REQUEST', 'customers.merge.same', 'Choose two different customers to merge.');
  const [keep, other] = await Promise.all([loadCustomer(keepId), loadCustomer(mergeId)]);
  for (const c of [keep, other]) {
    if (c.anonymised_at) throw new AppError('CONFLICT', 'customers.errors.anonymised', 'This customer was anonymised; their data can no longer be edited.');
  }
  return { keep, other };
}

/** the kept customer's addresses plus the other's that are not already there (same one-line text) */
function unitedAddresses(keep: CustomerRow, other: CustomerRow): Address[] {
  const mine = keep.addresses ?? [];
  const seen = new Set(mine.map((a) => oneLine(a).toLowerCase()));
  return [...mine, ...(other.addresses ?? []).filter((a) => !seen.has(oneLine(a).toLowerCase()))].slice(0, 10);
}

export async function mergePreview(keepId: string, mergeId: string) {
  const { keep, other } = await loadPair(keepId, mergeId);
  const f = `customer = ${filterValue(other.id)}`;
  const [orders, notes] = await Promise.all([
    collection('orders').getList(1, 1, { filter: f, fields: 'id' }),
    collection('customer_notes').getList(1, 1, { filter: f, fields: 'id' })
  ]);
  const addresses = unitedAddresses(keep, other).length - (keep.addresses?.length ?? 0);
  return { keep: customerView(keep), other: customerView(other), orders: orders.totalItems, notes: notes.totalItems, addresses, tooMany: orders.totalItems > MERGE_MAX_ORDERS };
}

export interface MergeInput {
  keepId: string;
  keepVersion: number;
  mergeId: string;
  mergeVersion: number;
}

export async function mergeCustomers(input: MergeInput, staffId: string) {
  const { keep, other } = await loadPair(input.keepId, input.mergeId);
  if (keep.version !== input.keepVersion) throw changedMeanwhile(keep);
  if (other.version !== input.mergeVersion) throw changedMeanwhile(other);
  const f = `customer = ${filterValue(other.id)}`;
  const [orders, notes, searches] = await Promise.all([ids('orders', f, MERGE_MAX_ORDERS), ids('customer_notes', f, 1000), ids('customer_searches', f, 1000)]);
  if (orders.length > MERGE_MAX_ORDERS) {
    throw new AppError('BAD_REQUEST', 'customers.merge.too_many', `${other.name} has more than ${MERGE_MAX_ORDERS} orders; merge the other way round.`, { name: other.name, max: MERGE_MAX_ORDERS });
  }

  const uow = new UnitOfWork();
  // contact data the kept customer lacks comes from the other
  const fill = Object.fromEntries((['email', 'phone', 'company'] as const).filter((k) => !keep[k] && other[k]).map((k) => [k, other[k]]));
  const v = uow.update('customers', keep.id, { ...fill, addresses: unitedAddresses(keep, other) }, { ifVersion: keep.version });
  uow.update('customers', other.id, {}, { ifVersion: other.version });
  for (const id of orders) {
    uow.update('orders', id, { customer: keep.id });
    recordEvent(uow, id, { type: 'customer_merged', data: { from: other.name, into: keep.name, from_customer: other.id, to_customer: keep.id } }, { actor: staffId });
  }
  for (const id of notes) uow.update('customer_notes', id, { customer: keep.id });
  for (const id of searches) uow.update('customer_searches', id, { customer: keep.id });
  // An order taken for the other customer meanwhile would lose its customer: then nothing
  // happens. `absent` with a plain value is checked before the unit's writes (when the moved
  // orders still point at the other); through a reference it is checked here, after them.
  const otherRef = uow.findOrCreate('customers', { id: other.id }, { name: other.name });
  uow.absent('orders', { customer: otherRef });
  uow.delete('customers', other.id);
  try {
    const done = await uow.commit();
    return { customer: customerView({ ...(await loadCustomer(keep.id)), version: done.value(v) }), moved: { orders: orders.length, notes: notes.length } };
  } catch (e) {
    if (e instanceof TxFailure && e.code === 'exists') {
      throw new AppError('CONFLICT', 'customers.merge.new_order', `${other.name} received a new order meanwhile; open the preview again.`, { name: other.name });
    }
    if (e instanceof TxFailure && (e.code === 'version_conflict' || e.code === 'not_found')) {
      // the loser of a race: one of the two changed or is gone
      const now = await collection('customers').getOne<CustomerRow>(e.code === 'version_conflict' ? e.details.id : other.id).catch(() => null);
      if (now) throw changedMeanwhile(now);
      throw new AppError('CONFLICT', 'customers.merge.gone', 'One of the two customers was merged or removed meanwhile; search again.');
    }
    throw e;
  }
}
