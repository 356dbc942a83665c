// The demo shop's return (#1028, F39/F40): the seed (scripts/lib/demo-data.js) cannot run the
// app's TypeScript, so it ships and pays the order and lists the return in `demo_seed.returns`;
// the app records and receives it here, through the returns code, when it starts in demo mode.
// Idempotent: the return's key makes it once, a received return is not received again. The
// returned goods are then credited and refunded by bank transfer through the refunds code
// (F41), once: an order that has a credit note is left alone.
import { collection, filterValue } from '../pocketbase/client';
import { demoMode } from '../sandbox';
import { getReturn, loadReturnContext } from './queries';
import { receiveReturn } from './receive';
import { createReturn } from './request';
import { AppError } from '../errors';
import { creditNotesOf, issueCreditNote } from '../refunds/credit-notes';
import { startRefund } from '../refunds/refunds';

interface PlannedReturn {
  order: string;
  key: string;
  receivedBy: string;
}

export async function settleDemoReturns(): Promise<number> {
  if (!demoMode()) return 0;
  const found = await collection('settings').getList<{ value: { returns?: PlannedReturn[] } }>(1, 1, { filter: `key = ${filterValue('demo_seed')}` });
  const planned = found.items[0]?.value?.returns ?? [];
  let done = 0;
  for (const p of planned) {
    const ctx = await loadReturnContext(p.order).catch(() => null);
    if (!ctx) continue;
    const lines = ctx.lines.filter((l) => l.shipped - l.returned > 0).map((l) => ({ lineId: l.id, qty: l.shipped - l.returned, reason: 'no_longer_needed' as const }));
    const existing = ctx.returns.find((r) => r.key === p.key);
    if (!existing && lines.length === 0) continue;
    const made = existing ? { returnId: existing.id } : await createReturn({ orderId: p.order, key: p.key, lines }, { source: 'customer', actorLabel: 'customer' });
    const ret = await getReturn(made.returnId);
    const mine = await collection('return_lines').getFullList<{ id: string; qty: number; order_line: string }>({ filter: `return = ${filterValue(ret.id)}` });
    if (ret.status === 'requested') {
      await receiveReturn({ returnId: ret.id, version: ret.version, lines: mine.map((l) => ({ returnLineId: l.id, restock: l.qty, writeoff: 0, inspect: 0 })) }, p.receivedBy);
      done++;
    }
    await refundDemoReturn(p, mine);
  }
  return done;
}

/** The demo return's credit note and bank refund, made by the refunds code once. */
async function refundDemoReturn(p: PlannedReturn, lines: { qty: number; order_line: string }[]) {
  if (lines.length === 0 || (await creditNotesOf(p.order)).length > 0) return;
  // a shop without seller details (documents settings) gets no credit note: said, nothing more
  const note = await issueCreditNote({ orderId: p.order, lines: lines.map((l) => ({ lineId: l.order_line, qty: l.qty })), reason: 'Returned by the customer' }, p.receivedBy).catch((e: unknown) => {
    if (e instanceof AppError) return console.warn(`[demo returns] no credit note for the demo return: ${e.message}`);
    throw e;
  });
  if (!note) return;
  await startRefund({ orderId: p.order, amountCents: note.totalCents, method: 'bank_transfer', reference: `Refund ${note.number}`, creditNoteId: note.id, reason: 'Returned by the customer' }, p.receivedBy);
}
