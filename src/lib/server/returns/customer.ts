// F39/F40: the customer asks for a return on the public tracking page. The token is the only
// key; every request (wrong tokens too) counts against a per-IP limit and per-token limit,
// and the request arrives in the office as a `requested` return, live on the order page.
import { returnable } from '$lib/returns/reasons';
import { AppError } from '../errors';
import { collection, filterValue } from '../pocketbase/client';
import type { OrderRecord } from '../pocketbase/records';
import { RateLimiter } from '../cluster/rate-limit';
import { getReturn, labelOf, loadReturnContext, onRequestedReturns } from './queries';
import { returnLabelPdf } from './label';
import { createReturn, type ReturnLineInput } from './request';
import { returnWindow, windowClosed } from './window';

/** Per IP: 20 looks or requests per 10 minutes; per order: 5 return requests per hour. */
const perIp = new RateLimiter('return-request-ip', 20, 10 * 60_000);
const perToken = new RateLimiter('return-request-token', 5, 60 * 60_000);

async function limit(limiter: RateLimiter, key: string) {
  const wait = await limiter.hit(key);
  if (wait > 0) throw new AppError('TOO_MANY_REQUESTS', 'returns.errors.too_many_requests', `Too many requests. Please try again in ${wait} seconds.`, { seconds: wait });
}

async function orderByToken(token: string): Promise<Pick<OrderRecord, 'id' | 'status' | 'number' | 'fulfilment_method'>> {
  const found = token ? await collection('orders').getList(1, 1, { filter: `tracking_token = ${filterValue(token)} && tracking_token != ''`, fields: 'id,status,number,fulfilment_method' }) : null;
  const order = found?.items[0];
  if (!order) throw new AppError('NOT_FOUND', 'returns.errors.no_order', 'We could not find this order. Check the link in your e-mail.');
  return order;
}

/** What the customer may send back: each line's name and how many units, and returns already asked for. */
export async function customerReturnOptions(token: string, ip: string) {
  await limit(perIp, ip);
  const order = await orderByToken(token);
  const [ctx, window] = await Promise.all([loadReturnContext(order.id), returnWindow(order)]);
  const onRequested = onRequestedReturns(ctx);
  const open = (ctx.order.status === 'placed' || ctx.order.status === 'completed') && window.open;
  return {
    /** F39: until when a return may be asked for here */
    window: { days: window.days, until: window.until, open: window.open },
    lines: ctx.lines.map((l) => ({ id: l.id, name: l.name, returnable: open ? returnable(l, onRequested.get(l.id) ?? 0) : 0 })),
    returns: ctx.returns
      .filter((r) => r.status !== 'cancelled')
      .map((r) => {
        const label = labelOf(r);
        // F39: the label the shop bought for it, to print at home
        return { id: r.id, status: r.status, units: r.units, created: r.created, label: label && r.status === 'requested' ? { carrier: label.carrier, trackingNumber: label.trackingNumber } : null };
      })
  };
}

export async function customerRequestReturn(input: { token: string; key: string; lines: ReturnLineInput[]; note?: string }, ip: string) {
  await limit(perIp, ip);
  await limit(perToken, input.token);
  const order = await orderByToken(input.token);
  const window = await returnWindow(order);
  if (!window.open) throw windowClosed(order.number, window);
  const made = await createReturn({ orderId: order.id, key: input.key, lines: input.lines, note: input.note }, { source: 'customer', actorLabel: 'customer' });
  return { returnId: made.returnId, duplicate: made.duplicate };
}

/** F39: the return label as a PDF for the customer, by the tracking link; another order's return is not found. */
export async function customerReturnLabel(input: { token: string; returnId: string }, ip: string): Promise<{ fileName: string; base64: string }> {
  await limit(perIp, ip);
  const order = await orderByToken(input.token);
  const ret = await getReturn(input.returnId).catch(() => null);
  if (!ret || ret.order !== order.id || !labelOf(ret)) throw new AppError('NOT_FOUND', 'returns.errors.no_label', 'This return has no label yet.');
  const { pdf, fileName } = await returnLabelPdf(ret.id);
  return { fileName, base64: Buffer.from(pdf).toString('base64') };
}
