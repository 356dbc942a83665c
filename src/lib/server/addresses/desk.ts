// What the courier desk (packers included) learns of an order's address check (F36): the
// verdict only; never the messages, which quote the address.
import type { OrderRecord } from '../pocketbase/records';

export type DeskAddressCheck = { status: 'passed' | 'warning' | 'failed' | 'unchecked'; overridden: boolean; labelAllowed: boolean };

export function deskAddressCheck(o: Pick<OrderRecord, 'address_check_status' | 'address_override_reason'> & { fulfilment_method?: string }): DeskAddressCheck {
  const status = o.address_check_status || 'unchecked';
  const overridden = Boolean(o.address_override_reason);
  // unchecked: the check runs when the label is bought
  return { status, overridden, labelAllowed: overridden || status !== 'failed' };
}
