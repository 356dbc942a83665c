// Tablet management's API types, as the router returns them.
import type { RouterOutputs } from '$lib/trpc';

export type DeviceView = RouterOutputs['devices']['list']['devices'][number];
