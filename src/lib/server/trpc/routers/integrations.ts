// Integrations (F43): managers and owners make API keys and webhook endpoints, read the
// delivery log and replay deliveries. Secrets are answered once, when made.
import { z } from 'zod';
import { ApiScope, WebhookEvent } from '$lib/integrations/scopes';
import { createApiKey, listApiKeys, revokeApiKey } from '../../integrations/keys';
import { createEndpoint, deleteEndpoint, listDeliveries, listEndpoints, replayDeliveries, rotateSecret, updateEndpoint } from '../../webhooks/endpoints';
import { datevSettingsSchema } from '$lib/integrations/datev-settings';
import { Month, datevExport, datevSetting } from '../../integrations/accounting';
import { managerProcedure, recordId, router } from '../trpc';

const url = z.string().trim().min(1, 'Enter the URL').max(2000, 'At most 2000 characters').url('Not a URL, e.g. https://example.com/hooks');
const events = z.array(WebhookEvent).min(1, 'Choose at least one event');

export const integrationsRouter = router({
  keys: managerProcedure.query(() => listApiKeys()),

  createKey: managerProcedure
    .input(
      z.object({
        name: z.string().trim().min(1, 'Give the key a name').max(100, 'At most 100 characters'),
        scopes: z.array(ApiScope).min(1, 'Choose at least one scope'),
        expiresAt: z.iso.datetime({ offset: true, error: 'Not a date' }).nullish()
      })
    )
    .mutation(({ input, ctx }) => createApiKey(input, ctx.session.staff.id)),

  revokeKey: managerProcedure.input(z.object({ id: recordId })).mutation(({ input }) => revokeApiKey(input.id)),

  endpoints: managerProcedure.query(() => listEndpoints()),

  createEndpoint: managerProcedure
    .input(z.object({ url, description: z.string().trim().max(200).optional(), events }))
    .mutation(({ input, ctx }) => createEndpoint(input, ctx.session.staff.id)),

  updateEndpoint: managerProcedure
    .input(z.object({ id: recordId, url: url.optional(), description: z.string().trim().max(200).optional(), events: events.optional(), active: z.boolean().optional() }))
    .mutation(({ input }) => updateEndpoint(input)),

  rotateSecret: managerProcedure.input(z.object({ id: recordId })).mutation(({ input }) => rotateSecret(input.id)),

  deleteEndpoint: managerProcedure.input(z.object({ id: recordId })).mutation(({ input }) => deleteEndpoint(input.id)),

  deliveries: managerProcedure
    .input(z.object({ endpointId: recordId, page: z.number().int().min(1).default(1) }))
    .query(({ input }) => listDeliveries(input.endpointId, input.page)),

  /** the DATEV file, base64 (Windows-1252 bytes) */
  datevExport: managerProcedure.input(z.object({ month: Month })).query(async ({ input }) => {
    const file = await datevExport(input.month);
    return { filename: file.filename, base64: file.bytes.toString('base64'), bookings: file.bookings };
  }),

  /** the accounts and numbers the DATEV file uses */
  datevSettings: managerProcedure.query(() => datevSetting.get()),

  saveDatevSettings: managerProcedure.input(datevSettingsSchema).mutation(({ input }) => datevSetting.save(input)),

  replay: managerProcedure
    .input(z.object({ deliveryIds: z.array(recordId).min(1).max(100) }))
    .mutation(({ input }) => replayDeliveries(input.deliveryIds))
});
