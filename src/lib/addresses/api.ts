// The address screens' API types, as the router returns them (never imported from server code).
import type { RouterInputs, RouterOutputs } from '$lib/trpc';

export type EditAddressInput = RouterInputs['addresses']['edit'];
export type EditAddressResult = RouterOutputs['addresses']['edit'];
export type DeskAddressCheck = RouterOutputs['shipping']['desk']['ready'][number]['addressCheck'];
export type CustomerOrders = RouterOutputs['orders']['customerOrders'];
