// A real redis-server on a free port with its own temp dir, for the scale-out tests (#17).
// Ready when it said so and answered PING (scripts/lib/redis.js); never a sleep.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../scripts/lib/pocketbase.js';
import { startRedisServer } from '../../scripts/lib/redis.js';

export interface TestRedis {
  url: string;
  stop(): Promise<void>;
}

export async function startRedis(): Promise<TestRedis> {
  const dir = mkdtempSync(join(tmpdir(), 'packbench-redis-'));
  const server = await startRedisServer({ port: await freePort(), dir });
  return {
    url: server.url,
    async stop() {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  };
}
