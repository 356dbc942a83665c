// Live updates for customers (F24) on the public /track namespace. A socket may only join
// the room of a token it presents, after the server found the order (wrong and expired
// tokens get the same "not_found"); joins are rate-limited per IP. After any change to an
// order that someone watches, the customer view is rebuilt and sent to that room only.
import type { Namespace, Server } from 'socket.io';
import { TRACK_NAMESPACE, type TrackClientToServer, type TrackServerToClient, type WatchReply } from '$lib/track/events';
import { RateLimiter } from '../cluster/rate-limit';
import { shippingConfig } from './config';
import { trackingCache } from './tracking-cache';
import { orderForToken, trackingViewFor } from './tracking-view';

type TrackNamespace = Namespace<TrackClientToServer, TrackServerToClient>;

const ROOM_PREFIX = 'track:';
const DEBOUNCE_MS = 10;

export class TrackLive {
  private io: Server | null = null;
  private ns: TrackNamespace | null = null;
  /** watched orders: order id -> token, and back */
  private tokenOf = new Map<string, string>();
  private orderOf = new Map<string, string>();
  private pending = new Map<string, ReturnType<typeof setTimeout>>();
  private joins: { limit: number; limiter: RateLimiter } | null = null;

  attach(io: Server) {
    if (this.io === io) return;
    this.detach();
    this.io = io;
    // the relay now tells us about every change: views may be kept until then
    trackingCache.enabled = true;
    const ns = io.of(TRACK_NAMESPACE) as unknown as TrackNamespace;
    this.ns = ns;
    ns.adapter.on('delete-room', (room: string) => {
      if (!room.startsWith(ROOM_PREFIX)) return;
      const token = room.slice(ROOM_PREFIX.length);
      const orderId = this.orderOf.get(token);
      this.orderOf.delete(token);
      if (orderId) this.tokenOf.delete(orderId);
    });
    ns.on('connection', (socket) => {
      socket.on('watch', async (token, ack) => {
        const reply = typeof ack === 'function' ? ack : (_: WatchReply) => {};
        if ((await this.joinLimiter().hit(socket.handshake.address)) > 0) return reply({ ok: false, error: 'too_many_requests' });
        const order = typeof token === 'string' ? await orderForToken(token).catch(() => null) : null;
        if (!order) return reply({ ok: false, error: 'not_found' });
        for (const room of socket.rooms) if (room.startsWith(ROOM_PREFIX) && room !== `${ROOM_PREFIX}${token}`) await socket.leave(room);
        this.tokenOf.set(order.id, token);
        this.orderOf.set(token, order.id);
        await socket.join(`${ROOM_PREFIX}${token}`);
        reply({ ok: true });
      });
    });
  }

  /** per IP and minute; rebuilt when the configured limit changes */
  private joinLimiter(): RateLimiter {
    const limit = shippingConfig().trackJoinsPerMinute;
    if (this.joins?.limit !== limit) this.joins = { limit, limiter: new RateLimiter('track-socket', limit, 60_000) };
    return this.joins.limiter;
  }

  detach() {
    trackingCache.enabled = false;
    trackingCache.clear();
    this.io = null;
    this.ns = null;
    this.tokenOf.clear();
    this.orderOf.clear();
    for (const t of this.pending.values()) clearTimeout(t);
    this.pending.clear();
  }

  /** Something of this order changed (the relay calls this for orders, lines and parcels). */
  changed(orderId: string | undefined) {
    if (!orderId) return;
    trackingCache.forget(orderId);
    if (!this.ns || !this.tokenOf.has(orderId) || this.pending.has(orderId)) return;
    // one transaction touches the parcel, its lines and the order: send one update for all
    this.pending.set(
      orderId,
      setTimeout(() => {
        this.pending.delete(orderId);
        this.send(orderId).catch((e) => console.error('[track] live update failed:', e));
      }, DEBOUNCE_MS)
    );
  }

  private async send(orderId: string) {
    const token = this.tokenOf.get(orderId);
    if (!token || !this.ns) return;
    const room = `${ROOM_PREFIX}${token}`;
    // the link may have expired while the page was open
    const view = await trackingViewFor(token, { fresh: true });
    // every app server's relay calls changed() for its own watchers (issue #17): local only
    if (!view) {
      this.ns.local.in(room).disconnectSockets(true);
      return;
    }
    this.ns.local.to(room).emit('tracking', view);
  }
}

export const trackLive = new TrackLive();
