// Changing an open order's shipping method (F42, #13): ship ↔ Click & Collect, or the courier
// its parcel should go with. Allowed until something leaves (nothing shipped or collected), in
// one unit of work guarded by the order's version. The fee follows the shop's shipping rule
// unless staff type another; what the difference does to the money is `shippingChangeMoney`:
// an open order's total changes, a paid or invoiced one gets a surcharge with its own invoice
// (in the same unit of work as the change) or a creditable amount on the timeline.
import { computeTotals, shippingRateBp } from '$lib/documents/tax';
import { amountOwed } from '$lib/refunds/rules';
import { METHOD_CHANGEABLE, shippingChangeMoney, shippingChangeRequest, type MoneyPath, type ShippingChangeRequest } from '$lib/shipping/method-change';
import { checkFields } from '../orders/address-fields';
import { addressProvider } from '../addresses/provider';
import { requireSellerDetails } from '../documents/inputs';
import { INVOICE_COUNTER, formatInvoiceNumber, yearIn } from '../documents/invoice-number';
import { AppError } from '../errors';
import { loadShop } from '../mail/document-input';
import { orderLines } from '../orders/cancel';
import { settleLifecycle } from '../orders/lifecycle';
import { explainTxFailure } from '../orders/tx-errors';
import type { OrderLineRecord } from '../pocketbase/records';
import { TxFailure, UnitOfWork, type Step } from '../pocketbase/tx';
import { withNextNumber } from '../refunds/numbering';
import { loadMoneyOrder, newRecordId } from '../refunds/orders';
import type { MoneyOrder } from '../refunds/records';
import { shippingFee, shopSettings } from '../shop/settings';
import { checkSurchargeable, surchargeOps } from '../refunds/surcharges';
import { enabledCouriers } from './couriers';
import type { CourierName } from './records';
import { recordEvent } from '../orders/timeline';

export interface ShippingChangeResult {
  version: number;
  path: MoneyPath;
  feeCents: number;
  diffCents: number;
  invoiceNumber?: string;
}

const docLines = (lines: OrderLineRecord[]) => lines.map((l) => ({ sku: l.sku, name: l.name, qty: l.qty, unitPriceCents: l.unit_price_cents, taxRateBp: l.tax_rate_bp }));
const goodsCents = (lines: OrderLineRecord[]) => lines.reduce((s, l) => s + l.qty * l.unit_price_cents, 0);

/** What the shop's rule charges for each method on this order (the form's suggestion). */
export async function shippingFees(orderId: string): Promise<{ ship: number; collect: number; currency: string; couriers: CourierName[] }> {
  const [order, lines, settings] = await Promise.all([loadMoneyOrder(orderId), orderLines(orderId), shopSettings()]);
  const goods = goodsCents(lines);
  return { ship: shippingFee(settings.shipping, 'ship', goods), collect: shippingFee(settings.shipping, 'collect', goods), currency: order.currency, couriers: enabledCouriers() };
}

function checkChangeable(order: MoneyOrder, version: number): void {
  if (order.status !== 'placed' || !(METHOD_CHANGEABLE as readonly string[]).includes(order.fulfilment_status)) {
    throw new AppError('CONFLICT', 'shipping.errors.method_locked', `Order ${order.number} is ${order.status} / ${order.fulfilment_status}: its shipping method can no longer be changed.`, {
      number: order.number,
      status: order.status,
      fulfilment: order.fulfilment_status
    });
  }
  if (order.version !== version) {
    throw new AppError('CONFLICT', 'orderflow.errors.changed_meanwhile', 'Someone else changed this order in the meantime. Nothing was saved; check the current state and try again.', {
      currentVersion: order.version
    });
  }
}

