// The customer's tracking page data, as the router returns it.
import type { RouterOutputs } from '$lib/trpc';

export type TrackingView = RouterOutputs['track']['get'];
