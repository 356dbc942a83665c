// The seller details invoices and credit notes cannot be made without (address, VAT ID) and
// the rest the documents print (bank details, payment terms, opening hours). They live in
// the 'shop' setting beside what other parts of the shop keep there; saving merges.
import { z } from 'zod';
import { shopSetting } from '../shop/settings';

const text = (max: number) => z.string().trim().max(max, `At most ${max} characters`);
const required = (max: number) => text(max).min(1, 'Required');

export const sellerSchema = z.object({
  name: required(200),
  address: z.object({
    name: required(200),
    company: text(200).optional(),
    street: required(200),
    postcode: required(20),
    city: required(100),
    country: z.string().trim().toUpperCase().regex(/^[A-Z]{2}$/, 'Two-letter country code, e.g. DE')
  }),
  vatId: text(30),
  email: z.union([z.email('Not an e-mail address').max(200), z.literal('')]),
  phone: text(40),
  bankDetails: text(300),
  paymentTermsDays: z.number().int('Whole days').min(0).max(365),
  openingHours: text(200)
});
export type SellerDetails = z.infer<typeof sellerSchema>;

const str = (v: unknown) => (typeof v === 'string' ? v : '');

/** What is stored, with empty strings where nothing is (the form shows empty fields). */
export async function loadSeller(): Promise<SellerDetails> {
  const v = await shopSetting.raw();
  const a = (v.address ?? {}) as Record<string, unknown>;
  return {
    name: str(v.name),
    address: { name: str(a.name), company: str(a.company), street: str(a.street), postcode: str(a.postcode), city: str(a.city), country: str(a.country) },
    vatId: str(v.vatId),
    email: str(v.email),
    phone: str(v.phone),
    bankDetails: str(v.bankDetails),
    paymentTermsDays: Number.isInteger(v.paymentTermsDays) ? (v.paymentTermsDays as number) : 14,
    openingHours: str(v.openingHours)
  };
}

export async function saveSeller(details: SellerDetails): Promise<SellerDetails> {
  const { company, ...address } = details.address;
  await shopSetting.save({ ...details, address: company ? { ...address, company } : address });
  return loadSeller();
}
