// The shop front's API types, as the router returns them.
import type { RouterOutputs } from '$lib/trpc';

export type ShopFront = RouterOutputs['shop']['products'];
export type ShopProduct = ShopFront['products'][number];
export type ShippingRule = ShopFront['shipping'];
export type PaymentOptions = ShopFront['payment'];
export type OrderSummary = RouterOutputs['shop']['placeOrder'];
