// Courier notifications (F19) through the real webhook handler on a local HTTP server: the
// sandbox courier's signed events, forged and replayed ones, late ones, unknown parcels, and
// the sandbox schedule that drives a parcel to "delivered" by itself.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pb } from '../../src/lib/server/pocketbase/client';
import type { OrderEventRecord } from '../../src/lib/server/pocketbase/records';
import { configureShipping, resetShippingConfig } from '../../src/lib/server/shipping/config';
import { SANDBOX_SIGNATURE_HEADER, signSandbox, type SandboxNotification } from '../../src/lib/server/shipping/couriers/sandbox';
import { sandboxTick, startSandboxCourier } from '../../src/lib/server/shipping/couriers/sandbox-scheduler';
import { handOver } from '../../src/lib/server/shipping/labels';
import { forgetCourierSettings, sandboxSecret, saveCourierSettings } from '../../src/lib/server/shipping/settings';
import { createShipment } from '../../src/lib/server/shipping/shipments';
import { createStaff } from '../support/factories';
import { eventually } from '../support/eventually';
import { usePocketBase } from '../support/pocketbase';
import { configureSandbox } from '../../src/lib/server/sandbox';
import { enabledCouriers } from '../../src/lib/server/shipping/couriers';
import { clientId, outboxFor, readyOrder, shipmentRecord, startWebhookServer } from './shipping-fixtures';

usePocketBase();

let webhooks: Awaited<ReturnType<typeof startWebhookServer>>;
let base: string;
let actor: string;

beforeAll(async () => {
  actor = (await createStaff('packer')).staff.id;
  webhooks = await startWebhookServer();
  base = webhooks.url;
  configureShipping({ sandboxWebhookBase: base });
});

afterAll(async () => {
  resetShippingConfig();
  await webhooks.stop();
});

async function handedOverParcel() {
  const { order, lines } = await readyOrder([{ qty: 1 }]);
  const r = await createShipment({ orderId: order.id, courier: 'sandbox', lines: [{ lineId: lines[0].id, qty: 1 }], clientId: clientId() }, { actor });
  await handOver([r.shipmentId], { actor });
  return { order, shipment: await shipmentRecord(r.shipmentId) };
}

let seq = 0;
function notification(parcel: { courier_ref: string; tracking_number: string }, status: SandboxNotification['status'], at: Date, id = `evt-${Date.now()}-${++seq}`): SandboxNotification {
  return { id, parcel: parcel.courier_ref, tracking_number: parcel.tracking_number, status, occurred_at: at.toISOString(), location: 'Berlin', description: `${status} scan` };
}

