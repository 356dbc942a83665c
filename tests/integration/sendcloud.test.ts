// Sendcloud (F18, F19) against a local server that checks requests the way the REST API v2
// documentation describes them, and signs its webhooks the documented way.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { pb } from '../../src/lib/server/pocketbase/client';
import { configureShipping, resetShippingConfig } from '../../src/lib/server/shipping/config';
import { enabledCouriers } from '../../src/lib/server/shipping/couriers';
import { sendcloudCourier, splitStreet } from '../../src/lib/server/shipping/couriers/sendcloud';
import { cancelLabel, handOver, printLabels } from '../../src/lib/server/shipping/labels';
import { createShipment } from '../../src/lib/server/shipping/shipments';
import { createStaff } from '../support/factories';
import { usePocketBase } from '../support/pocketbase';
import { LABEL_PDF, PUBLIC_KEY, SECRET_KEY, signSendcloud, startFakeSendcloud } from './sendcloud-fake';
import { clientId, readyOrder, shipmentRecord, startWebhookServer } from './shipping-fixtures';

usePocketBase();

let sendcloud: Awaited<ReturnType<typeof startFakeSendcloud>>;
let webhooks: Awaited<ReturnType<typeof startWebhookServer>>;
let actor: string;
const env = { ...process.env };

function useSendcloud(keys: { publicKey?: string; secretKey?: string } = {}) {
  process.env.SENDCLOUD_PUBLIC_KEY = keys.publicKey ?? PUBLIC_KEY;
  process.env.SENDCLOUD_SECRET_KEY = keys.secretKey ?? SECRET_KEY;
  process.env.SENDCLOUD_BASE_URL = sendcloud.baseUrl;
  process.env.SENDCLOUD_SHIPPING_METHOD_ID = '8';
}

beforeAll(async () => {
  actor = (await createStaff('packer')).staff.id;
  sendcloud = await startFakeSendcloud();
  webhooks = await startWebhookServer();
});

afterEach(() => {
  for (const k of ['SENDCLOUD_PUBLIC_KEY', 'SENDCLOUD_SECRET_KEY', 'SENDCLOUD_BASE_URL', 'SENDCLOUD_SHIPPING_METHOD_ID', 'SENDCLOUD_WEBHOOK_SECRET']) {
    if (env[k] === undefined) delete process.env[k];
    else process.env[k] = env[k];
  }
  resetShippingConfig();
});

afterAll(async () => {
  await sendcloud.stop();
  await webhooks.stop();
});

async function sendcloudParcel(overrides: Parameters<typeof readyOrder>[1] = {}) {
  const { order, lines } = await readyOrder([{ qty: 2 }], overrides);
  const r = await createShipment({ orderId: order.id, courier: 'sendcloud', lines: [{ lineId: lines[0].id, qty: 2 }], clientId: clientId() }, { actor });
  return { order, result: r, shipment: await shipmentRecord(r.shipmentId) };
}

const hook = () => `${webhooks.url}/api/couriers/sendcloud/webhook`;

describe('switching Sendcloud on', () => {
  it('is off without both keys: not offered, no webhook, no parcels', async () => {
    expect(enabledCouriers()).not.toContain('sendcloud');
    const res = await fetch(hook(), { method: 'POST', body: '{}' });
    expect(res.status).toBe(404);
    const { order, lines } = await readyOrder([{ qty: 1 }]);
    await expect(createShipment({ orderId: order.id, courier: 'sendcloud', lines: [{ lineId: lines[0].id, qty: 1 }], clientId: clientId() }, { actor })).rejects.toMatchObject({
      key: 'shipping.errors.courier_off'
    });
    process.env.SENDCLOUD_PUBLIC_KEY = PUBLIC_KEY; // one key is not enough
    expect(enabledCouriers()).not.toContain('sendcloud');
  });
});

