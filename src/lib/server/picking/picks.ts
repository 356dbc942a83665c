// Picks are server-authoritative (F13, F15, F16): a `picks` row and a bounded increment of
// order_lines.picked in ONE unit of work. The client's scan id is unique, so a scan replayed
// after a dropped connection counts once; the increment is bounded by the line's quantity, so
// two tablets scanning the last unit at the same moment never over-pick.
import { isComplete, matchScan } from '$lib/picking/match';
import { AppError } from '../errors';
import { collection, filterValue, isNotFound } from '../pocketbase/client';
import type { OrderRecord } from '../pocketbase/records';
import { TxFailure, UnitOfWork, type Committed } from '../pocketbase/tx';
import { packWhenComplete, requirePicking } from './fulfilment';
import { notPickable, refusal, refuseUnlessPickable } from './refusals';
import { forgetOrder, orderSnapshot, rememberPick, type OrderSnapshot } from './order-snapshots';
import { getOrderForPacking, packActivity, packLines, pickability, type PackActivity, type PackLine } from './views';

export interface PickActor {
  staffId: string;
  name: string;
  /** the registered tablet, empty for a password session */
  deviceId: string;
}

export interface PickInput {
  orderId: string;
  /** what was scanned; the server matches it again */
  code?: string;
  /** a line chosen by hand (bulk quantity, batch sorting); must fit `code` when both are sent */
  lineId?: string;
  qty: number;
  clientScanId: string;
}

export interface PickResult {
  status: 'counted' | 'duplicate';
  pick: PackActivity;
  line: { id: string; picked: number; qty: number };
  /** true when this pick completed the order and it moved to packed */
  packed: boolean;
}

type PickRecord = Parameters<typeof packActivity>[0];

async function findPick(clientScanId: string): Promise<PickRecord | null> {
  const found = await collection('picks').getList(1, 1, { filter: `client_scan_id = ${filterValue(clientScanId)}`, expand: 'staff', skipTotal: true });
  return found.items[0] ?? null;
}

async function duplicate(existing: PickRecord): Promise<PickResult> {
  const line = await collection('order_lines').getOne<{ id: string; picked: number; qty: number }>(existing.order_line, { fields: 'id,picked,qty' });
  return { status: 'duplicate', pick: packActivity(existing), line: { id: line.id, picked: line.picked, qty: line.qty }, packed: false };
}

/** The catalogue name behind a scanned code, to say what was scanned (empty when unknown). */
export async function productName(code: string): Promise<string> {
  const found = await collection('products').getList(1, 1, { filter: `gtins ~ ${filterValue(code)} || sku = ${filterValue(code)}`, fields: 'name', skipTotal: true });
  return found.items[0]?.name ?? '';
}

async function resolveLine(input: PickInput, lines: PackLine[]): Promise<PackLine> {
  if (input.lineId && !input.code) {
    const line = lines.find((l) => l.id === input.lineId);
    if (!line) throw refusal('line_gone');
    return line;
  }
  const m = matchScan(input.code ?? '', input.lineId ? lines.filter((l) => l.id === input.lineId) : lines, input.qty);
  switch (m.kind) {
    case 'line':
    case 'over-pick':
      return m.line;
    case 'bad-check-digit':
      throw refusal('bad_check_digit', { code: m.code, expected: m.expected });
    default:
      throw refusal('not_on_order', { code: m.code, product: await productName(m.code) });
  }
}

/**
 * Counts one scan (or `qty` units of a bulk item) on an order's line. The usual scan goes
 * straight to its unit of work on the order as this server last saw it; anything that
 * would be refused, or that the transaction refuses, is decided again on fresh reads.
 */
export async function recordPick(input: PickInput, actor: PickActor): Promise<PickResult> {
  const snap = await orderSnapshot(input.orderId);
  const line = pickableLine(input, snap);
  if (line) {
    try {
      return await commitPick(snap.order, line, input, actor);
    } catch (e) {
      if (!(e instanceof TxFailure)) throw e;
    }
  }
  return recordPickOnFreshReads(input, actor);
}

/** The line a scan counts on when the snapshot says it may, else null (decide on fresh reads). */
function pickableLine(input: PickInput, snap: OrderSnapshot): PackLine | null {
  if (pickability(snap.order) !== 'pickable') return null;
  const lines = input.lineId ? snap.lines.filter((l) => l.id === input.lineId) : snap.lines;
  if (!input.code) return lines[0] && lines[0].picked + input.qty <= lines[0].qty ? lines[0] : null;
  const m = matchScan(input.code, lines, input.qty);
  return m.kind === 'line' ? m.line : null;
}

async function recordPickOnFreshReads(input: PickInput, actor: PickActor): Promise<PickResult> {
  const [existing, snap] = await Promise.all([findPick(input.clientScanId), orderSnapshot(input.orderId, true)]);
  if (existing) return duplicate(existing);
  refuseUnlessPickable(snap.order);
  const line = await resolveLine(input, snap.lines);
  if (line.picked + input.qty > line.qty) throw refusal('over_pick', { name: line.name, qty: line.qty, picked: line.picked });
  try {
    return await commitPick(snap.order, line, input, actor);
  } catch (e) {
    if (!(e instanceof TxFailure)) throw e;
    forgetOrder(input.orderId);
    const raced = await findPick(input.clientScanId);
    if (raced) return duplicate(raced); // the same scan arrived twice at once
    throw explainPickFailure(e, line);
  }
}

