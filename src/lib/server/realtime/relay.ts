// PocketBase realtime -> Socket.IO rooms. The app server subscribes as superuser, so a change
// made anywhere (a tRPC procedure, a pb_hooks route, the PocketBase dashboard) reaches every
// open screen. Each room gets only the fields its audience may see.
// Several app servers (REDIS_URL): every server's relay hears every change and keeps its own
// caches and its customers' tracking sockets up to date; the room broadcast is sent by the one
// server that claims the change, through the Socket.IO Redis adapter (claim.ts,
// docs/scale-out.md), so each screen gets it once whichever server it is connected to.
import type { RecordSubscription } from 'pocketbase';
import type { LiveRecord, RecordEvent, RoomName } from '$lib/realtime/events';
import { forgetAllSessions, forgetSession, forgetStaff } from '../auth/sessions';
import { redis } from '../cluster/redis';
import { relayOnce } from './claim';
import { pb } from '../pocketbase/client';
import type { CollectionName } from '../pocketbase/collections';
import { forgetAllSettings, forgetSetting } from '../settings';
import { eventView, noteView } from '../orders/queries';
import type { OrderEventRecord, OrderNoteRecord, PaymentRecordFull } from '../pocketbase/records';
import { paymentView } from '../payments/views';
import { packerProjection, packQueueView } from './rooms';
import { trackLive } from '../shipping/track-live';
import { dropChangedStaffSockets, type PackbenchServer } from './socket-server';
import { QUEUE_FIELDS } from '../orders/queries';

/** a record as the feed sends it, forwarded to screens field by field (rooms.ts picks what each audience sees) */
type Raw = LiveRecord & { order?: string; revoked?: boolean };
/** one handler per collection of the Collections map: a misspelt name is refused */
type Handlers = { [K in CollectionName]?: (e: RecordSubscription<Raw>) => void };

const queueFields = QUEUE_FIELDS.split(',');
// relations the screens show by name
const EXPAND: { [K in CollectionName]?: string } = { order_notes: 'author', order_events: 'actor', picks: 'staff' };

function pick(rec: LiveRecord, fields: readonly string[]): LiveRecord {
  const out: LiveRecord = { id: rec.id, updated: rec.updated };
  for (const f of fields) if (f in rec) out[f] = rec[f];
  return out;
}

export class RealtimeRelay {
  private markReady: () => void = () => {};
  /** settles once every subscription is in place: changes from then on reach the rooms */
  readonly ready = new Promise<void>((resolve) => (this.markReady = resolve));
  private stopped = false;
  private connectedOnce = false;
  private unsubscribers: (() => Promise<void>)[] = [];
  /** several app servers share rooms through Redis */
  private readonly clustered = !!redis();

  constructor(private io: PackbenchServer) {}

  private emit(room: RoomName, collection: string, action: RecordEvent['action'], record: LiveRecord) {
    if (this.hasMembers(room)) this.io.to(room).emit('record', { room, collection, action, record });
    if (room.startsWith('order:')) {
      const packer = this.hasMembers(`${room}#packer`) ? packerProjection(collection, record) : null;
      if (packer) this.io.to(`${room}#packer`).emit('record', { room, collection, action, record: packer });
    }
  }

  // Connection-state recovery keeps every emitted packet, even one for a room nobody is in;
  // most order rooms are empty during a checkout rush (issue #12, finding 10). With several
  // servers the members may be on another server, and the packets are kept in the Redis
  // stream (capped), not in this process: every change is sent.
  private hasMembers(room: string): boolean {
    return this.clustered || (this.io.of('/').adapter.rooms.get(room)?.size ?? 0) > 0;
  }

  /** On every server: its own caches, sockets and customers' tracking pages. */
  private local: Handlers = {
    orders: (e) => trackLive.changed(e.record.id),
    order_lines: (e) => trackLive.changed(e.record.order),
    order_notes: (e) => trackLive.changed(e.record.order),
    order_events: (e) => trackLive.changed(e.record.order),
    picks: (e) => trackLive.changed(e.record.order),
    shipments: (e) => trackLive.changed(e.record.order),
    payments: (e) => trackLive.changed(e.record.order),
    sessions: (e) => {
      if (e.action === 'delete' || e.record.revoked) forgetSession(e.record.id);
    },
    staff: (e) => {
      forgetStaff(e.record.id);
      dropChangedStaffSockets(this.io, e.record.id).catch((err) => console.error('[realtime] dropping sockets failed:', err));
    },
    // a setting changed anywhere (another app server, the dashboard): read it again
    settings: (e) => forgetSetting(String(e.record.key ?? ''))
  };

