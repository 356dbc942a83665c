// Issue #12 finding 7: Socket.IO checks the Origin of every connection. A page on another
// site is refused even with a valid session cookie; the app's own pages get in.
import { io as connect } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { originAllowed } from '../../scripts/lib/socket-io.js';
import { signedInCaller } from '../support/caller';
import { createStaff } from '../support/factories';
import { usePocketBase } from '../support/pocketbase';
import { connected, startSocketServer } from '../support/realtime';

usePocketBase();

let server: Awaited<ReturnType<typeof startSocketServer>>;
let token: string;
const opened: ReturnType<typeof connect>[] = [];

beforeAll(async () => {
  server = await startSocketServer();
  const { staff, password } = await createStaff('office');
  token = (await signedInCaller(staff.email, password)).token;
});
afterAll(async () => {
  opened.forEach((s) => s.disconnect());
  await server.stop();
});

function open(origin: string | undefined, namespace = '') {
  const s = connect(`${server.url}${namespace}`, {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    extraHeaders: { cookie: `packbench_session=${token}`, ...(origin ? { origin } : {}) }
  });
  opened.push(s);
  return s;
}

describe('issue #12 finding 7: the socket Origin check', () => {
  it("accepts the app's own origin (the host it was served from) and clients without an Origin", async () => {
    await expect(connected(open(server.url))).resolves.toBeUndefined();
    await expect(connected(open(undefined))).resolves.toBeUndefined();
  });

  it('refuses a foreign Origin even with a valid session, on the staff and the public namespace', async () => {
    await expect(connected(open('https://evil.example'))).rejects.toThrow();
    await expect(connected(open('http://127.0.0.1.evil.example', '/track'))).rejects.toThrow();
    await expect(connected(open('null'))).rejects.toThrow();
  });

  it('accepts ORIGIN and, behind a proxy, the host from HOST_HEADER', () => {
    const req = (headers: Record<string, string>) => ({ headers }) as unknown as import('node:http').IncomingMessage;
    const env = { ORIGIN: 'https://shop.example' };
    expect(originAllowed(req({ origin: 'https://shop.example', host: '127.0.0.1:3000' }), env)).toBe(true);
    expect(originAllowed(req({ origin: 'http://shop.example', host: '127.0.0.1:3000' }), env)).toBe(false);
    const proxied = { HOST_HEADER: 'X-Forwarded-Host' };
    expect(originAllowed(req({ origin: 'https://packbench.lan', host: '127.0.0.1:3000', 'x-forwarded-host': 'packbench.lan' }), proxied)).toBe(true);
    expect(originAllowed(req({ origin: 'https://evil.example', host: '127.0.0.1:3000', 'x-forwarded-host': 'packbench.lan' }), proxied)).toBe(false);
  });
});
