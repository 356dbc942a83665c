// The payment screens' API types, as the router returns them.
import type { RouterOutputs } from '$lib/trpc';

export type PaymentQueuePage = RouterOutputs['payments']['queue'];
export type PaymentQueueOrder = PaymentQueuePage['items'][number];
export type PaymentView = RouterOutputs['payments']['forOrder']['payments'][number];
export type MarkPaidResult = RouterOutputs['payments']['markPaid'];
export type StatementReview = RouterOutputs['payments']['importStatement'];
export type PaymentSettings = RouterOutputs['payments']['settings']['settings'];
export type CheckoutView = RouterOutputs['payments']['checkout']['open'];
