// The courier desk's and order page's shipping API types, as the router returns them.
import type { RouterOutputs } from '$lib/trpc';

export type OrderShippingView = RouterOutputs['shipping']['forOrder'];
export type DeskView = RouterOutputs['shipping']['desk'];
export type BulkResult = RouterOutputs['shipping']['shipOrders'][number];
