// The stock moves the domains make, as verbs that add to the caller's unit of work. Each
// writes one `stock` op (pocketbase/tx.ts): the product's on_hand/reserved change and its
// ledger row commit together with the rest of the unit, or not at all.
import type { Step, StockReason, StockResult, UnitOfWork } from '../pocketbase/tx';
import { queueWebhook } from '../webhooks/events';

/**
 * Every move that changes what is on the shelf or what is available (F43 `stock.changed`),
 * in the move's own unit of work; nothing is written when no endpoint listens.
 */
function stockChanged(uow: UnitOfWork, product: string, delta: { delta_on_hand?: number; delta_reserved?: number }, reason: StockReason, order?: string) {
  const { delta_on_hand = 0, delta_reserved = 0 } = delta;
  queueWebhook(uow, { type: 'stock.changed', data: { product_id: product, delta_on_hand, delta_reserved, delta_available: delta_on_hand - delta_reserved, reason, ...(order ? { order_id: order } : {}) } });
}

/** the ledger row and its event */
function move(uow: UnitOfWork, product: string, delta: { delta_on_hand?: number; delta_reserved?: number }, reason: StockReason, ctx: MoveContext): Result {
  const step = uow.stock({ product, ...delta, reason, ...ctx });
  stockChanged(uow, product, delta, reason, ctx.order);
  return step;
}

/** What a move is about: the order and line it serves, who made it, why. */
export interface MoveContext {
  order?: string;
  order_line?: string;
  actor?: string;
  /** at most 500 characters (the engine refuses longer) */
  note?: string;
  /** preconditions on the product, e.g. the price the order was priced with */
  expect?: Record<string, unknown>;
}

interface Move extends MoveContext {
  product: string;
  /** units, never negative */
  qty: number;
}

type Result = Step<StockResult>;

/** Sets units aside for an order: available goes down, on_hand stays. */
export function reserve(uow: UnitOfWork, m: Move & { reason: Extract<StockReason, 'order_placed' | 'order_amended' | 'exchange' | 'hold_renewed'> }): Result {
  const { product, qty, reason, ...ctx } = m;
  return move(uow, product, { delta_reserved: qty }, reason, ctx);
}

/** Gives reserved units back (a cancelled order or line, a smaller amendment). */
export function release(uow: UnitOfWork, m: Move & { reason: Extract<StockReason, 'order_cancelled' | 'line_cancelled' | 'order_amended' | 'exchange' | 'hold_expired'> }): Result {
  const { product, qty, reason, ...ctx } = m;
  return move(uow, product, { delta_reserved: -qty }, reason, ctx);
}

/**
 * Moves a reservation by `delta` units either way, for an amendment (more: reserve, fewer:
 * release) in one ledger row, as the order's reason says.
 */
export function changeReservation(uow: UnitOfWork, m: Omit<Move, 'qty'> & { delta: number; reason: StockReason }): Result {
  const { product, delta, reason, ...ctx } = m;
  return move(uow, product, { delta_reserved: delta }, reason, ctx);
}

/** Reserved units leave the building (a parcel, a collection at the counter). */
export function ship(uow: UnitOfWork, m: Move): Result {
  const { product, qty, ...ctx } = m;
  return move(uow, product, { delta_on_hand: -qty, delta_reserved: -qty }, 'shipped', ctx);
}

/** Units come onto the shelf: first stock, a supplier delivery (`received`, goods in), a return put back for sale. */
export function receive(uow: UnitOfWork, m: Move & { reason: Extract<StockReason, 'initial' | 'adjustment' | 'returned_restock' | 'received'> }): Result {
  const { product, qty, reason, ...ctx } = m;
  return move(uow, product, { delta_on_hand: qty }, reason, ctx);
}

/** Corrects on_hand by `delta` either way; refused if it would take availability below zero. */
export function adjust(uow: UnitOfWork, m: Omit<Move, 'qty'> & { delta: number }): Result {
  const { product, delta, ...ctx } = m;
  return move(uow, product, { delta_on_hand: delta }, 'adjustment', ctx);
}

/** A shelf count: on_hand becomes what was counted (`delta` = counted - on_hand read before). */
export function shelfCount(uow: UnitOfWork, m: Omit<Move, 'qty'> & { delta: number }): Result {
  const { product, delta, ...ctx } = m;
  return move(uow, product, { delta_on_hand: delta }, 'shelf_count', ctx);
}

/**
 * Returned units that are not sold again (F39/F40): they left on_hand when they shipped and
 * never come back onto it, so the ledger row moves nothing (stock still equals the ledger);
 * it records the write-off and its units in the note.
 */
export function writeOffReturned(uow: UnitOfWork, m: Move): Result {
  const { product, qty, note, ...ctx } = m;
  const units = `${qty} returned unit${qty === 1 ? '' : 's'} written off`;
  return uow.stock({ product, delta_on_hand: 0, reason: 'returned_writeoff', note: note ? `${units}: ${note}`.slice(0, 500) : units, ...ctx });
}
