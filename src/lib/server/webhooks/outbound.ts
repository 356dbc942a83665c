// Outbound safety for webhooks (F43): HTTPS only, except hosts allowed by WEBHOOK_ALLOW_HOSTS;
// private, loopback and link-local addresses refused AFTER DNS resolution (the address checked
// is the one connected to, so a rebinding name gains nothing) unless the host is allowed;
// short timeouts, a capped response body, redirects never followed (a 3xx is a failure).
// Connections are kept alive per origin (a receiver taking hundreds of events a second is not
// asked for a new TCP/TLS handshake each time); a kept connection goes to the address checked
// when it was opened.
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { BlockList, isIP } from 'node:net';

const blocked = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['224.0.0.0', 4], ['240.0.0.0', 4]
] as const) blocked.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8], ['64:ff9b::', 96]] as const) blocked.addSubnet(net, bits, 'ipv6');

export function isPrivateAddress(address: string): boolean {
  const v4mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (v4mapped) return blocked.check(v4mapped[1], 'ipv4');
  return blocked.check(address, isIP(address) === 6 ? 'ipv6' : 'ipv4');
}

export function allowedHosts(): Set<string> {
  return new Set((process.env.WEBHOOK_ALLOW_HOSTS ?? '').split(',').map((h) => h.trim().toLowerCase()).filter(Boolean));
}

/** Why this URL may not receive webhooks, or null (checked when saved and before each send). */
export function urlProblem(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'not a valid URL';
  }
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (url.username || url.password) return 'credentials in the URL are not allowed';
  if (url.protocol === 'https:') return null;
  if (url.protocol === 'http:' && allowedHosts().has(host)) return null;
  return 'must use https';
}

export class OutboundRefused extends Error {}

export interface PostResult {
  status: number;
  latencyMs: number;
  excerpt: string;
}

const TIMEOUT_MS = () => Number(process.env.WEBHOOK_TIMEOUT_MS ?? 10_000);
const EXCERPT = 1000;
/** connections kept per receiver origin */
const SOCKETS_PER_ORIGIN = 16;

const agents = new Map<string, http.Agent>();
function agentFor(url: URL): http.Agent {
  // allowed hosts get an agent of their own, so a connection opened under one rule is never reused under the other
  const key = `${url.protocol}//${url.host}|${allowedHosts().has(url.hostname.replace(/^\[|\]$/g, '').toLowerCase())}`;
  let agent = agents.get(key);
  if (!agent) {
    const opts = { keepAlive: true, maxSockets: SOCKETS_PER_ORIGIN, maxFreeSockets: SOCKETS_PER_ORIGIN, scheduling: 'lifo' as const };
    agent = url.protocol === 'https:' ? new https.Agent(opts) : new http.Agent(opts);
    agents.set(key, agent);
  }
  return agent;
}

/** closes the kept connections (tests, shutdown) */
export function closeOutboundConnections() {
  for (const a of agents.values()) a.destroy();
  agents.clear();
}

/** POSTs `body`; resolves with any HTTP answer (the caller judges the status), rejects on refusal or network failure. */
export function safePost(raw: string, headers: Record<string, string>, body: string): Promise<PostResult> {
  const problem = urlProblem(raw);
  if (problem) return Promise.reject(new OutboundRefused(`URL refused: ${problem}`));
  const url = new URL(raw);
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const allowed = allowedHosts().has(host);
  // the address connected to is the one checked here
  const lookup = ((hostname: string, options: object, cb: (err: Error | null, address: string | LookupAddress[], family?: number) => void) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return cb(err, '');
      const list = addresses as LookupAddress[];
      const bad = list.find((a) => isPrivateAddress(a.address));
      if (bad && !allowed) return cb(new OutboundRefused(`address refused: ${hostname} resolves to private address ${bad.address}`), '');
      if ((options as { all?: boolean }).all) return cb(null, list);
      cb(null, list[0].address, list[0].family);
    });
  }) as Lookup;
  if (isIP(host) && isPrivateAddress(host) && !allowed) return Promise.reject(new OutboundRefused(`address refused: ${host} is a private address`));
  const started = performance.now();
  return send(url, lookup, headers, body, started).catch((e: NodeJS.ErrnoException & { reused?: boolean }) => {
    // a kept connection the receiver closed just as we sent: once more on a new one
    if (e.reused && (e.code === 'ECONNRESET' || e.code === 'EPIPE')) return send(url, lookup, headers, body, started);
    throw e;
  });
}

type Lookup = NonNullable<http.RequestOptions['lookup']>;

function send(url: URL, lookup: Lookup, headers: Record<string, string>, body: string, started: number): Promise<PostResult> {
  return new Promise((resolve, reject) => {
    const req = (url.protocol === 'https:' ? https : http).request(
      url,
      { method: 'POST', agent: agentFor(url), headers: { 'content-type': 'application/json', 'user-agent': 'Packbench-Webhooks/1', ...headers, 'content-length': Buffer.byteLength(body) }, lookup, timeout: TIMEOUT_MS() },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const done = () => resolve({ status: res.statusCode ?? 0, latencyMs: Math.round(performance.now() - started), excerpt: Buffer.concat(chunks).toString('utf8').slice(0, EXCERPT) });
        res.on('data', (c: Buffer) => {
          if (size < EXCERPT) chunks.push(c);
          size += c.length;
          // never read more than a little of what a receiver answers
          if (size > 64 * 1024) {
            res.destroy();
            done();
          }
        });
        res.on('end', done);
        res.on('error', () => done());
      }
    );
    req.on('timeout', () => req.destroy(new Error(`timed out after ${TIMEOUT_MS()} ms`)));
    req.on('error', (e) => reject(Object.assign(e, { reused: req.reusedSocket })));
    req.end(body);
  });
}
