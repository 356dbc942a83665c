import { createSocketServer } from './lib/socket-io.js';

/**
 * `npm run dev`: Socket.IO on Vite's own HTTP server, like scripts/serve.js in production.
 * @returns {import('vite').Plugin}
 */
export function socketIoDevPlugin() {
  return {
    name: 'packbench-socket-io',
    configureServer(server) {
      const g = /** @type {Record<string, unknown>} */ (globalThis);
      if (server.httpServer && !g.__packbenchIo) createSocketServer(/** @type {import('node:http').Server} */ (server.httpServer));
    }
  };
}
