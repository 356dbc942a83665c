import { randomUUID } from 'node:crypto';
import { hasRole } from '$lib/auth/roles';
import { z } from 'zod';
import { findCollectOrder, confirmCollection, putReadyForPickup } from '../../shipping/collect';
import { sendDeliveryEmail } from '../../shipping/delivery-email';
import { cancelLabel, handOver, issueLabels } from '../../shipping/labels';
import { deskView, orderShippingView } from '../../shipping/queries';
import { createShipment, shipOrders } from '../../shipping/shipments';
import { changeShippingMethod, shippingFees } from '../../shipping/method-change';
import { shippingChangeRequest } from '$lib/shipping/method-change';
import { officeProcedure, packerProcedure, recordId, router } from '../trpc';

const courierName = z.enum(['manual', 'sandbox', 'sendcloud']);
const carrierCode = z.enum(['dhl', 'dpd', 'hermes', 'gls', 'ups', 'deutsche_post', 'nz_post', 'australia_post', 'other']);
const ids = z.array(recordId).min(1, 'Select at least one').max(200, 'At most 200 at once');
const who = (ctx: { session: { staff: { id: string } } }) => ({ actor: ctx.session.staff.id });

// Shipping happens at the packing bench too: packers may ship, print and hand over (F14);
// nothing here shows prices or payments.
export const shippingRouter = router({
  forOrder: packerProcedure.input(z.object({ orderId: recordId })).query(({ input, ctx }) => orderShippingView(input.orderId, { full: hasRole(ctx.session.staff.role, 'office') })),

  desk: packerProcedure.query(() => deskView()),

  createShipment: packerProcedure
    .input(
      z.object({
        orderId: recordId,
        lines: z.array(z.object({ lineId: recordId, qty: z.number().int('Whole units only').min(0, 'Not below 0').max(100_000) })).min(1).max(500),
        courier: courierName,
        carrier: carrierCode.optional(),
        trackingNumber: z.string().trim().max(60, 'At most 60 characters').optional(),
        trackingUrl: z.union([z.url({ protocol: /^https?$/ }), z.literal('')]).optional(),
        allowUnusualNumber: z.boolean().default(false),
        clientId: z.string().min(8).max(100)
      })
    )
    .mutation(({ input, ctx }) => createShipment(input, who(ctx))),

  /** F28: mark many orders shipped, each with all its remaining picked units */
  shipOrders: packerProcedure
    .input(z.object({ orderIds: ids, courier: courierName, carrier: carrierCode.optional(), batchId: z.string().min(8).max(100).default(() => randomUUID()) }))
    .mutation(({ input, ctx }) => shipOrders(input, who(ctx))),

  createLabels: packerProcedure.input(z.object({ shipmentIds: ids })).mutation(({ input, ctx }) => issueLabels(input.shipmentIds, who(ctx))),

  handOver: packerProcedure.input(z.object({ shipmentIds: ids })).mutation(({ input, ctx }) => handOver(input.shipmentIds, who(ctx))),

  cancelLabel: packerProcedure.input(z.object({ shipmentId: recordId })).mutation(({ input, ctx }) => cancelLabel(input.shipmentId, who(ctx))),

  sendDeliveryEmail: officeProcedure.input(z.object({ shipmentId: recordId })).mutation(({ input, ctx }) => sendDeliveryEmail(input.shipmentId, who(ctx))),

  readyForPickup: packerProcedure.input(z.object({ orderId: recordId })).mutation(({ input, ctx }) => putReadyForPickup(input.orderId, who(ctx))),

  findCollect: packerProcedure.input(z.object({ code: z.string().trim().min(1, 'Scan or type the order number').max(40) })).query(({ input }) => findCollectOrder(input.code)),

  confirmCollection: packerProcedure
    .input(z.object({ orderId: recordId, method: z.enum(['scan', 'manual']) }))
    .mutation(({ input, ctx }) => confirmCollection(input, who(ctx))),

  /** F42: ship ↔ collect or another courier on an open order; money: the total, a surcharge or a credit (office and up) */
  changeMethod: officeProcedure.input(shippingChangeRequest).mutation(({ input, ctx }) => changeShippingMethod(input, ctx.session.staff.id)),

  /** the shop's fee for each method on this order, for the change form */
  methodFees: officeProcedure.input(z.object({ orderId: recordId })).query(({ input }) => shippingFees(input.orderId))
});
