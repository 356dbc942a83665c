// Labels for couriers without a label service of their own (manual parcels, the sandbox):
// Packbench's courier label documents.
import { renderShippingLabels } from '$lib/documents/shipping-labels';
import type { LabelRequest } from './types';

export function packbenchLabels(req: LabelRequest, courierName: (carrier: string) => string): Promise<Uint8Array> {
  return renderShippingLabels({
    shop: req.shop,
    locale: req.locale,
    layout: req.layout,
    labels: req.parcels.map((p) => ({
      courier: courierName(p.carrier),
      trackingNumber: p.trackingNumber || `#${p.orderNumber}-${p.parcel.index}`,
      orderNumber: p.orderNumber,
      shipTo: p.shipTo,
      parcel: p.parcel,
      weightGrams: p.weightGrams || undefined
    }))
  });
}