async function commitPick(order: OrderRecord, line: PackLine, input: PickInput, actor: PickActor): Promise<PickResult> {
  const uow = new UnitOfWork();
  requirePicking(uow, order, actor.staffId);
  const pick = uow.create('picks', {
    order: order.id,
    order_line: line.id,
    qty: input.qty,
    code: (input.code ?? '').slice(0, 100),
    staff: actor.staffId,
    device: actor.deviceId,
    client_scan_id: input.clientScanId
  });
  const pickedStep = uow.increment('order_lines', line.id, 'picked', input.qty, { maxField: 'qty' });
  const done = await uow.commit();
  const picked = done.value(pickedStep);
  rememberPick(order.id, line.id, picked);
  const packed = picked === line.qty ? await packIfComplete(order.id, actor.staffId) : false;
  return counted(done.id(pick), picked, line, input.qty, '', input.clientScanId, actor, packed);
}

/** What a committed pick (or undo) answers: the new pick's id and the line's picked count. */
function counted(pickId: string, picked: number, line: PackLine, qty: number, undoes: string, clientScanId: string, actor: PickActor, packed: boolean): PickResult {
  const now = new Date().toISOString();
  return {
    status: 'counted',
    pick: { id: pickId, updated: now, order_line: line.id, qty, staff: actor.staffId, staff_name: actor.name, undoes, client_scan_id: clientScanId, created: now },
    line: { id: line.id, picked, qty: line.qty },
    packed
  };
}

export function explainPickFailure(e: TxFailure, line: Pick<PackLine, 'name' | 'qty'>): unknown {
  const record = ('record' in e.details ? e.details.record : {}) as Partial<OrderRecord> & { picked?: number };
  if (e.code === 'out_of_range') return refusal('over_pick', { name: line.name, qty: line.qty, picked: record.picked ?? line.qty });
  if (e.code === 'not_found') return refusal('line_gone');
  if (e.code === 'precondition_failed' && record.status) return notPickable(record as OrderRecord) ?? refusal('order_not_ready');
  return e;
}

/** After the last unit: picking -> packed, if every line is (still) complete. Races are fine. */
export async function packIfComplete(orderId: string, actor: string): Promise<boolean> {
  const [order, lines] = await Promise.all([getOrderForPacking(orderId), packLines(orderId)]);
  if (order.fulfilment_status !== 'picking' || !isComplete(lines)) return false;
  const uow = new UnitOfWork();
  packWhenComplete(uow, order, lines, actor);
  try {
    await uow.commit();
    forgetOrder(orderId);
    return true;
  } catch (e) {
    if (e instanceof TxFailure) return false; // another tablet packed it, or an undo came first
    throw e;
  }
}

export interface UndoInput {
  orderId: string;
  /** the pick to take back */
  pickId: string;
  clientScanId: string;
}

/** Takes a pick back with a negative pick (bounded at 0), at most once per pick. */
export async function undoPick(input: UndoInput, actor: PickActor): Promise<PickResult> {
  const existing = await findPick(input.clientScanId);
  if (existing) return duplicate(existing);
  let original: PickRecord;
  try {
    original = await collection('picks').getOne(input.pickId);
  } catch (e) {
    if (isNotFound(e)) throw refusal('undo_unknown');
    throw e;
  }
  if (original.order !== input.orderId || original.qty <= 0) throw refusal('undo_unknown');
  return commitUndo(original, input, actor, true);
}

const isUndone = async (pickId: string) => (await collection('picks').getList(1, 1, { filter: `undoes = ${filterValue(pickId)}`, skipTotal: true })).items.length > 0;

async function commitUndo(original: PickRecord, input: UndoInput, actor: PickActor, mayRetry: boolean): Promise<PickResult> {
  if (await isUndone(original.id)) throw refusal('already_undone');
  const [order, lines] = await Promise.all([getOrderForPacking(input.orderId), packLines(input.orderId)]);
  // the last unit's undo reopens a packed order; anything further along stays as it is
  if (order.fulfilment_status !== 'packed' || order.status !== 'placed' || order.payment_status !== 'paid') refuseUnlessPickable(order);
  const line = lines.find((l) => l.id === original.order_line);
  if (!line) throw refusal('line_gone');

  const uow = new UnitOfWork();
  requirePicking(uow, order, actor.staffId);
  const pick = uow.create('picks', {
    order: order.id,
    order_line: line.id,
    qty: -original.qty,
    code: original.code ?? '',
    staff: actor.staffId,
    device: actor.deviceId,
    client_scan_id: input.clientScanId,
    undoes: original.id
  });
  const pickedStep = uow.increment('order_lines', line.id, 'picked', -original.qty, { min: 0 });
  let done: Committed;
  try {
    done = await uow.commit();
  } catch (e) {
    if (!(e instanceof TxFailure)) throw e;
    const raced = await findPick(input.clientScanId);
    if (raced) return duplicate(raced);
    if (await isUndone(original.id)) throw refusal('already_undone');
    if (e.code === 'precondition_failed' && mayRetry && e.details.field === 'fulfilment_status') return commitUndo(original, input, actor, false);
    throw explainPickFailure(e, line);
  }
  forgetOrder(order.id);
  return counted(done.id(pick), done.value(pickedStep), line, -original.qty, original.id, input.clientScanId, actor, false);
}
