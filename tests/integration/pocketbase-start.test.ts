// Starting PocketBase for tests, benches and the scale seed: the server is ours only once it says
// it started on our address. A port that another process took between the free-port look-up and
// PocketBase's bind used to pass the health check against that other process (and then refuse
// our superuser); now it is PortInUse, and the free-port start simply tries another port.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PortInUse, resolvePocketBase, startPocketBase, startPocketBaseOnFreePort, upsertSuperuser } from '../../scripts/lib/pocketbase.js';

const dataDir = mkdtempSync(join(tmpdir(), 'packbench-start-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('starting PocketBase (test infrastructure)', () => {
  it('refuses a port another server holds, even one that answers /api/health', async () => {
    // an impostor that looks healthy
    const other = createServer((req, res) => res.writeHead(req.url === '/api/health' ? 200 : 404, { 'content-type': 'application/json' }).end('{"code":200}'));
    await new Promise<void>((r) => other.listen(0, '127.0.0.1', r));
    const port = (other.address() as AddressInfo).port;
    try {
      const bin = await resolvePocketBase({ log: () => {} });
      await expect(startPocketBase({ bin, dataDir, port })).rejects.toBeInstanceOf(PortInUse);
      const ours = await startPocketBaseOnFreePort({ bin, dataDir });
      try {
        expect(ours.url).not.toBe(`http://127.0.0.1:${port}`);
        expect((await fetch(`${ours.url}/api/health`)).ok).toBe(true);
      } finally {
        await ours.stop();
      }
    } finally {
      await new Promise((r) => other.close(r));
    }
  });

  it('creates a superuser whose random password starts with "-" (one in 64 of them), and says so when it cannot', async () => {
    const bin = await resolvePocketBase({ log: () => {} });
    const dir = mkdtempSync(join(tmpdir(), 'packbench-upsert-'));
    try {
      const password = '-z__1okrmhIW9jicaah4Y9HElOafYu5j';
      upsertSuperuser(bin, dir, 'dash@packbench.test', password);
      const pb = await startPocketBaseOnFreePort({ bin, dataDir: dir });
      try {
        const res = await fetch(`${pb.url}/api/collections/_superusers/auth-with-password`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ identity: 'dash@packbench.test', password })
        });
        expect(res.status).toBe(200);
      } finally {
        await pb.stop();
      }
      // PocketBase's CLI exits 0 on a refused upsert; the helper still throws
      expect(() => upsertSuperuser(bin, dir, 'not an e-mail', 'whatever-password-1234')).toThrow(/superuser upsert failed/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
