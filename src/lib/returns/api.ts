// F39/F40: the returns API's types, taken from the router (no screen imports server code).
import type { RouterInputs, RouterOutputs } from '$lib/trpc';

export type ReturnsView = RouterOutputs['returns']['forOrder'];
export type ReturnView = ReturnsView['returns'][number];
export type ReturnableLine = ReturnsView['lines'][number];
export type CreateReturnInput = RouterInputs['returns']['create'];
export type CustomerReturnOptions = RouterOutputs['returns']['trackOptions'];
