// Integrations' API types, as the router returns them (F43).
import type { RouterOutputs } from '$lib/trpc';

export type ApiKeyView = RouterOutputs['integrations']['keys'][number];
export type EndpointView = RouterOutputs['integrations']['endpoints'][number];
export type DeliveryView = RouterOutputs['integrations']['deliveries']['items'][number];