export async function changeShippingMethod(input: ShippingChangeRequest, actorId: string, now = new Date()): Promise<ShippingChangeResult> {
  const req = shippingChangeRequest.parse(input);
  const [first, lines, settings] = await Promise.all([loadMoneyOrder(req.orderId), orderLines(req.orderId), shopSettings()]);
  checkChangeable(first, req.version);
  const courier = req.method === 'collect' ? '' : req.courier;
  if (courier && !enabledCouriers().includes(courier)) {
    throw new AppError('BAD_REQUEST', 'shipping.errors.courier_off', `${courier} is not switched on.`, { field: 'courier' });
  }
  const methodChanged = req.method !== first.fulfilment_method;
  const feeCents = req.feeCents ?? (methodChanged ? shippingFee(settings.shipping, req.method, goodsCents(lines)) : first.shipping_cents);
  const courierBefore = first.courier ?? '';
  if (!methodChanged && courier === courierBefore && feeCents === first.shipping_cents) {
    throw new AppError('BAD_REQUEST', 'shipping.errors.method_unchanged', 'Nothing to change: the order already ships this way at this fee.', { field: 'method' });
  }

  // to the door: the order needs an address, checked like any new shipping address (F36)
  const address = req.method === 'ship' && methodChanged ? (first.shipping_address ?? first.billing_address) : null;
  if (req.method === 'ship' && methodChanged && !address) {
    throw new AppError('BAD_REQUEST', 'shipping.errors.method_needs_address', `Order ${first.number} has no address to ship to. Add the shipping address first.`, { field: 'method', number: first.number });
  }
  const check = address ? await addressProvider().check(address) : null;

  const { path, diffCents } = shippingChangeMoney(first, feeCents);
  const changes = (order: MoneyOrder, uow: UnitOfWork, extra: { invoice_number?: string }) => {
    const totals = path === 'adjust' ? computeTotals(docLines(lines), feeCents) : null;
    const fields = {
      fulfilment_method: req.method,
      courier,
      ...(totals ? { shipping_cents: totals.shippingCents, tax_cents: totals.taxes.reduce((s, t) => s + t.taxCents, 0), total_cents: totals.totalCents } : {}),
      ...(address ? { shipping_address: address, ...checkFields(check) } : {}),
      // packed for collection, now to go out: back to the courier desk
      ...(order.fulfilment_status === 'ready_for_pickup' && req.method === 'ship' ? { fulfilment_status: 'packed' as const } : {})
    };
    // the version check comes first: a second person gets "changed meanwhile"
    const versioned = uow.update('orders', order.id, fields, { ifVersion: req.version, expect: { status: 'placed', fulfilment_status: order.fulfilment_status } });
    const data = {
      method_before: order.fulfilment_method, method_after: req.method, courier_before: courierBefore, courier_after: courier,
      fee_before: order.shipping_cents, fee_after: feeCents, currency: order.currency, money: path,
      ...(totals ? { total_before: order.total_cents, total_after: totals.totalCents } : {}),
      ...(path === 'credit' ? { credit_due_cents: -diffCents } : {}),
      ...extra,
      ...(req.reason ? { reason: req.reason } : {})
    };
    recordEvent(uow, order.id, { type: 'shipping_method_changed', data }, { actor: actorId });
    if (totals) settleLifecycle(uow, order, { actor: actorId, owed: amountOwed({ ...order, total_cents: totals.totalCents }) });
    return versioned;
  };

  try {
    if (path !== 'surcharge') {
      const uow = new UnitOfWork();
      const versioned = changes(first, uow, {});
      const done = await uow.commit();
      return { version: done.value(versioned), path, feeCents, diffCents };
    }
    // dearer after payment or invoice: a supplementary invoice in the same unit of work
    const shop = await loadShop();
    const id = newRecordId();
    let invoiceNumber = '';
    let versioned: Step<number> | undefined;
    const { done } = await withNextNumber(
      INVOICE_COUNTER,
      async () => {
        const order = await loadMoneyOrder(req.orderId);
        checkChangeable(order, req.version);
        checkSurchargeable(order);
        requireSellerDetails(shop);
        return order;
      },
      (uow, sequence, order) => {
        invoiceNumber = formatInvoiceNumber(yearIn(shop.timeZone, now), sequence);
        versioned = changes(order, uow, { invoice_number: invoiceNumber });
        surchargeOps(uow, order, { orderId: order.id, kind: 'shipping_change', reason: req.reason, amountCents: diffCents, taxRateBp: shippingRateBp(docLines(lines)) }, { id, invoiceNumber, actorId, now });
      }
    );
    return { version: done.value(versioned!), path, feeCents, diffCents, invoiceNumber };
  } catch (e) {
    if (e instanceof TxFailure && e.code === 'precondition_failed') {
      throw new AppError('CONFLICT', 'orderflow.errors.changed_meanwhile', 'Someone else changed this order in the meantime. Nothing was saved; check the current state and try again.', {});
    }
    throw explainTxFailure(e);
  }
}
