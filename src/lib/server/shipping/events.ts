// Events Packbench itself adds to a parcel's history (label bought, handed over).
import { randomUUID } from 'node:crypto';
import type { ShipmentEvent, ShipmentStatus } from './records';

export function packbenchEvent(status: ShipmentStatus, description = '', at = new Date().toISOString()): ShipmentEvent {
  return { id: `pb-${randomUUID()}`, status, at, location: '', description, source: 'packbench' };
}