describe('parcels and labels (REST API v2)', () => {
  it('announces the parcel with request_label and keeps its id, tracking number and link', async () => {
    useSendcloud();
    expect(enabledCouriers()).toContain('sendcloud');
    const before = sendcloud.requests.length;
    const { order, result, shipment } = await sendcloudParcel({ shipping_address: { name: 'Jan de Vries', company: 'Tulp BV', street: 'Stadhuisplein 10a', postcode: '5611 EM', city: 'Eindhoven', country: 'nl' } });
    expect(result).toMatchObject({ status: 'label_created', labelError: null });
    const [req] = sendcloud.requests.slice(before);
    expect(req).toMatchObject({ method: 'POST', path: '/api/v2/parcels' });
    expect(req.body).toEqual({
      parcel: {
        name: 'Jan de Vries',
        company_name: 'Tulp BV',
        address: 'Stadhuisplein',
        house_number: '10a',
        city: 'Eindhoven',
        postal_code: '5611 EM',
        country: 'NL',
        telephone: order.phone,
        email: order.email,
        request_label: true,
        shipment: { id: 8 },
        weight: '0.500',
        order_number: String(order.number),
        external_reference: shipment.id,
        quantity: 1
      }
    });
    const parcel = [...sendcloud.parcels.values()].at(-1)!;
    expect(shipment).toMatchObject({
      courier_ref: String(parcel.id),
      tracking_number: parcel.tracking_number,
      tracking_url: parcel.tracking_url,
      carrier: 'postnl',
      status: 'label_created'
    });
  });

  it('a refusal leaves a draft parcel with Sendcloud\'s reason; wrong keys say so', async () => {
    useSendcloud();
    const bad = await sendcloudParcel({ shipping_address: { name: 'A', street: 'Weg 1', postcode: '00000', city: 'X', country: 'DE' } });
    expect(bad.result.status).toBe('draft');
    expect(bad.result.labelError).toBe('Sendcloud refused (400): postal_code: Invalid postal code for country');
    expect(bad.shipment.courier_ref).toBe('');

    useSendcloud({ secretKey: 'wrong' });
    const denied = await sendcloudParcel();
    expect(denied.result.labelError).toBe('Sendcloud refused (401): Invalid username/password.');
  });

  it('downloads one label for the label printer or A4, and many through the bulk endpoint', async () => {
    useSendcloud();
    const a = await sendcloudParcel();
    const b = await sendcloudParcel();
    const before = sendcloud.requests.length;
    expect(Buffer.from((await printLabels([a.shipment.id], 'label4x6')).pdf)).toEqual(LABEL_PDF);
    expect(Buffer.from((await printLabels([a.shipment.id], 'a4')).pdf)).toEqual(LABEL_PDF);
    const both = await printLabels([a.shipment.id, b.shipment.id], 'label4x6');
    expect(Buffer.from(both.pdf)).toEqual(LABEL_PDF);
    expect(sendcloud.requests.slice(before).map((r) => `${r.method} ${r.path}`)).toEqual([
      `GET /api/v2/labels/label_printer/${a.shipment.courier_ref}`,
      `GET /api/v2/labels/normal_printer/${a.shipment.courier_ref}?start_from=0`,
      'POST /api/v2/labels',
      `GET /api/v2/labels/label_printer?ids=${a.shipment.courier_ref},${b.shipment.courier_ref}`
    ]);
    expect(sendcloud.requests.find((r) => r.path === '/api/v2/labels')!.body).toEqual({ label: { parcels: [Number(a.shipment.courier_ref), Number(b.shipment.courier_ref)] } });
  });

  it('never sends the keys to a label link on another host', async () => {
    const elsewhere = await startFakeSendcloud({ labelHost: 'evil.example:80' });
    try {
      process.env.SENDCLOUD_PUBLIC_KEY = PUBLIC_KEY;
      process.env.SENDCLOUD_SECRET_KEY = SECRET_KEY;
      process.env.SENDCLOUD_BASE_URL = elsewhere.baseUrl;
      const a = await sendcloudParcel();
      const b = await sendcloudParcel();
      await expect(printLabels([a.shipment.id, b.shipment.id], 'a4')).rejects.toMatchObject({ key: 'shipping.errors.courier', message: expect.stringContaining('another host') });
    } finally {
      await elsewhere.stop();
    }
  });

  it('voids a label (cancelled, or queued by the carrier)', async () => {
    useSendcloud();
    const { shipment } = await sendcloudParcel();
    await cancelLabel(shipment.id, { actor });
    expect(sendcloud.requests.at(-1)).toMatchObject({ method: 'POST', path: `/api/v2/parcels/${shipment.courier_ref}/cancel` });
    expect(await shipmentRecord(shipment.id)).toMatchObject({ status: 'draft', courier_ref: '' });
    sendcloud.queueCancel.add(4000 + 10_000); // unrelated id stays 200
    expect(await sendcloudCourier.cancel(String([...sendcloud.parcels.keys()].at(-1)))).toBe('cancelled');
    const last = [...sendcloud.parcels.keys()].at(-1)!;
    sendcloud.queueCancel.add(last);
    expect(await sendcloudCourier.cancel(String(last))).toBe('queued');
  });

  it('splits street and house number the way parcels need them', () => {
    expect(splitStreet('Hauptstraße 12a')).toEqual({ street: 'Hauptstraße', houseNumber: '12a' });
    expect(splitStreet('Königsallee 3-5')).toEqual({ street: 'Königsallee', houseNumber: '3-5' });
    expect(splitStreet('12 Baker Street')).toEqual({ street: 'Baker Street', houseNumber: '12' });
    expect(splitStreet('ul. Długa 7')).toEqual({ street: 'ul. Długa', houseNumber: '7' });
    expect(splitStreet('Am Markt')).toEqual({ street: 'Am Markt', houseNumber: '' });
  });
});

