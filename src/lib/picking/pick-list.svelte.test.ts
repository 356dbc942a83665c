// The pick list's logic with the network replaced: local checks, the queue, offline replay.
import { TRPCClientError } from '@trpc/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PackOrder } from '$lib/picking/api';

const api = vi.hoisted(() => ({ order: vi.fn(), pick: vi.fn(), undo: vi.fn() }));
vi.mock('$lib/trpc', async (original) => ({
  ...(await original<typeof import('$lib/trpc')>()),
  trpc: { pack: { order: { query: api.order }, pick: { mutate: api.pick }, undo: { mutate: api.undo }, identify: { query: async () => ({ name: '' }) } } }
}));
vi.mock('$lib/realtime/socket', () => ({ listen: () => () => {}, onConnectionChange: () => () => {} }));

const { LivePickList } = await import('./pick-list.svelte');
const { ScanQueue } = await import('./scan-queue.svelte');

const EARL = '04006381331005';
const ORDER: PackOrder = {
  order: { id: 'order0000000001', number: 1042, updated: '2026-01-01 10:00:00.000Z', shipToName: 'Anna', fulfilmentMethod: 'ship', fulfilmentStatus: 'picking', pickability: 'pickable' },
  lines: [
    { id: 'line00000000001', updated: '2026-01-01 10:00:00.000Z', product: 'p1', sku: 'TEA-EARL-200', name: 'Earl Grey', qty: 2, picked: 0, position: 0, bin: 'A-01-3', gtins: [EARL] },
    { id: 'line00000000002', updated: '2026-01-01 10:00:00.000Z', product: 'p2', sku: 'POT-GLAS-1L', name: 'Glass pot', qty: 1, picked: 0, position: 1, bin: 'B-01-1', gtins: [] }
  ],
  notes: [],
  activity: []
};

const offline = () => new TRPCClientError('Failed to fetch', { cause: new TypeError('Failed to fetch') });
const refusedOverPick = () =>
  new TRPCClientError('All units of this item are already picked.', {
    result: { error: { message: '', code: -32000, data: { httpStatus: 409, app: { key: 'pack.refused.over_pick', params: { name: 'Earl Grey', qty: 2, picked: 2 } } } } } as never
  });
function counted(scan: { clientScanId: string; lineId?: string; qty: number }, picked: number) {
  return { status: 'counted', pick: { id: `pick${scan.clientScanId.slice(0, 11)}`, updated: '', order_line: scan.lineId, qty: scan.qty, staff: 'me', staff_name: 'Me', undoes: '', client_scan_id: scan.clientScanId, created: '' }, line: { id: scan.lineId, picked, qty: 2 }, packed: false };
}

let queue: InstanceType<typeof ScanQueue>;
let list: InstanceType<typeof LivePickList>;

beforeEach(async () => {
  localStorage.clear();
  api.order.mockResolvedValue(structuredClone(ORDER));
  queue = new ScanQueue(localStorage);
  list = new LivePickList(ORDER.order.id, { id: 'me', name: 'Me' }, queue);
  await list.start();
});
afterEach(() => {
  list.destroy();
  vi.clearAllMocks();
  vi.useRealTimers();
});

