#!/usr/bin/env node
// The production app server: SvelteKit's adapter-node handler and Socket.IO on one port.
import { createServer } from 'node:http';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createSocketServer, useRedis } from './lib/socket-io.js';
import { ROOT } from './lib/pocketbase.js';

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '127.0.0.1';
const handlerPath = join(ROOT, 'build', 'handler.js');
if (!existsSync(handlerPath)) {
  console.error('No build/ found: run `npm run build` (npm start does this for you).');
  process.exit(1);
}

const server = createServer();
const io = createSocketServer(server);
// several app servers for one shop share Socket.IO, limits and leases through Redis (optional)
const redis = process.env.REDIS_URL ? await useRedis(io, process.env.REDIS_URL) : null;
// importing the handler runs SvelteKit's init hook, which attaches auth + relay to `io`
const { handler } = await import(pathToFileURL(handlerPath).href);
server.on('request', (req, res) => {
  if (req.url?.startsWith('/socket.io/')) return; // engine.io answers these
  handler(req, res);
});

server.on('error', (e) => {
  console.error(e.code === 'EADDRINUSE' ? `Packbench app: ${host}:${port} is already in use; set PORT to another port.` : `Packbench app: ${e.message}`);
  process.exit(1);
});
server.listen(port, host, () => {
  console.log(`Packbench app listening on http://${host}:${port}`);
  process.send?.({ ready: true, port });
});

let closing = false;
async function shutdown(signal) {
  if (closing) return;
  closing = true;
  console.log(`Packbench app: ${signal}, closing connections...`);
  setTimeout(() => process.exit(0), 5000).unref();
  await globalThis.__packbenchRelay?.stop().catch(() => {});
  await globalThis.__packbenchOutbox?.stop().catch(() => {}); // finishes the mail in hand
  await globalThis.__packbenchStopSchedulers?.().catch(() => {}); // hands the leases to another server
  io.close();
  await redis?.quit().catch(() => {});
  server.close(() => process.exit(0));
  server.closeAllConnections?.();
}
process.on('SIGINT', () => shutdown('SIGINT'));
process.on('SIGTERM', () => shutdown('SIGTERM'));
