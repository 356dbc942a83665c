// Several app servers (REDIS_URL, issue #17): every server's relay hears every PocketBase
// change (it needs them for its own caches), but each change is broadcast once: the first
// server to claim it (SET NX in Redis) emits it through the Socket.IO Redis adapter, which
// delivers it to every screen on every server. See docs/scale-out.md.
//
// A claimer killed between its claim and its broadcast would lose the change for everyone:
// after emitting it marks the claim "sent" on the same Redis connection (so Redis sees the
// mark only after the adapter's XADDs), and a server that lost the claim looks again a
// moment later and takes over a claim still unsent.
import { createHash } from 'node:crypto';
import { redis, serverId } from '../cluster/redis';

// all servers hear a change within milliseconds of each other; this only has to outlast that
const CLAIM_MS = 15_000;
const CHECK_MS = Number(process.env.RELAY_CLAIM_CHECK_MS ?? 1_000);
const SENT = 'sent';
const claimedBy = (id: string) => `claimed:${id}`;
// take over only the very claim we saw unsent, so two losers never both take it
const TAKE_OVER = `if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('SET', KEYS[1], ARGV[2], 'KEEPTTL') return 1 else return 0 end`;

export function claimKey(collection: string, action: string, record: unknown): string {
  // the whole record: two changes within the same millisecond still differ in their fields
  return 'packbench:relay:' + createHash('sha1').update(`${collection}\n${action}\n${JSON.stringify(record)}`).digest('base64url');
}

/** Broadcasts the change through `emit` unless another server has (always with one server). */
export async function relayOnce(collection: string, action: string, record: unknown, emit: () => void): Promise<void> {
  const client = redis();
  if (!client) return emit();
  const key = claimKey(collection, action, record);
  const send = () => {
    emit(); // the adapter queues its XADDs on this connection now
    client.set(key, SENT, { condition: 'XX', expiration: 'KEEPTTL' }).catch(() => {});
  };
  let won: boolean;
  try {
    won = (await client.set(key, claimedBy(serverId), { condition: 'NX', expiration: { type: 'PX', value: CLAIM_MS } })) === 'OK';
  } catch {
    // Redis is gone, and with it the adapter: broadcasts reach only this server's sockets,
    // so every server emitting its own copy is exactly once per screen
    return emit();
  }
  if (won) return send();
  setTimeout(async () => {
    try {
      const seen = await client.get(key);
      if (!seen?.startsWith('claimed:')) return;
      if (Number(await client.eval(TAKE_OVER, { keys: [key], arguments: [seen, claimedBy(serverId)] })) === 1) send();
    } catch {
      /* Redis gone: nothing to take over */
    }
  }, CHECK_MS).unref();
}
