// Address check and address edits on an order (F36, F37). Office and up; packers never reach them.
import { z } from 'zod';
import { editAddress } from '../../addresses/edit';
import { overrideAddressCheck, recheckAddress } from '../../addresses/store';
import { officeProcedure, recordId, router } from '../trpc';

const text = (max: number, what: string) => z.string().trim().min(1, `Enter the ${what}`).max(max, `At most ${max} characters`);
/** Shape only; whether the address is right for its country is the address check's to say. */
export const editableAddress = z.object({
  name: text(200, 'name'),
  company: z.string().trim().max(200, 'At most 200 characters').optional(),
  street: text(200, 'street and house number'),
  postcode: z.string().trim().max(20, 'At most 20 characters'),
  city: text(100, 'city'),
  country: z.string().trim().toUpperCase().regex(/^[A-Z]{2}$/, 'Two-letter country code, e.g. DE')
});

export const addressesRouter = router({
  edit: officeProcedure
    .input(z.object({ orderId: recordId, version: z.number().int().min(0), kind: z.enum(['shipping', 'billing']), address: editableAddress, saveAnyway: z.boolean().default(false) }))
    .mutation(({ input, ctx }) => editAddress(input, ctx.session.staff.id)),

  recheck: officeProcedure.input(z.object({ orderId: recordId })).mutation(async ({ input, ctx }) => {
    const o = await recheckAddress(input.orderId, ctx.session.staff.id);
    return { version: o.version, status: o.address_check_status, check: o.address_check };
  }),

  /** office and up: the person on the phone with the customer confirms the address; the reason is on the timeline */
  override: officeProcedure
    .input(z.object({ orderId: recordId, version: z.number().int().min(0), reason: z.string().trim().min(5, 'Say why the address is right (at least 5 characters)').max(500, 'At most 500 characters') }))
    .mutation(({ input, ctx }) => overrideAddressCheck(input, ctx.session.staff.id))
});
