// POST /api/v1/shipments (F43): a parcel handed to a carrier, with its tracking number, through
// the shipping desk's own code (server/shipping/shipments.ts: one unit of work with the
// parcel, the stock leaving, the order's fulfilment state, the delivery e-mail and
// `order.shipped`). Without lines, every picked and not yet shipped unit goes in the parcel.
import { z } from 'zod';
import { collection, filterValue } from '../../pocketbase/client';

import type { ShipmentRecord } from '../../shipping/records';
import { createShipment } from '../../shipping/shipments';
import { keyLabel } from '../keys';
import { ApiProblem, Id, IsoDate, defineRoute, iso, notFound } from './define';

export const ApiShipment = z.object({ id: z.string(), order_id: z.string(), carrier: z.string(), tracking_number: z.string(), tracking_url: z.string(), status: z.string(), shipped_at: IsoDate, created_at: IsoDate });
export const shipmentView = (s: ShipmentRecord) => ({ id: s.id, order_id: s.order, carrier: s.carrier, tracking_number: s.tracking_number, tracking_url: s.tracking_url, status: s.status, shipped_at: iso(s.shipped_at), created_at: iso(s.created) });

export const shipmentRoutes = [
  defineRoute({
    method: 'post',
    path: '/shipments',
    operationId: 'createShipment',
    summary: 'Record a parcel handed to a carrier, with its tracking number (the order must be packed)',
    tag: 'Shipments',
    scope: 'shipments:write',
    body: z.object({
      order_id: Id,
      carrier: z.enum(['dhl', 'dpd', 'hermes', 'gls', 'ups', 'deutsche_post', 'nz_post', 'australia_post', 'other']),
      tracking_number: z.string().trim().min(1, 'Required').max(100),
      tracking_url: z.url('Not a URL').max(500).optional(),
      allow_unusual_number: z.boolean().default(false),
      lines: z.array(z.object({ line_id: Id, qty: z.number().int().min(1) })).max(100).optional(),
      client_id: z.string().trim().min(8).max(64).optional().describe('a retried request with the same client_id creates the parcel once')
    }),
    response: ApiShipment,
    status: 201,
    async handler({ body, key }) {
      const order = await collection('orders').getOne(body.order_id, { fields: 'id' }).catch(() => null);
      if (!order) throw notFound('Order');
      let lines = body.lines?.map((l) => ({ lineId: l.line_id, qty: l.qty }));
      if (!lines) {
        const all = await collection('order_lines').getFullList({ filter: `order = ${filterValue(body.order_id)}` });
        lines = all.filter((l) => l.picked > l.shipped).map((l) => ({ lineId: l.id, qty: l.picked - l.shipped }));
        if (!lines.length) throw new ApiProblem(409, 'conflict', 'Nothing to ship', 'No line of this order has picked units that have not been shipped.');
      }
      const done = await createShipment(
        {
          orderId: body.order_id,
          lines,
          courier: 'manual',
          carrier: body.carrier,
          trackingNumber: body.tracking_number,
          trackingUrl: body.tracking_url,
          allowUnusualNumber: body.allow_unusual_number,
          clientId: body.client_id ? `api:${key.id}:${body.client_id}` : undefined
        },
        { actor: null, actorLabel: keyLabel(key) }
      );
      return { status: 201, body: shipmentView(await collection('shipments').getOne(done.shipmentId)) };
    }
  })
];
