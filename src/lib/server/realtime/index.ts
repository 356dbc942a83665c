// Wires Socket.IO (created by server.js in production, by the Vite plugin in dev) to the
// session check and the PocketBase relay, once per process.
import type { PackbenchServer } from './socket-server';
import { attachSocketAuth } from './socket-server';
import { RealtimeRelay } from './relay';

interface Holder {
  __packbenchSocketAuth?: boolean;
  __packbenchIo?: PackbenchServer;
  __packbenchRelay?: RealtimeRelay;
}
const holder = globalThis as Holder;

export function startRealtime(): RealtimeRelay | null {
  const io = holder.__packbenchIo;
  if (!io || holder.__packbenchRelay) return holder.__packbenchRelay ?? null;
  attachSocketAuth(io);
  holder.__packbenchSocketAuth = true;
  const relay = new RealtimeRelay(io);
  holder.__packbenchRelay = relay;
  // waits (with the SDK's reconnects) while PocketBase is down; never blocks start-up
  relay.start().catch((e) => console.error('[realtime] relay failed to start:', e));
  return relay;
}

export async function stopRealtime() {
  await holder.__packbenchRelay?.stop();
  holder.__packbenchRelay = undefined;
  holder.__packbenchSocketAuth = false;
}
