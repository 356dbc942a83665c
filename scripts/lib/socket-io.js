// Socket.IO on the app's own HTTP server, the same in production (scripts/serve.js) and in
// dev (the Vite plugin). The SvelteKit server's `init` hook picks it up from globalThis
// and attaches the session check and the PocketBase relay.
import { Server } from 'socket.io';

/** @param {import('node:http').Server} httpServer */
export function createSocketServer(httpServer) {
  const io = new Server(httpServer, {
    path: '/socket.io',
    serveClient: false,
    // A short Wi-Fi drop at the packing bench is bridged without refetching. The adapter keeps
    // every relayed packet for this long (and sweeps only once a minute), so the window is kept
    // short: 2 minutes held 400+ MB during a checkout rush (issue #12, finding 10). A screen
    // away for longer is not recovered and refetches what it shows (the client's resync path
    // in src/lib/realtime/socket.ts), so nothing is lost, it only costs one fetch.
    connectionStateRecovery: { maxDisconnectionDuration: 30_000, skipMiddlewares: false }
  });
  // until SvelteKit's init hook has attached the session check, no socket gets in
  io.use((_socket, next) => (/** @type {Record<string, unknown>} */ (globalThis).__packbenchSocketAuth ? next() : next(new Error('starting'))));
  /** @type {Record<string, unknown>} */ (globalThis).__packbenchIo = io;
  return io;
}
