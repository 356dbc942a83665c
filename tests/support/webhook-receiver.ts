// F43: a real HTTP webhook receiver on 127.0.0.1 that verifies every delivery with the
// `standardwebhooks` library (integration and E2E tests).
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface Received {
  id: string;
  type: string;
  data: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  verified: boolean;
  path: string;
  raw: string;
  headers: Record<string, string>;
}

/**
 * A real HTTP receiver on 127.0.0.1. `answer` decides the status per request (default 200);
 * every request is verified with standardwebhooks against `secret` (set once known).
 */
export async function startReceiver() {
  const state = {
    secret: '',
    received: [] as Received[],
    badSignatures: 0,
    hits: new Map<string, number>(),
    /** TCP connections opened to it */
    connections: 0,
    /** drop (without answering) a request that arrives on a connection used before: a receiver closing a kept connection just as the next request is sent */
    dropReused: false,
    dropped: 0,
    answer: (_path: string, _n: number): { status: number; headers?: Record<string, string> } => ({ status: 200 })
  };
  const served = new WeakMap<object, number>();
  const server: Server = createServer((req, res) => {
    const before = served.get(req.socket) ?? 0;
    served.set(req.socket, before + 1);
    if (state.dropReused && before > 0) {
      state.dropped++;
      req.socket.destroy();
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '/';
      const n = (state.hits.get(path) ?? 0) + 1;
      state.hits.set(path, n);
      const body = Buffer.concat(chunks).toString('utf8');
      let verified = false;
      try {
        new Webhook(state.secret).verify(body, flat(req.headers));
        verified = true;
      } catch {
        state.badSignatures++;
      }
      const parsed = body ? JSON.parse(body) : {};
      state.received.push({ id: parsed.id, type: parsed.type, data: parsed.data, verified, path, raw: body, headers: flat(req.headers) });
      const a = state.answer(path, n);
      res.writeHead(a.status, { 'content-type': 'text/plain', ...a.headers });
      res.end(a.status < 300 ? 'thanks' : 'nope');
    });
  });
  server.on('connection', () => state.connections++);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return { state, port, url: (path = '/hook') => `http://127.0.0.1:${port}${path}`, close: () => new Promise<void>((r) => (server.close(() => r()), server.closeAllConnections())) };
}

function flat(h: IncomingHttpHeaders): Record<string, string> {
  return Object.fromEntries(Object.entries(h).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : (v ?? '')]));
}
