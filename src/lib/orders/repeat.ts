// F30 repeat orders: a line of the original order the repeat draft cannot serve as it was,
// kept on the draft (orders.repeat_problems) so the office sees it; never silently dropped.
export interface RepeatProblem {
  /** the original line's product (may no longer exist) */
  productId: string;
  sku: string;
  name: string;
  /** units on the original order */
  qty: number;
  /** missing: the product is gone; archived: no longer sold; not_enough: in the draft, but only `available` in stock now */
  problem: 'missing' | 'archived' | 'not_enough';
  available: number;
}
