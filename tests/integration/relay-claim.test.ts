// #17: with several app servers each PocketBase change is broadcast by the one server that
// claims it (src/lib/server/realtime/claim.ts), against a real redis-server.
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startRedis, type TestRedis } from '../support/redis';

let server: TestRedis;
let client: ReturnType<typeof createClient>;
let claim: typeof import('../../src/lib/server/realtime/claim');
const holder = globalThis as { __packbenchRedis?: unknown };

beforeAll(async () => {
  server = await startRedis();
  client = createClient({ url: server.url });
  await client.connect();
  holder.__packbenchRedis = client; // as scripts/serve.js leaves it
  vi.stubEnv('RELAY_CLAIM_CHECK_MS', '200');
  claim = await import('../../src/lib/server/realtime/claim');
}, 60_000);

afterAll(async () => {
  holder.__packbenchRedis = undefined;
  vi.unstubAllEnvs();
  await client?.quit();
  await server?.stop();
});

describe('#17 relay claims (Redis)', () => {
  it('#17 of two servers hearing the same change at once, one broadcasts it', async () => {
    const record = { id: 'abc', updated: new Date().toISOString() };
    const emit = vi.fn();
    await Promise.all([claim.relayOnce('picks', 'create', record, emit), claim.relayOnce('picks', 'create', record, emit)]);
    expect(emit).toHaveBeenCalledTimes(1);
    await expect.poll(() => client.get(claim.claimKey('picks', 'create', record))).toBe('sent');
    // a different change (another action) is its own claim
    await claim.relayOnce('picks', 'delete', record, emit);
    expect(emit).toHaveBeenCalledTimes(2);
  });

  it('#17 a change claimed by a server that died before sending it is sent by another', async () => {
    const record = { id: 'def', updated: new Date().toISOString() };
    const key = claim.claimKey('orders', 'update', record);
    await client.set(key, 'claimed:dead-server', { PX: 15_000 });
    const emit = vi.fn();
    await claim.relayOnce('orders', 'update', record, emit);
    expect(emit).not.toHaveBeenCalled();
    await vi.waitFor(() => expect(emit).toHaveBeenCalledTimes(1), { timeout: 5_000 });
    await expect.poll(() => client.get(key)).toBe('sent');
  });
});
