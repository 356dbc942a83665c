// The shared tablet (F14, F44): is it registered, who is signed in, locking and unlocking.
// Locking ends the packer's session on the server, so the next person needs a PIN. A lock that
// happens offline is finished when the connection is back, after the waiting scans went out:
// they must count for the packer who scanned them.
import { i18n } from '$lib/i18n/index.svelte';
import { connectRealtime, disconnectRealtime } from '$lib/realtime/socket';
import { trpc } from '$lib/trpc';
import { flushScans } from './connection.svelte';
import { forgetCachedOrders } from './order-cache';
import { describePackError } from './pack-errors';
import { tabletQueue } from './scan-queue.svelte';

export interface TabletStaff {
  id: string;
  name: string;
  role: 'owner' | 'manager' | 'office' | 'packer';
  locale: 'en' | 'de' | '';
}

export interface TabletState {
  device: { id: string; name: string; idleLockSeconds: number } | null;
  packers: { id: string; name: string }[];
  session: { staff: TabletStaff; method: 'password' | 'pin'; device: string } | null;
}

const STATE_KEY = 'packbench.pack.tablet';
const PENDING_LOCK_KEY = 'packbench.pack.pending-lock';

function stored<T>(key: string): T | null {
  try {
    return JSON.parse(localStorage.getItem(key) ?? 'null') as T | null;
  } catch {
    return null;
  }
}

function store(key: string, value: unknown) {
  try {
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // the tablet works without; only an offline reload shows less
  }
}

class Tablet {
  state = $state<TabletState | null>(null);
  /** shown from the last visit because the server could not be reached */
  offline = $state(false);
  error = $state<string | null>(null);
  /** locked on the tablet, waiting for the connection to end the session on the server */
  pendingLock = $state(false);

  get staff(): TabletStaff | null {
    return this.pendingLock ? null : (this.state?.session?.staff ?? null);
  }

  get registered() {
    return !!this.state?.device;
  }

  async load() {
    this.pendingLock = stored<boolean>(PENDING_LOCK_KEY) === true;
    try {
      this.set(await trpc.pack.tablet.query());
      this.offline = false;
      this.error = null;
      if (this.pendingLock) await this.finishLock();
    } catch (e) {
      const err = describePackError(e);
      const last = stored<TabletState>(STATE_KEY);
      if (err.network && last) {
        this.state = last;
        this.offline = true;
      } else this.error = err.message;
    }
    if (this.staff) this.connect();
  }

  private set(state: TabletState) {
    this.state = state;
    store(STATE_KEY, state);
    const locale = state.session?.staff.locale || stored<string>('packbench.locale');
    i18n.set(locale);
  }

  private connect() {
    connectRealtime(() => void this.sessionEnded());
  }

  async unlock(staffId: string, pin: string) {
    const session = await trpc.pack.unlock.mutate({ staffId, pin });
    disconnectRealtime(); // the socket must hand-shake with the new session
    this.pendingLock = false;
    store(PENDING_LOCK_KEY, null);
    this.set({ ...this.state!, session: session as TabletState['session'] });
    this.connect();
  }

  /** Two taps and a PIN switch packer: lock is the first tap. */
  async lock() {
    disconnectRealtime();
    forgetCachedOrders();
    this.pendingLock = true;
    store(PENDING_LOCK_KEY, true);
    await this.finishLock().catch(() => {});
  }

  /** Sends the scans still waiting, then ends the session on the server. */
  private async finishLock() {
    if (tabletQueue().items.length) await flushScans();
    if (tabletQueue().items.length) return; // still offline: try again when the connection is back
    await trpc.pack.lock.mutate();
    this.pendingLock = false;
    store(PENDING_LOCK_KEY, null);
    if (this.state) this.set({ ...this.state, session: null });
  }

  /** The server ended the session (revoked, tablet revoked, expired): lock at once. */
  private async sessionEnded() {
    disconnectRealtime();
    forgetCachedOrders();
    if (this.state) this.set({ ...this.state, session: null });
    await this.load();
  }
}

export const tablet = new Tablet();
