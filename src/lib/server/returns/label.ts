// F39: a return label bought through the courier provider, where it offers one (the sandbox
// courier; Sendcloud through its Returns API v3 with SENDCLOUD_RETURN_SHIPPING_OPTION; manual
// parcels have none). The
// label goes from the customer's address to the shop; its tracking number is kept on the
// return and shown on the order page, the PDF prints from there and goes to the customer by
// e-mail. Once per return: asking again answers the label it has. One unit of work: the
// return's label fields, the timeline event and the e-mail.
import { AppError } from '../errors';
import { loadShop } from '../mail/document-input';
import { queueEmail } from '../mail/queue';
import { registerMailDocument } from '../mail/templates/attachments';
import { collection, filterValue } from '../pocketbase/client';
import { UnitOfWork } from '../pocketbase/tx';
import { listWhereIn } from '../pocketbase/where-in';
import { getOrderRecord } from '../orders/queries';

import { courier } from '../shipping/couriers';
import { CourierError, type Courier } from '../shipping/couriers/types';
import { courierSettings } from '../shipping/settings';
import { getReturn, labelOf, loadReturnContext, type ReturnLabel } from './queries';
import { recordEvent } from '../orders/timeline';

const DEFAULT_UNIT_GRAMS = 500;

/** the courier that brought the parcel out (the order's newest labelled parcel), else the default one */
async function courierFor(orderId: string): Promise<Courier> {
  const shipped = await collection('shipments').getList(1, 1, { filter: `order = ${filterValue(orderId)} && status != 'draft' && status != 'cancelled'`, sort: '-created', fields: 'courier' });
  return courier(shipped.items[0]?.courier ?? (await courierSettings()).defaultCourier);
}

export async function createReturnLabel(returnId: string, actorId: string): Promise<ReturnLabel & { alreadyDone: boolean }> {
  const ret = await getReturn(returnId);
  const existing = labelOf(ret);
  if (existing) return { ...existing, alreadyDone: true };
  if (ret.status !== 'requested') {
    throw new AppError('CONFLICT', 'returns.errors.label_state', `This return is ${ret.status}: a return label is only for goods still on their way.`, { status: ret.status });
  }
  const ctx = await loadReturnContext(ret.order);
  const address = ctx.order.shipping_address;
  if (ctx.order.fulfilment_method !== 'ship' || !address) {
    throw new AppError('BAD_REQUEST', 'returns.errors.label_no_address', `Order ${ctx.order.number} was collected at the counter: there is no address to send a label for.`, { number: ctx.order.number });
  }
  const provider = await courierFor(ret.order);
  if (!provider.issueReturn || !provider.enabled()) {
    throw new AppError('BAD_REQUEST', 'returns.errors.label_not_offered', `${provider.name === 'manual' ? 'Parcels sent by hand' : provider.name}: this courier offers no return labels here.`, { courier: provider.name });
  }
  const units = ctx.returnLines.filter((l) => l.return === ret.id);
  const weights = await listWhereIn<'products', { id: string; weight_g: number }>('products', 'id', units.map((l) => l.product), { fields: 'id,weight_g' });
  const weightGrams = units.reduce((g, l) => g + l.qty * (weights.find((w) => w.id === l.product)?.weight_g || DEFAULT_UNIT_GRAMS), 0);
  const shop = await loadShop();
  let issued;
  try {
    issued = await provider.issueReturn({
      returnId: ret.id,
      order: { number: ctx.order.number, customerName: ctx.order.customer_name, email: ctx.order.email, phone: ctx.order.phone, address, locale: ctx.order.locale || 'en' },
      shop,
      weightGrams
    });
  } catch (e) {
    if (e instanceof CourierError) throw new AppError('CONFLICT', 'shipping.errors.courier', e.message, { courier: e.courier });
    throw e;
  }
  const createdAt = new Date().toISOString();
  const uow = new UnitOfWork();
  uow.update(
    'returns',
    ret.id,
    { label_courier: provider.name, label_carrier: issued.carrier, label_tracking_number: issued.trackingNumber, label_courier_ref: issued.courierRef, label_created_at: createdAt, label_weight_g: weightGrams },
    { expect: { label_tracking_number: '' } }
  );
  recordEvent(uow, ret.order, { type: 'return_label_created', data: { returnId: ret.id, carrier: issued.carrier, trackingNumber: issued.trackingNumber } }, { actor: actorId });
  // the customer gets it by e-mail, with the PDF
  if (ctx.order.email) queueEmail(uow, { topic: 'return_label', to: ctx.order.email, locale: ctx.order.locale === 'de' ? 'de' : 'en', order: ret.order, data: { orderId: ret.order, returnId: ret.id } });
  try {
    await uow.commit();
  } catch (e) {
    const now = labelOf(await getReturn(returnId));
    if (!now) throw e;
    // a second click won the race: its label counts, this one is voided at the courier
    await provider.cancel(issued.courierRef).catch(() => {});
    return { ...now, alreadyDone: true };
  }
  return { courier: provider.name, carrier: issued.carrier, trackingNumber: issued.trackingNumber, createdAt, alreadyDone: false };
}

/** The return label as a PDF: from the customer, to the shop. */
export async function returnLabelPdf(returnId: string): Promise<{ pdf: Uint8Array; fileName: string }> {
  const ret = await getReturn(returnId);
  const label = labelOf(ret);
  if (!label) throw new AppError('NOT_FOUND', 'returns.errors.no_label', 'This return has no label yet.');
  const [order, shop, settings] = await Promise.all([getOrderRecord(ret.order), loadShop(), courierSettings()]);
  const customer = order.shipping_address;
  if (!customer) throw new AppError('BAD_REQUEST', 'returns.errors.label_no_address', `Order ${order.number} was collected at the counter: there is no address to send a label for.`, { number: order.number });
  if (!shop.address) throw new AppError('BAD_REQUEST', 'returns.errors.label_no_shop_address', 'The shop has no address in its settings: a return label needs one.');
  const pdf = await courier(label.courier as Parameters<typeof courier>[0]).labels({
    // the customer sends, the shop receives
    shop: { ...shop, name: order.customer_name || customer.name, address: customer, email: undefined, phone: undefined, vatId: undefined },
    parcels: [{ courierRef: ret.label_courier_ref, carrier: label.carrier, trackingNumber: label.trackingNumber, orderNumber: order.number, shipTo: { ...shop.address, name: shop.name }, parcel: { index: 1, count: 1 }, weightGrams: ret.label_weight_g ?? 0 }],
    layout: settings.labelFormat,
    locale: order.locale || 'en'
  });
  return { pdf, fileName: `return-label-${order.number}.pdf` };
}

/** The label a return_label e-mail attaches (registered at start-up: src/hooks.server.ts). */
export function registerReturnLabelMail(): void {
  registerMailDocument('return_label', async (id) => {
    const { pdf, fileName } = await returnLabelPdf(id);
    return { attachment: { filename: fileName, content: pdf, contentType: 'application/pdf' } };
  });
}
