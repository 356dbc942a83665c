// The catalogue's API types, as the router returns them (never imported from server code).
import type { RouterOutputs } from '$lib/trpc';

export type ProductList = RouterOutputs['catalogue']['list'];
export type ProductView = RouterOutputs['catalogue']['get'];
