// Every scan goes through this queue, online or not (F16). It is kept in localStorage, so a
// reload or a dropped connection loses nothing, and it is sent in order, one at a time. Each
// scan carries the id the tablet gave it, so sending it again after a timeout counts it once.

export interface QueuedScan {
  clientScanId: string;
  kind: 'pick' | 'undo';
  orderId: string;
  /** the order's number, to name it when a replayed scan is refused */
  orderNumber: number;
  lineId: string;
  /** units: positive for a pick, negative for an undo */
  qty: number;
  code?: string;
  /** for an undo: the pick it takes back */
  pickId?: string;
  /** what the packer saw, for the refusal message after a replay */
  label: string;
  staffId: string;
  queuedAt: number;
}

/** What the server said about one scan. */
export type SendOutcome =
  | { status: 'done' }
  /** refused for good (over-pick, cancelled order...): drop it and tell the packer */
  | { status: 'refused'; message: string }
  /** no connection or the server is busy: keep it and try again later */
  | { status: 'retry' };

export interface ReplayRefusal {
  scan: QueuedScan;
  message: string;
}

const KEY = 'packbench.pack.scan-queue';
/** a scan older than this when it is answered waited for the connection */
const WAITED_MS = 3000;

function load(storage: Storage | null): QueuedScan[] {
  try {
    const raw = storage?.getItem(KEY);
    const parsed = raw ? JSON.parse(raw) : [];
    return Array.isArray(parsed) ? parsed.filter((s) => s && typeof s.clientScanId === 'string') : [];
  } catch {
    return []; // a damaged entry must not stop the tablet
  }
}

export function newScanId(): string {
  return typeof crypto !== 'undefined' && 'randomUUID' in crypto
    ? crypto.randomUUID()
    : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
}

export class ScanQueue {
  items = $state<QueuedScan[]>([]);
  /** scans the server refused when they were replayed, until the packer has seen them */
  refusals = $state<ReplayRefusal[]>([]);
  sending = $state(false);
  private flushing: Promise<void> | null = null;

  constructor(private storage: Storage | null = typeof localStorage === 'undefined' ? null : localStorage) {
    this.items = load(storage);
  }

  private save() {
    try {
      this.storage?.setItem(KEY, JSON.stringify(this.items));
    } catch {
      // storage full or disabled: the scans still go out while the page is open
    }
  }

  add(scan: QueuedScan) {
    this.items = [...this.items, scan];
    this.save();
  }

  /** Taken out without sending (an undo of a scan that never left the tablet) or confirmed elsewhere. */
  remove(clientScanId: string) {
    if (!this.items.some((s) => s.clientScanId === clientScanId)) return;
    this.items = this.items.filter((s) => s.clientScanId !== clientScanId);
    this.save();
  }

  has(clientScanId: string) {
    return this.items.some((s) => s.clientScanId === clientScanId);
  }

  /** Units counted on the tablet but not yet confirmed by the server. */
  pendingFor(lineId: string): number {
    return this.items.reduce((sum, s) => (s.lineId === lineId ? sum + s.qty : sum), 0);
  }

  forOrder(orderId: string): QueuedScan[] {
    return this.items.filter((s) => s.orderId === orderId);
  }

  dismissRefusals() {
    this.refusals = [];
  }

  /**
   * Sends the queued scans in order, one at a time, until the queue is empty or the
   * connection fails. Only one flush runs at a time; a second call waits for it. A refusal
   * of a scan that had to wait (offline) is also kept in `refusals`: the packer may have
   * moved on and must still see it.
   */
  flush(send: (scan: QueuedScan) => Promise<SendOutcome>, onRefused?: (r: ReplayRefusal) => void): Promise<void> {
    if (this.flushing) return this.flushing;
    const run = async () => {
      this.sending = true;
      try {
        while (this.items.length) {
          const scan = this.items[0];
          const outcome = await send(scan);
          if (outcome.status === 'retry') return;
          this.remove(scan.clientScanId);
          if (outcome.status === 'refused') {
            const refusal = { scan, message: outcome.message };
            if (Date.now() - scan.queuedAt > WAITED_MS) this.refusals = [...this.refusals, refusal];
            onRefused?.(refusal);
          }
        }
      } finally {
        this.sending = false;
      }
    };
    // cleared after the assignment, even when there was nothing to send
    this.flushing = run().finally(() => (this.flushing = null));
    return this.flushing;
  }
}

let shared: ScanQueue | null = null;

/** The tablet's one queue (all orders, all packers on it). */
export function tabletQueue(): ScanQueue {
  shared ??= new ScanQueue();
  return shared;
}