async function post(body: unknown, opts: { secret?: string; t?: number; raw?: string } = {}) {
  const raw = opts.raw ?? JSON.stringify(body);
  const signature = signSandbox(opts.secret ?? (await sandboxSecret()), raw, opts.t);
  const res = await fetch(`${base}/api/couriers/sandbox/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [SANDBOX_SIGNATURE_HEADER]: signature },
    body: raw
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const courierEvents = (shipment: string) => pb().collection('courier_events').getFullList({ filter: `shipment = '${shipment}'` });
const timeline = (order: string) => pb().collection('order_events').getFullList<OrderEventRecord>({ filter: `order = '${order}'`, sort: 'created' });

describe('sandbox courier notifications', () => {
  it('a signed event moves the parcel on and is recorded once', async () => {
    const { shipment } = await handedOverParcel();
    const n = notification(shipment, 'in_transit', new Date());
    expect(await post(n)).toEqual({ status: 200, body: { ok: true, outcome: 'applied', shipmentId: shipment.id, status: 'in_transit' } });
    const after = await shipmentRecord(shipment.id);
    expect(after.status).toBe('in_transit');
    expect(after.events!.map((e) => [e.status, e.source])).toEqual([['label_created', 'packbench'], ['handed_over', 'packbench'], ['in_transit', 'courier']]);
    expect(after.events!.at(-1)).toMatchObject({ id: n.id, location: 'Berlin', description: 'in_transit scan' });
    expect(await courierEvents(shipment.id)).toHaveLength(1);

    // the same notification again (a courier retry, or a replay within the window): applied once
    expect((await post(n)).body).toMatchObject({ ok: true, outcome: 'duplicate' });
    expect((await shipmentRecord(shipment.id)).events).toHaveLength(3);
    expect(await courierEvents(shipment.id)).toHaveLength(1);
  });

  it('a forged or tampered notification is refused and changes nothing', async () => {
    const { shipment } = await handedOverParcel();
    const n = notification(shipment, 'delivered', new Date());
    expect(await post(n, { secret: 'not-the-secret' })).toEqual({ status: 401, body: { error: 'signature' } });
    // signed for one body, sent with another
    const signed = signSandbox(await sandboxSecret(), JSON.stringify(notification(shipment, 'in_transit', new Date())));
    const res = await fetch(`${base}/api/couriers/sandbox/webhook`, { method: 'POST', headers: { [SANDBOX_SIGNATURE_HEADER]: signed }, body: JSON.stringify(n) });
    expect(res.status).toBe(401);
    const unsigned = await fetch(`${base}/api/couriers/sandbox/webhook`, { method: 'POST', body: JSON.stringify(n) });
    expect(unsigned.status).toBe(401);
    expect((await shipmentRecord(shipment.id)).status).toBe('handed_over');
    expect(await courierEvents(shipment.id)).toHaveLength(0);
  });

  it('a replay of an old notification is refused even with its valid signature', async () => {
    const { shipment } = await handedOverParcel();
    const n = notification(shipment, 'delivered', new Date(Date.now() - 3600_000));
    const tenMinutesAgo = Math.floor(Date.now() / 1000) - 600;
    expect(await post(n, { t: tenMinutesAgo })).toEqual({ status: 401, body: { error: 'stale' } });
    expect((await shipmentRecord(shipment.id)).status).toBe('handed_over');
  });

  it('late events join the history but never move a parcel backwards', async () => {
    const { order, shipment } = await handedOverParcel();
    const t = Date.now() - 60_000;
    expect((await post(notification(shipment, 'delivered', new Date(t + 3000)))).body).toMatchObject({ outcome: 'applied', status: 'delivered' });
    expect((await post(notification(shipment, 'out_for_delivery', new Date(t + 2000)))).body).toMatchObject({ outcome: 'history', status: 'delivered' });
    expect((await post(notification(shipment, 'in_transit', new Date(t + 1000)))).body).toMatchObject({ outcome: 'history', status: 'delivered' });
    const after = await shipmentRecord(shipment.id);
    expect(after.status).toBe('delivered');
    expect(after.events!.filter((e) => e.source === 'courier').map((e) => e.status)).toEqual(['in_transit', 'out_for_delivery', 'delivered']);
    expect((await timeline(order.id)).filter((e) => e.type === 'parcel_delivered')).toHaveLength(1);
    expect((await courierEvents(shipment.id)).map((e) => e.result).sort()).toEqual(['applied', 'history', 'history']);
  });

  it('an exception, then the next day in transit again: the newer event wins', async () => {
    const { shipment } = await handedOverParcel();
    const t = Date.now() - 60_000;
    await post(notification(shipment, 'in_transit', new Date(t)));
    await post(notification(shipment, 'exception', new Date(t + 1000)));
    expect((await shipmentRecord(shipment.id)).status).toBe('exception');
    await post(notification(shipment, 'in_transit', new Date(t + 2000)));
    expect((await shipmentRecord(shipment.id)).status).toBe('in_transit');
  });

  it('an event for a parcel nobody knows is answered 200 (no retries) and changes nothing', async () => {
    const before = (await pb().collection('courier_events').getList(1, 1)).totalItems;
    const r = await post(notification({ courier_ref: 'sbx_nobody', tracking_number: 'SB000000000PB' }, 'delivered', new Date()));
    expect(r).toEqual({ status: 200, body: { ok: true, outcome: 'unknown_parcel' } });
    expect((await pb().collection('courier_events').getList(1, 1)).totalItems).toBe(before);
  });

  it('refuses what is not a notification, and couriers that send none', async () => {
    expect((await post(null, { raw: '{not json' })).status).toBe(400);
    expect((await post({ id: 'x', parcel: 'y' })).status).toBe(400);
    const manual = await fetch(`${base}/api/couriers/manual/webhook`, { method: 'POST', body: '{}' });
    expect(manual.status).toBe(404);
    expect((await fetch(`${base}/api/couriers/fedex/webhook`, { method: 'POST', body: '{}' })).status).toBe(404);
  });

  it('two notifications for one parcel at the same moment are both kept', async () => {
    const { shipment } = await handedOverParcel();
    const t = Date.now() - 10_000;
    const results = await Promise.all([post(notification(shipment, 'in_transit', new Date(t))), post(notification(shipment, 'out_for_delivery', new Date(t + 1000)))]);
    expect(results.map((r) => r.status)).toEqual([200, 200]);
    const after = await shipmentRecord(shipment.id);
    expect(after.events!.filter((e) => e.source === 'courier')).toHaveLength(2);
    expect(after.status).toBe('out_for_delivery');
  });

  it('e-mails the customer on the statuses the setting names', async () => {
    await saveCourierSettings({ notifyOn: ['delivered'] });
    try {
      const { order, shipment } = await handedOverParcel();
      await post(notification(shipment, 'in_transit', new Date(Date.now() - 2000)));
      expect((await outboxFor(order.id, 'delivery')).filter((m) => m.payload.data.status)).toHaveLength(0);
      await post(notification(shipment, 'delivered', new Date()));
      const mails = (await outboxFor(order.id, 'delivery')).filter((m) => m.payload.data.status);
      expect(mails.map((m) => m.payload.data)).toEqual([expect.objectContaining({ orderId: order.id, shipmentId: shipment.id, status: 'delivered' })]);
    } finally {
      await saveCourierSettings({ notifyOn: [] });
    }
  });
});

describe('production mode: the sandbox courier is not used (issue #12, finding 1)', () => {
  it('is not offered, and a validly signed notification is refused without a write', async () => {
    const { shipment } = await handedOverParcel();
    const before = (await courierEvents(shipment.id)).length;
    configureSandbox('courier', false);
    try {
      expect(enabledCouriers()).not.toContain('sandbox');
      const r = await post(notification(shipment, 'delivered', new Date()));
      expect(r.status).toBe(403);
      expect(r.body).toMatchObject({ error: 'sandbox_off' });
    } finally {
      configureSandbox('courier', null);
    }
    expect(await courierEvents(shipment.id)).toHaveLength(before);
  });
});

describe('the sandbox schedule', () => {
  it('reports each step of a handed-over parcel by itself until it is delivered', async () => {
    await saveCourierSettings({ sandboxStepMs: 60 });
    forgetCourierSettings();
    const { order, shipment } = await handedOverParcel();
    // a parcel with a label but not handed over does not move
    const { order: waitingOrder, lines } = await readyOrder([{ qty: 1 }]);
    const waiting = await createShipment({ orderId: waitingOrder.id, courier: 'sandbox', lines: [{ lineId: lines[0].id, qty: 1 }], clientId: clientId() }, { actor });
    const stop = startSandboxCourier();
    try {
      await eventually(async () => (await shipmentRecord(shipment.id)).status === 'delivered', { timeout: 15_000, every: 100, what: 'the parcel delivered' }).catch(() => {});
    } finally {
      stop();
      await saveCourierSettings({ sandboxStepMs: null });
    }
    const after = await shipmentRecord(shipment.id);
    expect(after.status).toBe('delivered');
    const steps = after.events!.filter((e) => e.source === 'courier').map((e) => e.status);
    expect(steps[0]).toBe('in_transit');
    expect(steps.at(-2)).toBe('out_for_delivery');
    expect(steps.at(-1)).toBe('delivered');
    expect(steps.filter((s) => s === 'exception').length).toBeLessThanOrEqual(1);
    expect((await timeline(order.id)).map((e) => e.type)).toContain('parcel_delivered');
    expect((await shipmentRecord(waiting.shipmentId)).status).toBe('label_created');
    // nothing more to say about a delivered parcel (the other parcels of this file move on)
    await sandboxTick(Date.now() + 3600_000);
    expect((await shipmentRecord(shipment.id)).events).toHaveLength(after.events!.length);
  });
});
