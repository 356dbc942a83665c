// Change of customer (F38): an order moves to another customer account (found with the phone
// orders' customer search). The person chooses whether the order's contact (name, e-mail,
// phone) and its addresses follow the new customer; an order belongs to one customer, so both
// customers' order histories follow at once. Guarded by the order's version; on the timeline.
import { AppError } from '../errors';
import { checkFields } from '../orders/address-fields';
import { frozenBy, labelRefusal, oneLine } from '../addresses/edit';
import { addressProvider } from '../addresses/provider';
import { normaliseAddress } from '$lib/addresses/rules';
import { collection, filterValue, isNotFound } from '../pocketbase/client';
import type { CustomerRecord, OrderRecord } from '../pocketbase/records';
import { TxFailure, UnitOfWork, type TxUpdate } from '../pocketbase/tx';
import { orderLines } from '../orders/cancel';
import { amendConflict } from '../orders/amend';
import { getOrderRecord } from '../orders/queries';
import { explainTxFailure } from '../orders/tx-errors';
import { recordEvent } from '../orders/timeline';

export interface ChangeCustomerInput {
  orderId: string;
  version: number;
  customerId: string;
  /** name, e-mail and phone of the order become the new customer's */
  takeContact: boolean;
  /** shipping and billing address become the new customer's first address */
  takeAddress: boolean;
  /** the search that found the customer (F25 history) */
  customerSearchId?: string;
}

async function loadCustomer(id: string): Promise<CustomerRecord> {
  try {
    return await collection('customers').getOne(id);
  } catch (e) {
    if (isNotFound(e)) throw new AppError('NOT_FOUND', 'orderflow.errors.customer_not_found', 'This customer does not exist (any more).');
    throw e;
  }
}

export async function changeCustomer(input: ChangeCustomerInput, staffId: string) {
  const [order, target] = await Promise.all([getOrderRecord(input.orderId), loadCustomer(input.customerId)]);
  if (order.version !== input.version) throw amendConflict(order, await orderLines(order.id));
  if (order.customer === target.id) throw new AppError('BAD_REQUEST', 'addresses.customer.same', `Order ${order.number} already belongs to ${target.name}.`, { name: target.name });
  const previous = order.customer ? await collection('customers').getOne(order.customer).catch(() => null) : null;

  let set: TxUpdate<'orders'> = { customer: target.id };
  if (input.takeContact) set = { ...set, customer_name: target.name, email: target.email, phone: target.phone, ...(target.locale ? { locale: target.locale } : {}) };
  if (input.takeAddress) {
    const first = target.addresses?.[0];
    if (!first) throw new AppError('BAD_REQUEST', 'addresses.customer.no_address', `${target.name} has no address on file; keep the order's address or add one to the customer first.`, { name: target.name });
    if (order.status === 'cancelled' || order.status === 'completed') {
      throw new AppError('CONFLICT', 'addresses.errors.order_closed', `Order ${order.number} is ${order.status}; its addresses can no longer be changed.`, { number: order.number, status: order.status });
    }
    const frozen = order.fulfilment_method === 'ship' ? await frozenBy(order.id) : null;
    if (frozen) throw labelRefusal(order.number, frozen.status);
    const address = normaliseAddress({ name: first.name, company: first.company, street: first.street, postcode: first.postcode, city: first.city, country: first.country });
    set = { ...set, shipping_address: address, billing_address: address };
    if (order.fulfilment_method === 'ship') set = { ...set, ...checkFields(await addressProvider().check(address)) };
  }

  const uow = new UnitOfWork();
  const v = uow.update('orders', order.id, set, { ifVersion: input.version });
  if (input.takeAddress && order.fulfilment_method === 'ship') uow.absent('shipments', { order: order.id, status: 'label_created' });
  if (input.customerSearchId) uow.update('customer_searches', input.customerSearchId, { customer: target.id }, { expect: { staff: staffId } });
  recordEvent(
    uow,
    order.id,
    {
      type: 'customer_changed',
      data: {
        before: previous?.name ?? order.customer_name,
        after: target.name,
        from_customer: order.customer,
        to_customer: target.id,
        contact: input.takeContact,
        address: input.takeAddress,
        ...(input.takeAddress ? { address_before: oneLine(order.shipping_address), address_after: oneLine(set.shipping_address as OrderRecord['shipping_address']) } : {})
      }
    },
    { actor: staffId }
  );
  try {
    const done = await uow.commit();
    return { version: done.value(v), customer: { id: target.id, name: target.name } };
  } catch (e) {
    if (e instanceof TxFailure && e.code === 'version_conflict') {
      const [now, nowLines] = await Promise.all([getOrderRecord(order.id), orderLines(order.id)]);
      throw amendConflict(now, nowLines);
    }
    if (e instanceof TxFailure && e.code === 'exists') throw labelRefusal(order.number, 'label_created');
    throw explainTxFailure(e);
  }
}

/** A customer's orders, newest first: the history that follows a change of customer. */
export async function customerOrders(customerId: string) {
  const res = await collection('orders').getList<Pick<OrderRecord, 'id' | 'number' | 'status' | 'total_cents' | 'currency' | 'created'>>(1, 100, {
      filter: `customer = ${filterValue(customerId)}`,
      sort: '-number',
      fields: 'id,number,status,total_cents,currency,created'
    });
  return { items: res.items, total: res.totalItems };
}
