// The customers page (#14): office staff and up find, read and edit customers and their notes;
// merging duplicates, exporting and anonymising a person's data are for managers and up.
// Packers never reach customer contact data.
import { z } from 'zod';
import { customerFields } from '$lib/customers/customer';
import { addCustomerNote, customerOrders, getCustomer, listCustomers, updateCustomer } from '../../customers/customers';
import { mergeCustomers, mergePreview } from '../../customers/merge';
import { anonymiseCustomer, exportCustomer } from '../../customers/privacy';
import { managerProcedure, officeProcedure, recordId, router } from '../trpc';

const version = z.number().int().min(0);

export const customersRouter = router({
  list: officeProcedure
    .input(z.object({ search: z.string().trim().max(200, 'At most 200 characters').optional(), after: z.string().max(80).optional() }))
    .query(({ input }) => listCustomers(input)),

  get: officeProcedure.input(z.object({ id: recordId })).query(({ input }) => getCustomer(input.id)),

  orders: officeProcedure
    .input(z.object({ id: recordId, after: z.number().int().min(1).optional() }))
    .query(({ input }) => customerOrders(input.id, input.after)),

  update: officeProcedure
    .input(z.object({ id: recordId, version, fields: customerFields }))
    .mutation(({ input }) => updateCustomer(input.id, input.version, input.fields)),

  addNote: officeProcedure
    .input(z.object({ id: recordId, body: z.string().trim().min(1, 'Write a note first').max(2000, 'At most 2,000 characters') }))
    .mutation(({ input, ctx }) => addCustomerNote(input.id, input.body, ctx.session.staff.id)),

  mergePreview: managerProcedure.input(z.object({ keepId: recordId, mergeId: recordId })).query(({ input }) => mergePreview(input.keepId, input.mergeId)),

  merge: managerProcedure
    .input(z.object({ keepId: recordId, keepVersion: version, mergeId: recordId, mergeVersion: version }))
    .mutation(({ input, ctx }) => mergeCustomers(input, ctx.session.staff.id)),

  export: managerProcedure.input(z.object({ id: recordId })).query(({ input }) => exportCustomer(input.id)),

  anonymise: managerProcedure
    .input(z.object({ id: recordId, version }))
    .mutation(({ input, ctx }) => anonymiseCustomer(input.id, input.version, ctx.session.staff.id))
});
