// One Socket.IO connection per tab, opened after sign-in. Rooms are re-joined after a
// reconnect; if Socket.IO could not recover the missed events, screens refetch.
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, RecordEvent, RoomName, ServerToClientEvents, Viewer } from './events';

type PackbenchSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

interface RoomListener {
  onRecord?: (e: RecordEvent) => void;
  onPresence?: (viewers: Viewer[]) => void;
  /** called when events may have been missed: refetch */
  onResync?: () => void;
}

let socket: PackbenchSocket | null = null;
const listeners = new Map<RoomName, Set<RoomListener>>();
let statusListeners = new Set<(connected: boolean) => void>();

function join(room: RoomName) {
  socket?.emit('join', room, (res) => {
    if (!res.ok) console.warn(`[realtime] may not join ${room}: ${res.error}`);
  });
}

export function connectRealtime(onSignedOut: () => void): PackbenchSocket {
  if (socket) return socket;
  const s: PackbenchSocket = io({ path: '/socket.io', withCredentials: true, transports: ['websocket', 'polling'] });
  socket = s;
  s.on('connect', () => {
    statusListeners.forEach((l) => l(true));
    if (s.recovered) return; // nothing was missed, rooms are restored
    for (const room of listeners.keys()) join(room);
    for (const set of listeners.values()) set.forEach((l) => l.onResync?.());
  });
  s.on('disconnect', () => statusListeners.forEach((l) => l(false)));
  s.on('connect_error', (err) => {
    statusListeners.forEach((l) => l(false));
    if (err.message === 'unauthorized') onSignedOut();
  });
  s.on('record', (e) => listeners.get(e.room)?.forEach((l) => l.onRecord?.(e)));
  s.on('presence', (e) => listeners.get(e.room)?.forEach((l) => l.onPresence?.(e.viewers)));
  s.on('resync', () => listeners.forEach((set) => set.forEach((l) => l.onResync?.())));
  s.on('signedOut', onSignedOut);
  return s;
}

export function disconnectRealtime() {
  socket?.disconnect();
  socket = null;
  listeners.clear();
  statusListeners = new Set();
}

/** Listen to a room; returns the function that stops listening. */
export function listen(room: RoomName, listener: RoomListener): () => void {
  let set = listeners.get(room);
  if (!set) {
    set = new Set();
    listeners.set(room, set);
    if (socket?.connected) join(room);
  }
  set.add(listener);
  return () => {
    set.delete(listener);
    if (set.size === 0) {
      listeners.delete(room);
      socket?.emit('leave', room);
    }
  };
}

export function onConnectionChange(l: (connected: boolean) => void): () => void {
  statusListeners.add(l);
  if (socket) l(socket.connected);
  return () => statusListeners.delete(l);
}
