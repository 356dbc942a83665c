// The typed event map shared by the Socket.IO server and the browser client.
export type RoomName = 'queue' | 'stock' | 'pack' | 'customers' | `order:${string}`;

export interface LiveRecord {
  id: string;
  updated: string;
  [field: string]: unknown;
}

export interface RecordEvent {
  room: RoomName;
  action: 'create' | 'update' | 'delete';
  collection: string;
  record: LiveRecord;
}

export interface Viewer {
  staffId: string;
  name: string;
  role: string;
}

export interface ServerToClientEvents {
  record: (e: RecordEvent) => void;
  presence: (e: { room: RoomName; viewers: Viewer[] }) => void;
  /** the server lost its PocketBase feed for a while: refetch what you show */
  resync: () => void;
  /** the session was revoked or expired */
  signedOut: () => void;
}

export interface ClientToServerEvents {
  join: (room: RoomName, ack: (res: { ok: true } | { ok: false; error: string }) => void) => void;
  leave: (room: RoomName) => void;
}

export interface SocketData {
  sessionId: string;
  staffId: string;
  name: string;
  role: 'owner' | 'manager' | 'office' | 'packer';
}