describe('LivePickList', () => {
  it('keeps a pick counted when its live event arrives before its line update (F15, F17: batch sorting)', async () => {
    api.pick.mockImplementation(() => new Promise(() => {})); // the confirmation is still on its way
    list.scan('4006381331005');
    const scan = queue.items[0];
    expect(list.shown[0].picked).toBe(1);
    // the pick's record event comes first; the line's new count follows in its own event
    list.apply({ room: `order:${ORDER.order.id}`, collection: 'picks', action: 'create', record: { id: 'pick00000000001', updated: '2026-01-01 10:00:01.000Z', order_line: scan.lineId, qty: 1, client_scan_id: scan.clientScanId } } as never);
    expect(queue.items).toHaveLength(0);
    expect(list.shown[0].picked).toBe(1);
    list.apply({ room: `order:${ORDER.order.id}`, collection: 'order_lines', action: 'update', record: { id: scan.lineId, updated: '2026-01-01 10:00:01.000Z', picked: 1, qty: 2 } } as never);
    expect(list.shown[0].picked).toBe(1);
  });

  it('a fetch that overlapped a confirmed pick is fetched again, never shown stale (F15)', async () => {
    let answer: (d: PackOrder) => void = () => {};
    api.order.mockImplementationOnce(() => new Promise((r) => (answer = r)));
    const refetch = list.refetch(); // on its way: it will answer without the pick below
    api.pick.mockImplementation(async (input) => counted(input, 1));
    list.scan('4006381331005');
    await vi.waitFor(() => expect(queue.items).toHaveLength(0));
    api.order.mockResolvedValue({ ...structuredClone(ORDER), lines: ORDER.lines.map((l, i) => (i === 0 ? { ...l, picked: 1, updated: '2026-01-01 10:00:01.000Z' } : l)) });
    answer(structuredClone(ORDER)); // stale: picked 0
    await refetch;
    expect(list.shown[0].picked).toBe(1);
  });

  it('sends a matching scan as a pick of its line and shows the server count', async () => {
    api.pick.mockImplementation(async (input) => counted(input, 1));
    list.scan('4006381331005'); // EAN-13 as scanned; the line knows the GTIN-14
    await vi.waitFor(() => expect(queue.items).toHaveLength(0));
    expect(api.pick).toHaveBeenCalledWith(expect.objectContaining({ orderId: ORDER.order.id, lineId: 'line00000000001', code: EARL, qty: 1 }));
    expect(list.shown[0].picked).toBe(1);
    expect(list.feedback).toMatchObject({ kind: 'ok', message: 'Earl Grey: 1 of 2' });
  });

  it('refuses at once, without asking the server: wrong item, misread code, over-pick', () => {
    list.scan('4006381331012');
    expect(list.feedback).toMatchObject({ kind: 'refused', message: 'Unknown code 04006381331012: not on this order.' });
    expect(list.feedback?.expected).toBe('Still to pick: 2 × Earl Grey (A-01-3), 1 × Glass pot (B-01-1)');
    list.scan('4006381331006');
    expect(list.feedback?.message).toBe('Misread code 4006381331006 (the last digit should be 5). Scan it again.');
    list.nextQty = 3;
    list.scan('TEA-EARL-200');
    expect(list.feedback?.message).toBe('Too many: all 2 × Earl Grey are already picked.');
    expect(api.pick).not.toHaveBeenCalled();
    expect(queue.items).toHaveLength(0);
  });

  it('offline: keeps scanning against the lines it has, keeps the scans (also for a reload) and replays each once, in order', async () => {
    api.pick.mockRejectedValue(offline());
    list.scan(EARL);
    list.scan('POT-GLAS-1L');
    list.scan(EARL);
    await vi.waitFor(() => expect(queue.sending).toBe(false));
    expect(list.shown.map((l) => [l.picked, l.pending])).toEqual([[2, 2], [1, 1]]);
    list.scan(EARL); // a third unit is refused locally
    expect(list.feedback?.kind).toBe('refused');
    expect(queue.items).toHaveLength(3);

    // a reload: a new queue reads the same storage
    const reloaded = new ScanQueue(localStorage);
    expect(reloaded.items.map((s) => s.code)).toEqual([EARL, 'POT-GLAS-1L', EARL]);

    api.pick.mockReset();
    let picked = 0;
    api.pick.mockImplementation(async (input) => counted(input, ++picked));
    await reloaded.flush(async (scan) => {
      await api.pick(scan);
      return { status: 'done' };
    });
    const sent = api.pick.mock.calls.map(([s]) => s.clientScanId);
    expect(sent).toEqual(queue.items.map((s) => s.clientScanId));
    expect(new Set(sent).size).toBe(3);
    expect(reloaded.items).toHaveLength(0);
  });

  it('a replayed scan the server refuses (someone took the last unit) is shown to the packer', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    api.pick.mockRejectedValue(offline());
    list.scan(EARL);
    await vi.waitFor(() => expect(queue.sending).toBe(false));
    vi.setSystemTime(Date.now() + 60_000); // back online a minute later
    api.pick.mockReset();
    api.pick.mockRejectedValue(refusedOverPick());
    const { sendScan } = await import('./connection.svelte');
    await queue.flush(sendScan);
    expect(queue.items).toHaveLength(0);
    expect(queue.refusals).toEqual([expect.objectContaining({ message: 'Too many: all 2 × Earl Grey are already picked.', scan: expect.objectContaining({ orderNumber: 1042, label: 'Earl Grey' }) })]);
    expect(list.feedback).toMatchObject({ kind: 'refused', message: 'Too many: all 2 × Earl Grey are already picked.' });
  });

  it('undo takes back a scan that never left the tablet without telling the server', async () => {
    api.pick.mockRejectedValue(offline());
    list.scan(EARL);
    await vi.waitFor(() => expect(queue.sending).toBe(false));
    await list.undo();
    expect(queue.items).toHaveLength(0);
    expect(list.shown[0].picked).toBe(0);
    expect(api.undo).not.toHaveBeenCalled();
    expect(list.feedback).toMatchObject({ kind: 'info', message: 'Taken back: Earl Grey' });
  });

  it('undo of a counted scan sends a negative pick naming it', async () => {
    api.pick.mockImplementation(async (input) => counted(input, 1));
    list.scan(EARL);
    await vi.waitFor(() => expect(queue.items).toHaveLength(0));
    api.undo.mockImplementation(async (input) => ({ ...counted({ ...input, lineId: 'line00000000001', qty: -1 }, 0) }));
    await list.undo();
    await vi.waitFor(() => expect(api.undo).toHaveBeenCalledTimes(1));
    expect(api.undo.mock.calls[0][0]).toMatchObject({ orderId: ORDER.order.id, pickId: list.activity[0].id });
  });
});
