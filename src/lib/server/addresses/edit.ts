// Editing an open order's shipping or billing address (F37), guarded by the order's version:
// of two people editing the same version the second is refused with the address as it is now.
// A bought label freezes the shipping address (cancel the label first). A new shipping address
// is checked again (F36); one that fails is refused unless the person saves it anyway.
import type { AddressCheckResult } from '$lib/addresses/check';
import { AppError } from '../errors';
import { collection, filterValue } from '../pocketbase/client';
import type { Address } from '../pocketbase/records';
import { TxFailure, UnitOfWork } from '../pocketbase/tx';
import { checkFields } from '../orders/address-fields';
import { addressProvider } from './provider';
import { normaliseAddress } from '$lib/addresses/rules';
import { addressConflict, loadAddressOrder } from './store';
import { recordEvent } from '../orders/timeline';

export type AddressKind = 'shipping' | 'billing';

export interface EditAddressInput {
  orderId: string;
  version: number;
  kind: AddressKind;
  address: Address;
  /** keep an address the check refuses (a label then needs an override) */
  saveAnyway?: boolean;
}

/** One line for the timeline. */
export const oneLine = (a: Address | null) => (a ? [a.name, a.company, a.street, `${a.postcode} ${a.city}`.trim(), a.country].filter(Boolean).join(', ') : '');

/** Parcels that have a label or have left: the shipping address is frozen while one exists. */
const FROZEN = ['label_created', 'handed_over', 'in_transit', 'out_for_delivery', 'delivered', 'exception'] as const;

export async function frozenBy(orderId: string): Promise<{ status: string } | null> {
  const found = await collection('shipments')
    .getList(1, 1, { filter: `order = ${filterValue(orderId)} && (${FROZEN.map((s) => `status = '${s}'`).join(' || ')})`, fields: 'id,status', sort: 'created' });
  return found.items[0] ?? null;
}

export function labelRefusal(number: number, status: string): AppError {
  return status === 'label_created'
    ? new AppError('CONFLICT', 'addresses.errors.label_bought', `Order ${number} already has a shipping label for the current address. Cancel the label at the courier desk first, then change the address.`, { number })
    : new AppError('CONFLICT', 'addresses.errors.parcel_left', `A parcel of order ${number} has already gone to the courier; its address can no longer be changed.`, { number });
}

export async function editAddress(input: EditAddressInput, actorId: string) {
  const order = await loadAddressOrder(input.orderId);
  // a label names what to do first (cancel it), even where the label finished the order
  if (input.kind === 'shipping' && order.status !== 'cancelled') {
    const frozen = await frozenBy(order.id);
    if (frozen) throw labelRefusal(order.number, frozen.status);
  }
  if (order.status === 'cancelled' || order.status === 'completed') {
    throw new AppError('CONFLICT', 'addresses.errors.order_closed', `Order ${order.number} is ${order.status}; its addresses can no longer be changed.`, { number: order.number, status: order.status });
  }
  if (order.version !== input.version) throw addressConflict(order);
  const address = normaliseAddress(input.address);
  const field = input.kind === 'shipping' ? 'shipping_address' : 'billing_address';
  const before = order[field];

  let check: AddressCheckResult | null = null;
  if (input.kind === 'shipping' && order.fulfilment_method === 'ship') {
    check = await addressProvider().check(address);
    if (check.status === 'failed' && !input.saveAnyway) {
      const errors = check.messages.filter((m) => m.severity === 'error');
      throw new AppError('BAD_REQUEST', 'addresses.errors.check_failed', `The address was not saved: ${errors.map((m) => m.message).join(' ')}`, {
        messages: errors.map((m) => ({ field: m.field, code: m.code, message: m.message, params: m.params }))
      });
    }
  }

  const uow = new UnitOfWork();
  const v = uow.update('orders', order.id, { [field]: address, ...(check ? checkFields(check) : {}) }, { ifVersion: input.version, expect: { status: order.status } });
  // a label bought while we checked: the edit loses
  if (input.kind === 'shipping') uow.absent('shipments', { order: order.id, status: 'label_created' });
  recordEvent(
    uow,
    order.id,
    { type: input.kind === 'shipping' ? 'shipping_address_changed' : 'billing_address_changed', data: { kind: input.kind, before: oneLine(before), after: oneLine(address), ...(check ? { check: check.status } : {}) } },
    { actor: actorId }
  );
  try {
    const done = await uow.commit();
    return { version: done.value(v), check };
  } catch (e) {
    if (e instanceof TxFailure && e.code === 'version_conflict') throw addressConflict(await loadAddressOrder(order.id));
    if (e instanceof TxFailure && e.code === 'exists') throw labelRefusal(order.number, 'label_created');
    if (e instanceof TxFailure && e.code === 'precondition_failed') {
      const now = await loadAddressOrder(order.id);
      throw new AppError('CONFLICT', 'addresses.errors.order_closed', `Order ${now.number} is ${now.status}; its addresses can no longer be changed.`, { number: now.number, status: now.status });
    }
    throw e;
  }
}
