// The after-sales screens' API types, as the router returns them (never imported from server code).
import type { RouterInputs, RouterOutputs } from '$lib/trpc';

export type AfterSalesView = RouterOutputs['refunds']['forOrder'];
export type CreditNoteView = AfterSalesView['creditNotes'][number];
export type RefundView = AfterSalesView['refunds'][number];
export type SurchargeView = AfterSalesView['surcharges'][number];
export type AfterSalesLine = AfterSalesView['lines'][number];
export type CreditNoteInputRequest = RouterInputs['refunds']['issueCreditNote'];
export type RefundInputRequest = RouterInputs['refunds']['refund'];
export type SurchargeInputRequest = RouterInputs['refunds']['addSurcharge'];
