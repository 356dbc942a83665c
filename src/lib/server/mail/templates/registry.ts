// topic -> template. Every file in ./topics/ is one topic (file name = topic), found at build
// time, so adding a topic is adding one file (see ../README.md).
import { z } from 'zod';
import type { ShopInfo } from '$lib/documents';
import { PermanentDeliveryError } from '../../outbox/errors';
import type { Locale } from '../../pocketbase/records';
import { composeEmail, oneLine } from '../render/compose';
import { templateContext } from './context';
import type { MailTemplate, RenderedEmail } from './define';

export type { MailAttachment, RenderedEmail } from './define';

const modules = import.meta.glob<{ default: MailTemplate }>(['./topics/*.ts', '!./topics/*.test.ts'], { eager: true });

const registry = new Map<string, MailTemplate>();
for (const [path, mod] of Object.entries(modules)) {
  const topic = path.replace(/^.*\/|\.ts$/g, '');
  if (mod.default?.topic !== topic) throw new Error(`mail template ${path} must export default defineTemplate({ topic: '${topic}', … })`);
  registry.set(topic, mod.default);
}

export function mailTopics(): string[] {
  return [...registry.keys()].sort();
}

export function hasTemplate(topic: string): boolean {
  return registry.has(topic);
}

export interface RenderRequest {
  topic: string;
  locale: unknown;
  data: unknown;
  shop?: ShopInfo;
}

/** Renders a queued e-mail. Unknown topics and data that breaks the contract are permanent. */
export async function renderEmail({ topic, locale, data, shop }: RenderRequest): Promise<RenderedEmail> {
  const template = registry.get(topic);
  if (!template) throw new PermanentDeliveryError(`no mail template for topic "${topic}"`);
  const parsed = template.data.safeParse(data ?? {});
  if (!parsed.success) {
    throw new PermanentDeliveryError(`data for "${topic}" does not fit the template: ${z.prettifyError(parsed.error).replace(/\n/g, '; ')}`);
  }
  const lng: Locale = locale === 'de' ? 'de' : 'en';
  const ctx = await templateContext(lng, shop);
  const out = await template.render(parsed.data, ctx);
  const composed = composeEmail(out, lng);
  return { ...composed, attachments: out.attachments ?? [], replyTo: out.replyTo ? oneLine(out.replyTo) : undefined };
}
