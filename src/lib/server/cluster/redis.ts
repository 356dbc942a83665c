// The one Redis connection of an app server, when REDIS_URL is set (several app servers for
// one shop, docs/scale-out.md). Without REDIS_URL everything stays in this process, exactly as
// with one server: nothing here is ever required.
// scripts/serve.js connects first (the Socket.IO adapter needs it before the port opens) and
// leaves the client on globalThis; the SvelteKit side reuses it rather than opening another.
import { createClient } from 'redis';

export type Redis = ReturnType<typeof createClient>;

interface Holder {
  __packbenchRedis?: Redis;
}
const holder = globalThis as Holder;

export const redisUrl = (): string | undefined => process.env.REDIS_URL || undefined;

/** The shared client, or null with one app server. Commands queue until it is connected. */
export function redis(): Redis | null {
  if (holder.__packbenchRedis) return holder.__packbenchRedis;
  const url = redisUrl();
  if (!url) return null;
  const client = createClient({ url });
  client.on('error', (e: Error) => console.error('[redis]', e.message));
  client.connect().catch(() => {}); // reported through 'error'; node-redis keeps reconnecting
  holder.__packbenchRedis = client;
  return client;
}

/** This process among the app servers: what a lease or a claim records as its holder. */
export const serverId = `${process.env.HOSTNAME ?? 'host'}:${process.pid}:${process.env.PORT ?? ''}`;
