// A small round-robin load balancer for trying several app servers on one machine
// (`npm start -- --servers 2`, the scale-out tests, issue #17). Plain HTTP is proxied request
// by request; a WebSocket upgrade is piped to one app server for the life of the socket.
// An app server that refuses the connection (stopped, crashed) is skipped for the next one.
// No sticky sessions: Socket.IO's long-polling fallback needs them (docs/scale-out.md), so
// clients behind this balancer use the WebSocket transport.
import { createServer, request } from 'node:http';
import { connect } from 'node:net';

/**
 * @param {{ targets: { host: string; port: number }[]; port: number; host?: string }} opts
 */
export function startBalancer({ targets, port, host = '127.0.0.1' }) {
  let turn = 0;
  /** every target, starting with the next one in turn */
  const order = () => {
    const start = turn++ % targets.length;
    return targets.map((_, i) => targets[(start + i) % targets.length]);
  };
  /** @param {import('node:http').IncomingMessage} req */
  const forwardedFor = (req) => [req.headers['x-forwarded-for'], req.socket.remoteAddress].filter(Boolean).join(', ');

  const server = createServer((req, res) => {
    const chunks = /** @type {Buffer[]} */ ([]);
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const candidates = order();
      const attempt = (/** @type {number} */ i) => {
        const t = candidates[i];
        const up = request({ host: t.host, port: t.port, method: req.method, path: req.url, headers: { ...req.headers, 'x-forwarded-for': forwardedFor(req) } }, (r) => {
          res.writeHead(r.statusCode ?? 502, r.headers);
          r.pipe(res);
        });
        up.on('error', (/** @type {NodeJS.ErrnoException} */ e) => {
          if (e.code === 'ECONNREFUSED' && i + 1 < candidates.length) return attempt(i + 1);
          if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
          res.end('No app server answered.');
        });
        up.end(body);
      };
      attempt(0);
    });
  });

  const piped = new Set();
  server.on('upgrade', (req, socket, head) => {
    const candidates = order();
    piped.add(socket);
    socket.on('error', () => {});
    socket.on('close', () => piped.delete(socket));
    const attempt = (/** @type {number} */ i) => {
      const t = candidates[i];
      const up = connect(t.port, t.host);
      let open = false;
      up.once('connect', () => {
        open = true;
        let raw = `${req.method} ${req.url} HTTP/${req.httpVersion}\r\n`;
        for (let j = 0; j < req.rawHeaders.length; j += 2) if (req.rawHeaders[j].toLowerCase() !== 'x-forwarded-for') raw += `${req.rawHeaders[j]}: ${req.rawHeaders[j + 1]}\r\n`;
        raw += `X-Forwarded-For: ${forwardedFor(req)}\r\n\r\n`;
        up.write(raw);
        if (head?.length) up.write(head);
        up.pipe(socket);
        socket.pipe(up);
        // from now on the two ends live and die together
        up.on('close', () => socket.destroy());
        socket.on('close', () => up.destroy());
      });
      up.on('error', () => {
        // refused before it was open (a stopped server): the next one, and the client never notices
        if (!open && i + 1 < candidates.length) return attempt(i + 1);
        socket.destroy();
      });
      socket.once('close', () => !open && up.destroy());
    };
    attempt(0);
  });

  const ready = new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(undefined));
  });
  const stop = () =>
    new Promise((resolve) => {
      server.close(() => resolve(undefined));
      server.closeAllConnections?.();
      for (const s of piped) /** @type {import('node:stream').Duplex} */ (s).destroy();
    });
  return { server, ready, stop, url: `http://${host}:${port}` };
}
