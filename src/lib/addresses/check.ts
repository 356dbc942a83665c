// The address check's result as server and screens share it (F36). The rules themselves run on
// the server (src/lib/server/addresses/), behind a provider.
import { z } from 'zod';

/** '' = never checked (orders from before the check, collect orders) */
export const addressCheckStatus = z.enum(['passed', 'warning', 'failed']);
export type AddressCheckStatus = z.infer<typeof addressCheckStatus>;

export type AddressField = 'name' | 'street' | 'postcode' | 'city' | 'country';

export interface AddressMessage {
  field: AddressField;
  /** i18n key under addresses.check.* */
  code: 'required' | 'postcode_format' | 'house_number' | 'house_number_missing' | 'country_code' | 'too_long';
  severity: 'error' | 'warning';
  /** English text, naming the field and why */
  message: string;
  params: Record<string, string>;
}

export interface AddressCheckResult {
  status: AddressCheckStatus;
  provider: string;
  checked_at: string;
  messages: AddressMessage[];
  /** the address laid out the way its country writes it (empty when it failed) */
  formatted: string[];
}

/** Whether a label may be bought for an order in this state. */
export function labelAllowed(o: { address_check_status?: string; address_override_reason?: string }): boolean {
  return o.address_check_status === 'passed' || o.address_check_status === 'warning' || Boolean(o.address_override_reason);
}
