// The packing tablet's API types, as the router returns them (never imported from server code).
import type { RouterOutputs } from '$lib/trpc';

export type PackOrderSummary = RouterOutputs['pack']['queue'][number];
export type PackOrder = RouterOutputs['pack']['order'];
export type PackLine = PackOrder['lines'][number];
export type PackNote = PackOrder['notes'][number];
export type PackActivity = PackOrder['activity'][number];
export type Pickability = PackOrder['order']['pickability'];
export type PickResult = RouterOutputs['pack']['pick'];
export type Batch = RouterOutputs['pack']['batch'];
export type BatchTote = Batch['totes'][number];
export type BatchItem = Batch['items'][number];
