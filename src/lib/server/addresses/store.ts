// The address check's result on the order (F36): what is stored, checking again, the
// override with a reason, and the guard the courier desk passes before buying a label.
import { labelAllowed, type AddressCheckResult } from '$lib/addresses/check';
import { AppError } from '../errors';
import { collection, isNotFound } from '../pocketbase/client';
import type { OrderRecord } from '../pocketbase/records';
import { TxFailure, UnitOfWork } from '../pocketbase/tx';
import { addressProvider } from './provider';
import { checkFields } from '../orders/address-fields';
import { recordEvent } from '../orders/timeline';

export const ADDRESS_FIELDS =
  'id,number,status,fulfilment_method,fulfilment_status,shipping_address,billing_address,address_verified,address_check_status,address_check,address_override_reason,address_override_by,address_override_at,version,updated';

export type AddressOrder = Pick<
  OrderRecord,
  | 'id'
  | 'number'
  | 'status'
  | 'fulfilment_method'
  | 'fulfilment_status'
  | 'shipping_address'
  | 'billing_address'
  | 'address_verified'
  | 'address_check_status'
  | 'address_check'
  | 'address_override_reason'
  | 'address_override_by'
  | 'address_override_at'
  | 'version'
  | 'updated'
>;

export async function loadAddressOrder(id: string): Promise<AddressOrder> {
  try {
    return await collection('orders').getOne<AddressOrder>(id, { fields: ADDRESS_FIELDS });
  } catch (e) {
    if (isNotFound(e)) throw new AppError('NOT_FOUND', 'orders.not_found', 'This order does not exist.');
    throw e;
  }
}

const STALE = (o: AddressOrder) => !o.address_check_status || o.address_check?.provider !== addressProvider().name;

/** Checks the order's shipping address again with the configured provider and stores the result. */
export async function recheckAddress(orderId: string, actor: string | null, attempt = 0): Promise<AddressOrder> {
  const order = await loadAddressOrder(orderId);
  if (order.fulfilment_method !== 'ship') throw new AppError('BAD_REQUEST', 'addresses.errors.not_shipped', 'This order is collected; it has no address to check.');
  const result = await addressProvider().check(order.shipping_address);
  const uow = new UnitOfWork();
  uow.update('orders', order.id, checkFields(result), { ifVersion: order.version });
  recordEvent(uow, order.id, { type: 'address_checked', data: { status: result.status, provider: result.provider, messages: result.messages.map((m) => m.message) } }, { actor, actorLabel: 'system' });
  try {
    await uow.commit();
  } catch (e) {
    // edited meanwhile: that edit checked the new address itself; look again
    if (e instanceof TxFailure && e.code === 'version_conflict' && attempt < 2) return recheckAddress(orderId, actor, attempt + 1);
    throw e;
  }
  return loadAddressOrder(orderId);
}

/**
 * Before a label is bought: an address never checked (or checked by another provider) is
 * checked now; a failing one blocks the label until it is fixed or the check is overridden.
 */
export async function ensureAddressReady(orderId: string): Promise<void> {
  let order = await loadAddressOrder(orderId);
  if (order.fulfilment_method !== 'ship') return;
  if (!order.address_override_reason && STALE(order)) order = await recheckAddress(orderId, null);
  if (labelAllowed(order)) return;
  const problems = (order.address_check?.messages ?? []).filter((m) => m.severity === 'error').map((m) => m.message);
  throw new AppError(
    'CONFLICT',
    'addresses.errors.label_blocked',
    `Order ${order.number}: the shipping address failed the address check (${problems.join(' ') || 'no address'}). Fix the address or override the check with a reason before buying a label.`,
    { number: order.number, problems: problems.join(' ') }
  );
}

/** Lets a label be bought for an address the check refused, with a reason on the timeline. */
export async function overrideAddressCheck(input: { orderId: string; version: number; reason: string }, actor: string) {
  const order = await loadAddressOrder(input.orderId);
  if (order.version !== input.version) throw addressConflict(order);
  if (order.fulfilment_method !== 'ship') throw new AppError('BAD_REQUEST', 'addresses.errors.not_shipped', 'This order is collected; it has no address to check.');
  if (labelAllowed(order)) throw new AppError('CONFLICT', 'addresses.errors.nothing_to_override', 'The address passed the check; there is nothing to override.');
  const now = new Date().toISOString();
  const uow = new UnitOfWork();
  const v = uow.update('orders', order.id, { address_override_reason: input.reason, address_override_by: actor, address_override_at: now }, { ifVersion: input.version });
  recordEvent(uow, order.id, { type: 'address_check_overridden', data: { reason: input.reason, messages: (order.address_check?.messages ?? []).map((m) => m.message) } }, { actor });
  try {
    const done = await uow.commit();
    return { version: done.value(v) };
  } catch (e) {
    if (e instanceof TxFailure && e.code === 'version_conflict') throw addressConflict(await loadAddressOrder(order.id));
    throw e;
  }
}

/** The refusal the slower of two editors gets, with the addresses as they are now. */
export function addressConflict(order: AddressOrder): AppError {
  return new AppError('CONFLICT', 'addresses.errors.changed_meanwhile', 'Someone else changed this order in the meantime. Nothing was saved; your input is kept; compare it with the current address below.', {
    currentVersion: order.version,
    current: { version: order.version, shipping_address: order.shipping_address, billing_address: order.billing_address }
  });
}
