// The customers domain's API types, as the router returns them (never imported from server code).
import type { RouterInputs, RouterOutputs } from '$lib/trpc';

export type CustomerList = RouterOutputs['customers']['list'];
export type CustomerListItem = CustomerList['items'][number];
export type CustomerPage = RouterOutputs['customers']['get'];
export type CustomerOrders = RouterOutputs['customers']['orders'];
export type MergePreview = RouterOutputs['customers']['mergePreview'];
export type CustomerUpdate = RouterInputs['customers']['update'];
