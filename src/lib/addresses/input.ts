// An address as a shopper, office staff or an API client sends it: one schema for the shop's
// checkout, phone orders, the customers page and the REST API, with the same messages per field.
import { z } from 'zod';

const text = (max: number) => z.string().trim().min(1, 'Required').max(max, `At most ${max} characters`);

export const addressInput = z.object({
  name: text(200),
  company: z.string().trim().max(200).optional(),
  street: text(200),
  postcode: text(20),
  city: text(100),
  country: z.string().trim().toUpperCase().regex(/^[A-Z]{2}$/, 'Two-letter country code, e.g. DE')
});