  /** The room broadcasts: once per change across all servers. */
  private rooms: Handlers = {
    orders: (e) => {
      this.emit('queue', 'orders', e.action as RecordEvent['action'], pick(e.record, queueFields));
      this.emit(`order:${e.record.id}`, 'orders', e.action as RecordEvent['action'], e.record);
      this.emit('pack', 'orders', e.action as RecordEvent['action'], packQueueView(e.record));
    },
    order_lines: (e) => e.record.order && this.emit(`order:${e.record.order}`, 'order_lines', e.action as RecordEvent['action'], e.record),
    order_notes: (e) =>
      e.record.order &&
      this.emit(`order:${e.record.order}`, 'order_notes', e.action as RecordEvent['action'], {
        ...noteView(e.record as unknown as OrderNoteRecord),
        updated: e.record.updated
      }),
    order_events: (e) =>
      e.record.order &&
      this.emit(`order:${e.record.order}`, 'order_events', e.action as RecordEvent['action'], eventView(e.record as unknown as OrderEventRecord)),
    picks: (e) => {
      if (!e.record.order) return;
      // picks are never edited, so `created` serves as `updated`; the packer's name says who scanned
      const { expand, ...rest } = e.record as Raw & { created?: string; expand?: { staff?: { name?: string } } };
      const rec: LiveRecord = { ...rest, updated: rest.created ?? rest.updated, staff_name: expand?.staff?.name ?? '' };
      this.emit(`order:${e.record.order}`, 'picks', e.action as RecordEvent['action'], rec);
      this.emit('pack', 'picks', e.action as RecordEvent['action'], pick(rec, ['order', 'order_line', 'qty']));
    },
    shipments: (e) => e.record.order && this.emit(`order:${e.record.order}`, 'shipments', e.action as RecordEvent['action'], e.record),
    // office and up only: payments have no packer projection
    payments: (e) => e.record.order && this.emit(`order:${e.record.order}`, 'payments', e.action as RecordEvent['action'], paymentView(e.record as unknown as PaymentRecordFull)),
    products: (e) => this.emit('stock', 'products', e.action as RecordEvent['action'], e.record),
    // the customers page (#14): which customer changed; the screen reads it again
    customers: (e) => this.emit('customers', 'customers', e.action as RecordEvent['action'], pick(e.record, ['name', 'version'])),
    customer_notes: (e) => this.emit('customers', 'customer_notes', e.action as RecordEvent['action'], pick(e.record, ['customer']))
  };

  private handler(collection: CollectionName) {
    const local = this.local[collection];
    const rooms = this.rooms[collection];
    return (e: RecordSubscription<Raw>) => {
      local?.(e);
      if (!rooms) return;
      if (!this.clustered) return rooms(e);
      relayOnce(collection, e.action, e.record, () => rooms(e)).catch((err) => console.error('[realtime] relaying a change failed:', err));
    };
  }

  async start() {
    const client = pb();
    // every (re)connect of the PocketBase feed; after a gap, screens must refetch
    this.unsubscribers.push(
      await client.realtime.subscribe('PB_CONNECT', () => {
        if (this.connectedOnce) {
          // this server's own screens: with several servers the others' feeds may have had no gap
          (this.clustered ? this.io.local : this.io).emit('resync');
          forgetAllSettings(); // changes made during the gap were not announced
          forgetAllSessions();
        }
        this.connectedOnce = true;
      })
    );
    // the keys of two Handlers tables: collection names of the map
    for (const name of new Set([...Object.keys(this.local), ...Object.keys(this.rooms)] as CollectionName[])) {
      const options = EXPAND[name] ? { expand: EXPAND[name] } : {};
      this.unsubscribers.push(await client.collection(name).subscribe<Raw>('*', this.handler(name), options));
    }
    this.markReady();
  }

  async stop() {
    this.stopped = true;
    await Promise.allSettled(this.unsubscribers.map((u) => u()));
    this.unsubscribers = [];
  }

  get running() {
    return !this.stopped;
  }
}
