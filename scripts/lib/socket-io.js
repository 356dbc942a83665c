// Socket.IO on the app's own HTTP server, the same in production (scripts/serve.js) and in
// dev (the Vite plugin). The SvelteKit server's `init` hook picks it up from globalThis
// and attaches the session check and the PocketBase relay.
import { Server } from 'socket.io';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { createClient } from 'redis';

/**
 * Issue #12 finding 7: a page on another site must not open a socket with the visitor's
 * session cookie (cross-site WebSocket hijacking). A browser always sends Origin on a
 * cross-origin request, so: no Origin (same-origin polling GET, non-browser clients) passes;
 * otherwise it must be ORIGIN, or have the host the request was sent to (behind a proxy the
 * host from HOST_HEADER, as adapter-node reads it).
 * @param {import('node:http').IncomingMessage} req
 * @param {Record<string, string | undefined>} [env]
 */
export function originAllowed(req, env = process.env) {
  const origin = req.headers.origin;
  if (!origin) return true;
  let url;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (env.ORIGIN) {
    try {
      if (new URL(env.ORIGIN).origin === url.origin) return true;
    } catch {
      /* a broken ORIGIN is reported by adapter-node; fall back to the host */
    }
  }
  const hostHeader = env.HOST_HEADER ? req.headers[env.HOST_HEADER.toLowerCase()] : undefined;
  const host = (Array.isArray(hostHeader) ? hostHeader[0] : hostHeader) ?? req.headers.host;
  return !!host && url.host === host.toLowerCase();
}

/** @param {import('node:http').Server} httpServer */
export function createSocketServer(httpServer) {
  const io = new Server(httpServer, {
    path: '/socket.io',
    serveClient: false,
    allowRequest: (req, done) => (originAllowed(req) ? done(null, true) : done('origin not allowed', false)),
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

/**
 * Several app servers for one shop (REDIS_URL, issue #17, docs/scale-out.md): rooms, broadcasts
 * and presence go through a Redis stream, which also keeps connection-state recovery working
 * when a socket comes back on another server. The client is left on globalThis for the
 * SvelteKit side (rate limits, leases, relay claims): one connection per app server.
 * @param {import('socket.io').Server} io
 * @param {string} url
 */
export async function useRedis(io, url) {
  const client = createClient({ url });
  client.on('error', (/** @type {Error} */ e) => console.error('[redis]', e.message));
  await client.connect();
  /** @type {Record<string, unknown>} */ (globalThis).__packbenchRedis = client;
  io.adapter(createAdapter(client, { streamName: 'packbench:socket.io', sessionKeyPrefix: 'packbench:sio:session:' }));
  return client;
}
