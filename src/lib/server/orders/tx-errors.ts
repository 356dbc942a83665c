// What a failed unit of work means to the person who asked for it. Domain code commits
// through commitOrExplain; the tRPC layer then sends a clear message, never PocketBase's.
import { AppError } from '../errors';
import { TxFailure, type Committed, type UnitOfWork } from '../pocketbase/tx';

export function explainTxFailure(e: unknown): unknown {
  if (!(e instanceof TxFailure)) return e;
  switch (e.code) {
    case 'version_conflict': {
      const d = e.details;
      return new AppError('CONFLICT', 'orderflow.errors.changed_meanwhile', 'Someone else changed this order in the meantime. Nothing was saved; check the current state and try again.', {
        currentVersion: d.currentVersion,
        current: d.record
      });
    }
    case 'precondition_failed': {
      const d = e.details;
      return new AppError('CONFLICT', 'orderflow.errors.state_changed', `The ${String(d.field)} changed to ${String(d.actual)} in the meantime. Nothing was saved.`, {
        field: d.field,
        actual: d.actual
      });
    }
    case 'insufficient_stock': {
      const d = e.details;
      return new AppError('CONFLICT', 'orderflow.errors.not_enough', `Only ${String(d.available)} of ${String(d.name)} available.`, {
        product: d.product,
        sku: d.sku,
        name: d.name,
        available: d.available
      });
    }
    case 'not_found':
      return new AppError('NOT_FOUND', 'orders.not_found', 'This order does not exist.');
    default:
      return e;
  }
}

export async function commitOrExplain(uow: UnitOfWork): Promise<Committed> {
  try {
    return await uow.commit();
  } catch (e) {
    throw explainTxFailure(e);
  }
}
