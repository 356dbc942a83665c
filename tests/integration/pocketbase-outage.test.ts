import { afterAll, beforeAll, expect, it } from 'vitest';
import { startPocketBase } from '../../scripts/lib/pocketbase.js';
import { pb } from '../../src/lib/server/pocketbase/client';
import { createOrder, createStaff } from '../support/factories';
import { signedInCaller } from '../support/caller';
import { usePocketBase } from '../support/pocketbase';
import { connected, join, nextRecord, startSocketServer } from '../support/realtime';

const env = usePocketBase();
let server: Awaited<ReturnType<typeof startSocketServer>>;

beforeAll(async () => {
  server = await startSocketServer();
});
afterAll(() => server.stop());

function killPocketBase() {
  const child = env.pb!.child;
  return new Promise<void>((r) => {
    child.once('exit', () => r());
    child.kill('SIGKILL');
  });
}

it('answers 503 while PocketBase is down, then recovers, relay included', async () => {
  const { staff, password } = await createStaff('office');
  const office = await signedInCaller(staff.email, password);
  const { order } = await createOrder();
  const s = server.connect(office.token);
  await connected(s);
  await join(s, `order:${order.id}`);

  await killPocketBase();
  await expect(office.caller.orders.get({ id: order.id })).rejects.toMatchObject({
    code: 'SERVICE_UNAVAILABLE',
    message: expect.stringMatching(/not reachable/)
  });

  const resync = new Promise<void>((r) => s.once('resync', () => r()));
  const port = Number(new URL(env.pb!.url).port);
  const restarted = await startPocketBase({ bin: process.env.POCKETBASE_BIN!, dataDir: env.pb!.dataDir, port });
  try {
    await resync; // the relay saw the gap and told screens to refetch

    expect((await office.caller.orders.get({ id: order.id })).order.id).toBe(order.id);
    const arrives = nextRecord(s, (e) => e.collection === 'order_notes', 5000);
    await pb().collection('order_notes').create({ order: order.id, body: 'after the outage', visibility: 'internal' });
    expect((await arrives).record.body).toBe('after the outage');
  } finally {
    await restarted.stop();
  }
}, 30_000);
