// Why a requested order line cannot be served, as the server reports it (error params of a
// refused checkout or amendment) and the screens name it per line.

/** already_picked: `available` is how many were picked or shipped, the least the line can keep */
export type LineProblemKind = 'unknown' | 'inactive' | 'not_enough' | 'already_picked';

export interface LineProblem {
  productId: string;
  problem: LineProblemKind;
  sku: string;
  name: string;
  requested: number;
  available: number;
}
