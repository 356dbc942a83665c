// F39/F40: the shapes of the `returns` and `return_lines` records (pb_migrations/1765100000_returns.js).
import type { Disposition, ReturnReason, ReturnSource, ReturnStatus } from '$lib/returns/reasons';

interface Base {
  id: string;
  created: string;
  updated: string;
}

export interface ReturnRecord extends Base {
  order: string;
  status: ReturnStatus;
  source: ReturnSource;
  key: string;
  note: string;
  units: number;
  version: number;
  created_by: string;
  received_by: string;
  received_at: string;
  closed_at: string;
  cancelled_at: string;
  /** a return label bought through the courier (./label.ts); '' when none */
  label_courier: string;
  label_carrier: string;
  label_tracking_number: string;
  label_courier_ref: string;
  label_created_at: string;
  label_weight_g?: number;
}

export interface ReturnLineRecord extends Base {
  return: string;
  order: string;
  order_line: string;
  product: string;
  sku: string;
  name: string;
  qty: number;
  reason: ReturnReason;
  reason_note: string;
  restocked: number;
  written_off: number;
  to_inspect: number;
}

declare module '$lib/server/pocketbase/collections' {
  interface Collections {
    returns: ReturnRecord;
    return_lines: ReturnLineRecord;
  }
}

/** Units of a line by what happens to them once received. */
export type Split = Record<Disposition, number>;
