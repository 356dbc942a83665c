// Is the tablet connected? The socket's state alone is not enough: a Wi-Fi drop can leave a
// socket "open" for a while, so a failed request also counts, until one gets through again.
// While scans wait, they are retried every few seconds and at once when the socket returns.
import { onConnectionChange } from '$lib/realtime/socket';
import { describePackError } from './pack-errors';
import type { PickResult } from '$lib/picking/api';
import { trpc } from '$lib/trpc';
import { tabletQueue, type QueuedScan, type SendOutcome } from './scan-queue.svelte';

const RETRY_MS = 3000;

class TabletConnection {
  socketUp = $state(false);
  browserOnline = $state(true);
  requestFailed = $state(false);
  online = $derived(this.socketUp && this.browserOnline && !this.requestFailed);

  markFailed() {
    this.requestFailed = true;
  }

  markWorking() {
    this.requestFailed = false;
  }
}

export const connection = new TabletConnection();

type ResultListener = (scan: QueuedScan, result: PickResult) => void;
type RefusalListener = (scan: QueuedScan, message: string) => void;
const resultListeners = new Set<ResultListener>();
const refusalListeners = new Set<RefusalListener>();

/** Screens showing an order hear how its scans came out (also scans sent from elsewhere). */
export function onScanOutcome(onResult: ResultListener, onRefused: RefusalListener): () => void {
  resultListeners.add(onResult);
  refusalListeners.add(onRefused);
  return () => {
    resultListeners.delete(onResult);
    refusalListeners.delete(onRefused);
  };
}

export async function sendScan(scan: QueuedScan): Promise<SendOutcome> {
  try {
    const result =
      scan.kind === 'undo'
        ? await trpc.pack.undo.mutate({ orderId: scan.orderId, pickId: scan.pickId!, clientScanId: scan.clientScanId })
        : await trpc.pack.pick.mutate({ orderId: scan.orderId, code: scan.code, lineId: scan.lineId, qty: scan.qty, clientScanId: scan.clientScanId });
    connection.markWorking();
    resultListeners.forEach((l) => l(scan, result));
    return { status: 'done' };
  } catch (e) {
    const err = describePackError(e);
    if (err.refused) {
      connection.markWorking();
      refusalListeners.forEach((l) => l(scan, err.message));
      return { status: 'refused', message: err.message };
    }
    if (err.network) connection.markFailed();
    return { status: 'retry' };
  }
}

/** Sends whatever waits, in order. Safe to call any time; one flush runs at once. */
export function flushScans(): Promise<void> {
  return tabletQueue().flush(sendScan);
}

/** The layout keeps this running while a packer is signed in. */
export function keepFlushing(): () => void {
  const stopSocket = onConnectionChange((up) => {
    connection.socketUp = up;
    if (up) {
      connection.markWorking();
      void flushScans();
    }
  });
  const online = () => {
    connection.browserOnline = true;
    connection.markWorking();
    void flushScans();
  };
  const offline = () => (connection.browserOnline = false);
  connection.browserOnline = typeof navigator === 'undefined' ? true : navigator.onLine;
  window.addEventListener('online', online);
  window.addEventListener('offline', offline);
  const timer = setInterval(() => {
    if (tabletQueue().items.length && !tabletQueue().sending) void flushScans();
  }, RETRY_MS);
  return () => {
    stopSocket();
    window.removeEventListener('online', online);
    window.removeEventListener('offline', offline);
    clearInterval(timer);
  };
}
