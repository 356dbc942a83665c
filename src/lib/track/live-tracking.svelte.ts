// The customer's tracking page as live state: the page data once, then the customer view
// pushed on the public /track namespace after every change. A newer view always wins; after
// a reconnect that could not replay what was missed, the page asks again.
import { io, type Socket } from 'socket.io-client';
import { i18n } from '$lib/i18n/index.svelte';
import type { TrackingView } from '$lib/track/api';
import { TRACK_NAMESPACE, type TrackClientToServer, type TrackServerToClient } from './events';

export type TrackingState = 'loading' | 'ready' | 'not_found' | 'too_many_requests' | 'error';

export class LiveTracking {
  view = $state<TrackingView | null>(null);
  state = $state<TrackingState>('loading');
  connected = $state(false);
  private socket: Socket<TrackServerToClient, TrackClientToServer> | null = null;

  constructor(public readonly token: string) {
    // until the order says which language it was placed in (also for "not found")
    if (typeof navigator !== 'undefined') i18n.set(navigator.language.slice(0, 2));
  }

  async start() {
    await this.refetch();
    if (this.state !== 'ready') return;
    const s: Socket<TrackServerToClient, TrackClientToServer> = io(TRACK_NAMESPACE, { path: '/socket.io', transports: ['websocket', 'polling'] });
    this.socket = s;
    let first = true;
    s.on('connect', () => {
      this.connected = true;
      if (s.recovered) return;
      s.emit('watch', this.token, (res) => {
        if (!res.ok && res.error === 'not_found') this.state = 'not_found';
      });
      if (!first) void this.refetch();
      first = false;
    });
    s.on('disconnect', () => (this.connected = false));
    s.on('tracking', (view) => this.apply(view));
  }

  apply(view: TrackingView) {
    if (this.view && view.updated < this.view.updated) return;
    this.view = view;
    i18n.set(view.order.locale);
  }

  async refetch() {
    let status = 0;
    try {
      const res = await fetch(`/track/${encodeURIComponent(this.token)}/data`, { headers: { accept: 'application/json' } });
      status = res.status;
      if (res.ok) {
        this.apply((await res.json()) as TrackingView);
        this.state = 'ready';
        return;
      }
    } catch {
      // offline: status stays 0
    }
    if (this.view && status !== 404) return; // keep showing what we have
    this.state = status === 404 ? 'not_found' : status === 429 ? 'too_many_requests' : 'error';
  }

  destroy() {
    this.socket?.disconnect();
    this.socket = null;
  }
}
