// A real app-side Socket.IO server (the same wiring as scripts/serve.js, minus SvelteKit)
// and real socket.io-client connections carrying a session cookie.
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { io as connect, type Socket } from 'socket.io-client';
import { createSocketServer } from '../../scripts/lib/socket-io.js';
import { startRealtime, stopRealtime } from '../../src/lib/server/realtime';
import type { ClientToServerEvents, RecordEvent, RoomName, ServerToClientEvents, Viewer } from '../../src/lib/realtime/events';

export type TestSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export async function startSocketServer() {
  const http: HttpServer = createServer();
  const io = createSocketServer(http);
  const relay = startRealtime();
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  // every subscription in place before a test makes a change
  await relay?.ready;
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  const sockets: TestSocket[] = [];
  return {
    url,
    io,
    connect(token?: string): TestSocket {
      const s: TestSocket = connect(url, {
        transports: ['websocket'],
        extraHeaders: token ? { cookie: `packbench_session=${token}` } : {},
        reconnection: false,
        forceNew: true
      });
      sockets.push(s);
      return s;
    },
    async stop() {
      sockets.forEach((s) => s.disconnect());
      await stopRealtime();
      (globalThis as { __packbenchIo?: unknown }).__packbenchIo = undefined;
      io.close();
      await new Promise((r) => http.close(r));
    }
  };
}

export function connected(s: TestSocket): Promise<void> {
  return new Promise((resolve, reject) => {
    if (s.connected) return resolve();
    s.once('connect', () => resolve());
    s.once('connect_error', reject);
  });
}

/** Resolves when the server has dropped the socket. */
export function disconnected(s: TestSocket): Promise<void> {
  return new Promise((resolve) => (s.disconnected ? resolve() : s.once('disconnect', () => resolve())));
}

export function join(s: TestSocket, room: RoomName): Promise<{ ok: boolean; error?: string }> {
  return new Promise((resolve) => s.emit('join', room, resolve));
}

/** Resolves with the first record event that matches, or rejects after `ms`. */
export function nextRecord(s: TestSocket, match: (e: RecordEvent) => boolean, ms = 3000): Promise<RecordEvent> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      s.off('record', on);
      reject(new Error('no matching record event'));
    }, ms);
    const on = (e: RecordEvent) => {
      if (!match(e)) return;
      clearTimeout(timer);
      s.off('record', on);
      resolve(e);
    };
    s.on('record', on);
  });
}

/**
 * Collects every record event until the barrier arrives: an event the socket may see, caused
 * by a write made AFTER the one under test. The relay delivers in order, so whatever the write
 * under test sent has arrived by then; proving that something did NOT arrive needs no timer.
 * Rejects after `ms` if the barrier never comes.
 */
export function collectUntil(s: TestSocket, barrier: (e: RecordEvent) => boolean, ms = 5000): Promise<RecordEvent[]> {
  const seen: RecordEvent[] = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      s.off('record', on);
      reject(new Error('the barrier event never arrived'));
    }, ms);
    const on = (e: RecordEvent) => {
      if (barrier(e)) {
        clearTimeout(timer);
        s.off('record', on);
        resolve(seen);
      } else seen.push(e);
    };
    s.on('record', on);
  });
}

export function nextPresence(s: TestSocket, match: (v: Viewer[]) => boolean, ms = 3000): Promise<Viewer[]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no matching presence event')), ms);
    const on = (e: { viewers: Viewer[] }) => {
      if (!match(e.viewers)) return;
      clearTimeout(timer);
      s.off('presence', on);
      resolve(e.viewers);
    };
    s.on('presence', on);
  });
}
