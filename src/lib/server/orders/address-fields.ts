// The order fields an address check sets (F36). Imported by checkout (server/orders/intake.ts):
// pure, no I/O.
import type { AddressCheckResult } from '$lib/addresses/check';
import type { OrderRecord } from '../pocketbase/records';
import { checkAddressRules } from '$lib/addresses/rules';

/** The order fields a check result sets; a new result always ends an override. */
export function checkFields(
  result: AddressCheckResult | null
): Pick<OrderRecord, 'address_check_status' | 'address_check' | 'address_verified' | 'address_override_reason' | 'address_override_by' | 'address_override_at'> {
  return {
    address_check_status: result?.status ?? '',
    address_check: result,
    address_verified: result ? result.status !== 'failed' : false,
    address_override_reason: '',
    address_override_by: '',
    address_override_at: ''
  };
}

/** At placement: the embedded rules, in-process (checkout stays fast); collect orders are not checked. */
export function placementCheckFields(method: 'ship' | 'collect', address: OrderRecord['shipping_address']) {
  return checkFields(method === 'ship' ? checkAddressRules(address) : null);
}

