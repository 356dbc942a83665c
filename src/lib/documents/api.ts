// The document settings' API types, as the router returns them.
import type { RouterOutputs } from '$lib/trpc';

export type SellerDetails = RouterOutputs['documents']['seller'];
