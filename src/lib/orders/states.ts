// The order's three state axes, its channels and note visibilities, defined once (zod enums):
// the server's records and procedures and the browser's filters and badges all take them from
// here. Allowed moves between states live in src/lib/server/orders/transitions.ts.
import { z } from 'zod';

export const orderStatus = z.enum(['draft', 'placed', 'completed', 'cancelled']);
export type OrderStatus = z.infer<typeof orderStatus>;

export const paymentStatus = z.enum(['unpaid', 'pending', 'paid', 'failed', 'refunded', 'partially_refunded']);
export type PaymentStatus = z.infer<typeof paymentStatus>;

export const fulfilmentStatus = z.enum(['unfulfilled', 'picking', 'packed', 'partially_shipped', 'shipped', 'ready_for_pickup', 'collected', 'partially_returned', 'returned']);
export type FulfilmentStatus = z.infer<typeof fulfilmentStatus>;

/** The queue's coarse view (#13 lifecycle): open = draft or placed, finished = completed or cancelled. */
export const orderStage = z.enum(['open', 'finished']);
export type OrderStage = z.infer<typeof orderStage>;
export const STAGE_STATUSES: Record<OrderStage, readonly OrderStatus[]> = { open: ['draft', 'placed'], finished: ['completed', 'cancelled'] };

export const fulfilmentMethod = z.enum(['ship', 'collect']);
export type FulfilmentMethod = z.infer<typeof fulfilmentMethod>;

export const orderChannel = z.enum(['web', 'phone', 'repeat', 'api']);
export type OrderChannel = z.infer<typeof orderChannel>;

export const noteVisibility = z.enum(['internal', 'packing', 'customer']);
export type NoteVisibility = z.infer<typeof noteVisibility>;