describe('tracking webhooks', () => {
  it('verifies signatures exactly as Sendcloud documents them', async () => {
    // the documentation's example: data {"key": "value"}, secret "secretkey"
    expect(signSendcloud('{"key": "value"}', 'secretkey')).toBe('1eed4b3d41f4653ac64fd56f1bf1cbfd349e4482cbc11dff7134bd93e5da4b0a');
    process.env.SENDCLOUD_PUBLIC_KEY = PUBLIC_KEY;
    process.env.SENDCLOUD_SECRET_KEY = 'secretkey';
    const headers = new Headers({ 'Sendcloud-Signature': '1eed4b3d41f4653ac64fd56f1bf1cbfd349e4482cbc11dff7134bd93e5da4b0a' });
    expect(await sendcloudCourier.readNotification!('{"key": "value"}', headers)).toEqual({ kind: 'ignored', reason: 'action undefined' });
    await expect(sendcloudCourier.readNotification!('{"key": "value" }', headers)).rejects.toMatchObject({ reason: 'signature' });
  });

  it('moves the parcel on, once per event, never backwards; forged and unknown ones change nothing', async () => {
    useSendcloud();
    const { order, shipment } = await sendcloudParcel();
    await handOver([shipment.id], { actor });
    const id = Number(shipment.courier_ref);
    const t = Date.now() - 60_000;

    const enRoute = await sendcloud.notify(hook(), id, { id: 92, message: 'Driver en route' }, t + 1000);
    expect(enRoute).toMatchObject({ status: 200, body: { outcome: 'applied', status: 'out_for_delivery' } });
    // Sendcloud retries the same notification: applied once
    expect((await sendcloud.notify(hook(), id, { id: 92, message: 'Driver en route' }, t + 1000)).body).toMatchObject({ outcome: 'duplicate' });

    expect((await sendcloud.notify(hook(), id, { id: 11, message: 'Delivered' }, t + 3000)).body).toMatchObject({ outcome: 'applied', status: 'delivered' });
    // a late "en route to sorting center" does not take it back
    expect((await sendcloud.notify(hook(), id, { id: 3, message: 'En route to sorting center' }, t)).body).toMatchObject({ outcome: 'history', status: 'delivered' });

    // signed with another key, or with the public key
    expect((await sendcloud.notify(hook(), id, { id: 80, message: 'Unable to deliver' }, t + 4000, 'some-other-secret')).status).toBe(401);
    expect((await sendcloud.notify(hook(), id, { id: 80, message: 'Unable to deliver' }, t + 4000, PUBLIC_KEY)).status).toBe(401);

    const after = await shipmentRecord(shipment.id);
    expect(after.status).toBe('delivered');
    expect(after.events!.filter((e) => e.source === 'courier').map((e) => e.description)).toEqual(['En route to sorting center', 'Driver en route', 'Delivered']);
    const timeline = await pb().collection('order_events').getFullList({ filter: `order = '${order.id}' && type = 'parcel_delivered'` });
    expect(timeline).toHaveLength(1);

    expect(await sendcloud.notify(hook(), 999_999, { id: 11, message: 'Delivered' }, t)).toMatchObject({ status: 200, body: { ok: true, outcome: 'unknown_parcel' } });
  });

  it('answers other webhook actions without doing anything', async () => {
    useSendcloud();
    const raw = JSON.stringify({ action: 'integration_updated', timestamp: Date.now(), integration: { id: 1 } });
    const res = await fetch(hook(), { method: 'POST', headers: { 'Sendcloud-Signature': signSendcloud(raw) }, body: raw });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, ignored: 'action integration_updated' });
  });
});
