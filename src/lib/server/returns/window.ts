// The return window (F39): how long after the goods reached the customer a return may be asked
// for on the tracking page. It starts when the last parcel was delivered (the courier's
// delivery scan), else when it left, or when the order was collected, and lasts the shop's
// `returns.windowDays` (settings hub; default 30, none = no limit). After it the tracking page
// offers no return and refuses one; staff may still record a return (goodwill), and the order's
// returns card says the window has ended.
import { z } from 'zod';
import { AppError } from '../errors';
import { collection, filterValue } from '../pocketbase/client';
import type { OrderRecord } from '../pocketbase/records';
import { defineSetting } from '../settings';

export const returnsSettingsSchema = z.object({
  /** days a customer may ask for a return on the tracking page; null = no limit */
  windowDays: z.number().int().min(0).max(365).nullable()
});
export type ReturnsSettings = z.infer<typeof returnsSettingsSchema>;
export const returnsSetting = defineSetting('returns', returnsSettingsSchema, { windowDays: 30 } as ReturnsSettings);

export interface ReturnWindow {
  /** null: no limit */
  days: number | null;
  /** when the goods reached the customer (or left); null while nothing has */
  from: string | null;
  /** the end of the window; null without a limit or a start */
  until: string | null;
  open: boolean;
}

const iso = (pbDate: string) => (pbDate ? new Date(pbDate.replace(' ', 'T')).toISOString() : '');

/** When the goods reached the customer: each parcel's delivery scan (else when it left), the latest of them; or the collection. */
export async function goodsReceivedAt(order: Pick<OrderRecord, 'id' | 'fulfilment_method'>): Promise<string | null> {
  if (order.fulfilment_method === 'collect') {
    const ev = await collection('order_events').getList<{ created: string }>(1, 1, { filter: `order = ${filterValue(order.id)} && type = 'collected'`, sort: '-created', fields: 'created' });
    return ev.items[0] ? iso(ev.items[0].created) : null;
  }
  const shipments = await collection('shipments').getFullList({ filter: `order = ${filterValue(order.id)} && status != 'cancelled' && status != 'draft'`, fields: 'id,status,events,shipped_at' });
  const times = shipments
    .map((s) => [...(s.events ?? [])].reverse().find((e) => e.status === 'delivered')?.at || iso(s.shipped_at))
    .filter(Boolean)
    .map((t) => new Date(t).getTime());
  return times.length ? new Date(Math.max(...times)).toISOString() : null;
}

export function windowOf(days: number | null, from: string | null, now: Date): ReturnWindow {
  if (days === null || !from) return { days, from, until: null, open: true };
  const until = new Date(new Date(from).getTime() + days * 86_400_000).toISOString();
  return { days, from, until, open: now.getTime() <= new Date(until).getTime() };
}

export async function returnWindow(order: Pick<OrderRecord, 'id' | 'fulfilment_method'>, now = new Date()): Promise<ReturnWindow> {
  const [settings, from] = await Promise.all([returnsSetting.get(), goodsReceivedAt(order)]);
  return windowOf(settings.windowDays, from, now);
}

/** The customer's request after the window: refused, naming the date. */
export function windowClosed(number: number, w: ReturnWindow): AppError {
  return new AppError('CONFLICT', 'returns.errors.window_closed', `The return period for order ${number} ended on ${w.until?.slice(0, 10)}. Please contact us.`, { number, until: w.until, days: w.days });
}
