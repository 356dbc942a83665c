// Why a requested order line cannot be served, as the server reports it (error params of a
// refused checkout or amendment) and the screens name it per line.

/**
 * already_picked: `available` is how many were picked or shipped, the least the line can keep;
 * over_limit: `available` is the most a web order may hold of one product (issue #12, finding 3)
 */
export type LineProblemKind = 'unknown' | 'inactive' | 'not_enough' | 'already_picked' | 'over_limit';

export interface LineProblem {
  productId: string;
  problem: LineProblemKind;
  sku: string;
  name: string;
  requested: number;
  available: number;
}
