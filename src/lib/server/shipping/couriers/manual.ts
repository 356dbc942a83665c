// Any carrier, entered by hand (F20): the person types the tracking number from the
// carrier's receipt; the link comes from the carrier's URL pattern. No notifications.
import { carrier, carrierTrackingUrl } from '../carriers';
import { packbenchLabels } from './labels';
import type { Courier } from './types';

export const manualCourier: Courier = {
  name: 'manual',
  enabled: () => true,
  async issue(req) {
    const trackingNumber = req.trackingNumber ?? '';
    return {
      courierRef: '',
      carrier: req.carrier ?? 'other',
      trackingNumber,
      trackingUrl: req.trackingUrl || carrierTrackingUrl(req.carrier ?? 'other', trackingNumber),
      // typed in after the parcel went to the carrier
      status: 'handed_over'
    };
  },
  labels: (req) => packbenchLabels(req, (code) => carrier(code)?.name ?? code),
  cancel: async () => 'cancelled'
};
