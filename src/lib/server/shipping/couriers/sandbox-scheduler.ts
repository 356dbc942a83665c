// The sandbox courier's "depot": every parcel handed to it moves on one step per interval
// (in transit -> out for delivery -> delivered; now and then an exception first), reported
// as a signed notification to the app's own webhook, exactly as a real courier would.
// The pace: the 'couriers' setting sandboxStepMs, else SANDBOX_COURIER_STEP_MS (2 minutes).
import { Lease } from '../../cluster/lease';
import { sandboxOn } from '../../sandbox';
import { collection, filterValue, isUnavailable } from '../../pocketbase/client';
import { shippingConfig } from '../config';
import type { ShipmentRecord, ShipmentStatus, ShippableOrder } from '../records';
import { courierSettings, sandboxSecret } from '../settings';
import { MOVING } from '../status';
import { SANDBOX_SIGNATURE_HEADER, signSandbox, type SandboxNotification } from './sandbox';

type Step = Pick<SandboxNotification, 'status' | 'location' | 'description'>;

/** "Sometimes": about one parcel in seven meets an exception before its delivery. */
export function meetsException(trackingNumber: string): boolean {
  return [...trackingNumber].reduce((s, ch) => s + ch.charCodeAt(0), 0) % 7 === 0;
}

/** What the sandbox courier reports next for a parcel, or null when it is done. */
export function nextSandboxStep(shipment: Pick<ShipmentRecord, 'status' | 'tracking_number' | 'events'>, city: string): Step | null {
  const hadException = (shipment.events ?? []).some((e) => e.status === 'exception');
  switch (shipment.status) {
    case 'handed_over':
      return { status: 'in_transit', location: 'Packbench Sandbox Hub', description: 'Parcel received at the sorting centre' };
    case 'in_transit':
      return meetsException(shipment.tracking_number) && !hadException
        ? { status: 'exception', location: city, description: 'Recipient not at home; next attempt on the next working day' }
        : { status: 'out_for_delivery', location: city, description: 'Out for delivery' };
    case 'exception':
      return { status: 'out_for_delivery', location: city, description: 'Out for delivery (second attempt)' };
    case 'out_for_delivery':
      return { status: 'delivered', location: city, description: 'Delivered' };
    default:
      return null;
  }
}

/** Posts one signed notification to the webhook, as the courier's servers would. */
export async function postSandboxNotification(body: SandboxNotification, base = shippingConfig().sandboxWebhookBase): Promise<Response> {
  const raw = JSON.stringify(body);
  return fetch(`${base}/api/couriers/sandbox/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [SANDBOX_SIGNATURE_HEADER]: signSandbox(await sandboxSecret(), raw) },
    body: raw,
    signal: AbortSignal.timeout(10_000)
  });
}

function lastMove(s: ShipmentRecord): number {
  const times = (s.events ?? []).map((e) => Date.parse(e.at)).filter((t) => !Number.isNaN(t));
  return times.length ? Math.max(...times) : Date.parse(s.updated.replace(' ', 'T'));
}

/** One round: every sandbox parcel whose step time has come gets its next event. */
export async function sandboxTick(now = Date.now()): Promise<number> {
  const step = (await courierSettings()).sandboxStepMs ?? shippingConfig().sandboxStepMs;
  const moving = await collection('shipments').getFullList<ShipmentRecord & { expand?: { order?: ShippableOrder } }>({
      filter: `courier = 'sandbox' && (${MOVING.map((s) => `status = ${filterValue(s)}`).join(' || ')})`,
      expand: 'order',
      batch: 500
    });
  let sent = 0;
  for (const s of moving) {
    if (now - lastMove(s) < step) continue;
    const next = nextSandboxStep(s, s.expand?.order?.shipping_address?.city ?? '');
    if (!next) continue;
    const res = await postSandboxNotification({
      // stable: if this post is lost and sent again, it is applied once
      id: `${s.courier_ref}:${(s.events ?? []).length}:${next.status}`,
      parcel: s.courier_ref,
      tracking_number: s.tracking_number,
      occurred_at: new Date(now).toISOString(),
      ...next
    });
    if (res.ok) sent++;
    else console.warn(`[sandbox courier] webhook answered ${res.status} for ${s.tracking_number}`);
  }
  return sent;
}

/** The install's signing secret exists from the first start; tried again while PocketBase is not ready. */
function ensureSecret(attempt = 1) {
  sandboxSecret().catch(() => {
    if (attempt < 30) setTimeout(() => ensureSecret(attempt + 1), 2_000).unref();
  });
}

interface Holder {
  __packbenchSandboxCourier?: { stop: () => void };
}
const holder = globalThis as Holder;

/** Starts the schedule once per process (SANDBOX_COURIER=off and production mode leave it off). */
export function startSandboxCourier(): () => void {
  if (holder.__packbenchSandboxCourier) return holder.__packbenchSandboxCourier.stop;
  ensureSecret();
  if (!shippingConfig().sandboxScheduler || !sandboxOn('courier')) return () => {};
  let timer: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;
  // several app servers (REDIS_URL): only the lease holder moves parcels (issue #17)
  const lease = new Lease('sandbox-courier').start();
  const loop = async () => {
    let wait = 5_000;
    if (!lease.held) {
      if (!stopped) timer = setTimeout(loop, 1_000).unref();
      return;
    }
    try {
      const step = (await courierSettings()).sandboxStepMs ?? shippingConfig().sandboxStepMs;
      wait = Math.max(25, Math.min(Math.floor(step / 2), 5_000));
      await sandboxTick();
    } catch (e) {
      if (!isUnavailable(e)) console.error('[sandbox courier]', e);
    }
    if (!stopped) timer = setTimeout(loop, wait).unref();
  };
  timer = setTimeout(loop, 1_000).unref();
  const stop = () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    void lease.stop();
    holder.__packbenchSandboxCourier = undefined;
  };
  holder.__packbenchSandboxCourier = { stop };
  return stop;
}
