// A shelf count (F05): the person counted `counted` units; the difference to what Packbench
// thinks is on the shelf becomes one `shelf_count` movement with the reason they gave.
import { AppError } from '../errors';
import { TxFailure, UnitOfWork } from '../pocketbase/tx';
import { getProduct } from './overview';
import { shelfCount } from './moves';

export interface ShelfCountInput {
  productId: string;
  counted: number;
  /** what the screen showed as on the shelf: if it changed meanwhile, count again */
  expectedOnHand: number;
  reason: string;
}

const belowReserved = (name: string, counted: number, reserved: number) =>
  new AppError('CONFLICT', 'stock.errors.below_reserved', `${counted} counted, but open orders hold ${reserved} of ${name}. Check the count, or cancel or amend those orders first.`, {
    name,
    counted,
    reserved
  });

export async function recordShelfCount(input: ShelfCountInput, actorId: string) {
  const p = await getProduct(input.productId);
  if (p.on_hand !== input.expectedOnHand) {
    throw new AppError('CONFLICT', 'stock.errors.changed_meanwhile', `The stock of ${p.name} changed while you counted (now ${p.on_hand} on the shelf). Count again.`, {
      name: p.name,
      onHand: p.on_hand
    });
  }
  if (input.counted < p.reserved) throw belowReserved(p.name, input.counted, p.reserved);
  const uow = new UnitOfWork();
  // the count is absolute: refuse it if a shipment or another count moved the shelf meanwhile
  uow.update('products', p.id, {}, { expect: { on_hand: p.on_hand } });
  const moved = shelfCount(uow, { product: p.id, delta: input.counted - p.on_hand, actor: actorId, note: input.reason });
  try {
    const done = await uow.commit();
    return done.value(moved);
  } catch (e) {
    if (e instanceof TxFailure && e.code === 'precondition_failed') {
      throw new AppError('CONFLICT', 'stock.errors.changed_meanwhile', `The stock of ${p.name} changed while you counted. Count again.`, { name: p.name, onHand: e.details.actual });
    }
    if (e instanceof TxFailure && e.code === 'insufficient_stock') throw belowReserved(p.name, input.counted, Number(e.details.reserved));
    throw e;
  }
}
