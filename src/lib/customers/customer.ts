// A customer's editable fields (#14, customers page): one schema for the form and the server,
// so a message names the field either way. Addresses are the customer's book; every order
// keeps its own copy, so editing an address here never changes an order already taken.
import { z } from 'zod';
import { addressInput } from '$lib/addresses/input';

export const customerFields = z.object({
  name: z.string().trim().min(1, 'Required').max(200, 'At most 200 characters'),
  email: z.union([z.email('Enter an e-mail address like name@example.com').max(200), z.literal('')]),
  phone: z.string().trim().max(40, 'At most 40 characters').regex(/^[\d\s+()/.-]*$/, 'Digits, spaces and + ( ) / . - only'),
  company: z.string().trim().max(200, 'At most 200 characters'),
  locale: z.enum(['en', 'de', '']),
  addresses: z.array(addressInput.extend({ label: z.string().trim().max(60).optional() })).max(10, 'At most 10 addresses')
});
export type CustomerFields = z.infer<typeof customerFields>;

export const CUSTOMER_PAGE_SIZE = 50;

/** what an anonymised customer and their orders say instead of the person */
export const ANONYMOUS = { name: 'Anonymised customer', email: '', phone: '', company: '' } as const;
