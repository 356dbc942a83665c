// Several app servers (REDIS_URL, issue #17): every server's relay hears every PocketBase
// change (it needs them for its own caches), but each change is broadcast once: the first
// server to claim it (SET NX in Redis) emits it through the Socket.IO Redis adapter, which
// delivers it to every screen on every server. See docs/scale-out.md.
import { createHash } from 'node:crypto';
import { redis, serverId } from '../cluster/redis';

// all servers hear a change within milliseconds of each other; this only has to outlast that
const CLAIM_MS = 15_000;

export function claimKey(collection: string, action: string, record: unknown): string {
  // the whole record: two changes within the same millisecond still differ in their fields
  return 'packbench:relay:' + createHash('sha1').update(`${collection}\n${action}\n${JSON.stringify(record)}`).digest('base64url');
}

/** Whether this server broadcasts the change: always with one server. */
export async function claimChange(collection: string, action: string, record: unknown): Promise<boolean> {
  const client = redis();
  if (!client) return true;
  try {
    return (await client.set(claimKey(collection, action, record), serverId, { condition: 'NX', expiration: { type: 'PX', value: CLAIM_MS } })) === 'OK';
  } catch {
    // Redis is gone, and with it the adapter: broadcasts reach only this server's sockets,
    // so every server emitting its own copy is exactly once per screen
    return true;
  }
}
