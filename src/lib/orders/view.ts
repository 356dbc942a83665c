// The order queue's view (F26): filters, search and page as the URL's query string, so back
// and forward work and a link can be shared. parseView(serializeView(v)) == v; anything a
// link holds that is not a valid value falls back to the default and is named in `dropped`.
import { z } from 'zod';
import { paymentMethod } from '$lib/payments/methods';
import { fulfilmentStatus, orderStage, orderStatus, paymentStatus } from './states';

export const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
export const DAY = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const id = /^[a-z0-9]{15}$/;

export const queueView = z.object({
  /** open (draft, placed) or finished (completed, cancelled) orders (#13 lifecycle) */
  stage: orderStage.optional(),
  status: orderStatus.optional(),
  paymentStatus: paymentStatus.optional(),
  fulfilmentStatus: fulfilmentStatus.optional(),
  paymentMethod: paymentMethod.optional(),
  /** free text: number, #prefix, name, e-mail, phone, SKU or product, tracking or invoice number */
  search: z.string().max(200).optional(),
  /** YYYY-MM, placed in that month in the shop's time zone */
  month: z.string().regex(MONTH, 'Choose a month like 2025-03').optional(),
  /** YYYY-MM-DD, placed on or after / on or before (shop's time zone) */
  from: z.string().regex(DAY, 'Enter a date like 2025-03-01').optional(),
  to: z.string().regex(DAY, 'Enter a date like 2025-03-31').optional(),
  /** a customer's id (from the customer search history) */
  customer: z.string().regex(id).optional(),
  /** keyset cursor: show orders older than this one */
  after: z.string().regex(/^\d{1,12}$/).optional()
});
export type QueueView = z.infer<typeof queueView>;
export const VIEW_KEYS = ['search', 'stage', 'status', 'paymentStatus', 'fulfilmentStatus', 'paymentMethod', 'month', 'from', 'to', 'customer', 'after'] as const;

/** the view a URL's query string describes; invalid or unknown parameters are dropped and named */
export function parseView(params: URLSearchParams): { view: QueueView; dropped: string[] } {
  const view: Record<string, string> = {};
  const dropped: string[] = [];
  for (const [key, value] of params) {
    if (key === 'page' || value === '') continue; // links from before keyset pagination
    if (!(VIEW_KEYS as readonly string[]).includes(key) || key in view) {
      dropped.push(key);
      continue;
    }
    const field = queueView.shape[key as keyof QueueView];
    const ok = field.safeParse(key === 'search' ? value.trim() : value);
    if (ok.success && ok.data) view[key] = ok.data;
    else if (!ok.success) dropped.push(key);
  }
  return { view: view as QueueView, dropped };
}

/** the query string (without '?') of a view, keys in a fixed order */
export function serializeView(view: QueueView): string {
  const p = new URLSearchParams();
  for (const k of VIEW_KEYS) {
    const v = view[k];
    if (v) p.set(k, v);
  }
  return p.toString();
}

/** the view without its page, i.e. what a saved view or an export keeps */
export function withoutPage(view: QueueView): QueueView {
  const { after: _after, ...rest } = view;
  return rest;
}

export function sameView(a: QueueView, b: QueueView): boolean {
  return serializeView(a) === serializeView(b);
}
