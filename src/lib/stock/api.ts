// The stock page's API types, as the router returns them (never imported from server code).
import type { RouterOutputs } from '$lib/trpc';

export type StockRow = RouterOutputs['stock']['list'][number];
export type Holder = RouterOutputs['stock']['holders'][number];
