// F43: a webhook endpoint failed for too long and was switched off; the shop's owners are told.
import { z } from 'zod';
import type { Locale } from '../../../pocketbase/records';
import { footer } from '../common';
import { defineTemplate } from '../define';

const strings = {
  en: {
    subject: 'A webhook endpoint was switched off',
    body: (url: string, since: string) => `The webhook endpoint ${url} has not accepted events since ${since}, so Packbench switched it off. Events for it are kept in its delivery log.`,
    again: 'Once the receiver works again, switch the endpoint on under Settings → Integrations and replay the deliveries you need.'
  },
  de: {
    subject: 'Ein Webhook-Endpunkt wurde abgeschaltet',
    body: (url: string, since: string) => `Der Webhook-Endpunkt ${url} nimmt seit ${since} keine Ereignisse mehr an; Packbench hat ihn daher abgeschaltet. Die Ereignisse stehen in seinem Zustellprotokoll.`,
    again: 'Sobald der Empfänger wieder funktioniert, schalten Sie den Endpunkt unter Einstellungen → Integrationen wieder ein und wiederholen die nötigen Zustellungen.'
  }
} satisfies Record<Locale, unknown>;

export default defineTemplate({
  topic: 'webhook_disabled',
  data: z.object({ url: z.string().max(2000), failingSince: z.string().max(40), reason: z.string().max(500).optional() }),
  async render({ url, failingSince, reason }, ctx) {
    const s = strings[ctx.locale];
    return {
      subject: s.subject,
      blocks: [{ kind: 'p', text: s.body(url, ctx.date(failingSince)) }, ...(reason ? [{ kind: 'p' as const, text: reason }] : []), { kind: 'p', text: s.again }],
      footer: footer(ctx.shop)
    };
  }
});
