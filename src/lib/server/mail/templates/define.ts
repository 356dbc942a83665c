// What a topic file is made of: its data contract (a zod schema) and a render function.
// Kept apart from the registry, which imports every topic file.
import { z } from 'zod';
import type { ComposedEmail, EmailContent } from '../render/compose';
import type { TemplateContext } from './context';

export interface MailAttachment {
  filename: string;
  content: Uint8Array;
  contentType: string;
}

export interface TemplateOutput extends EmailContent {
  attachments?: MailAttachment[];
  /** e.g. the customer's address on the merchant's copy; defaults to the shop's e-mail */
  replyTo?: string;
}

export interface RenderedEmail extends ComposedEmail {
  attachments: MailAttachment[];
  replyTo?: string;
}

export interface MailTemplate<S extends z.ZodType = z.ZodType> {
  topic: string;
  /** the data contract: what callers of queueEmail put into `data` for this topic */
  data: S;
  render(data: z.infer<S>, ctx: TemplateContext): Promise<TemplateOutput>;
}

/** A PocketBase record id in a template's data. */
export const recordRef = z.string().regex(/^[a-z0-9]{15}$/, 'not a record id');

/** Keeps a template's data type tied to its schema. */
export function defineTemplate<S extends z.ZodType>(template: MailTemplate<S>): MailTemplate<S> {
  return template;
}
