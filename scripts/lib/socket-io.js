// Socket.IO on the app's own HTTP server, the same in production (scripts/serve.js) and in
// dev (the Vite plugin). The SvelteKit server's `init` hook picks it up from globalThis
// and attaches the session check and the PocketBase relay.
import { Server } from 'socket.io';

/** @param {import('node:http').Server} httpServer */
export function createSocketServer(httpServer) {
  const io = new Server(httpServer, {
    path: '/socket.io',
    serveClient: false,
    // a short Wi-Fi drop at the packing bench is bridged without refetching
    connectionStateRecovery: { maxDisconnectionDuration: 2 * 60_000, skipMiddlewares: false }
  });
  // until SvelteKit's init hook has attached the session check, no socket gets in
  io.use((_socket, next) => (/** @type {Record<string, unknown>} */ (globalThis).__packbenchSocketAuth ? next() : next(new Error('starting'))));
  /** @type {Record<string, unknown>} */ (globalThis).__packbenchIo = io;
  return io;
}
