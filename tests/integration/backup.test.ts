// Backups (issue #12, "Backups"): `npm run backup` / `npm run restore` on a real PocketBase.
// A backup restored into a fresh data dir gives the same orders, stock and ledger, both for a
// backup PocketBase makes while it runs and for one zipped from a stopped data dir; a restore
// over a running data dir is refused.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyBackupSchedule, backupSchedule, createBackup, restoreBackup, superuserToken } from '../../scripts/lib/backup.js';
import { startPocketBaseOnFreePort } from '../../scripts/lib/pocketbase.js';
import { pb } from '../../src/lib/server/pocketbase/client';
import { createOrder, createStockedProduct } from '../support/factories';
import { usePocketBase } from '../support/pocketbase';

const state = usePocketBase();
const scratch: string[] = [];
const freshDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'packbench-restore-'));
  scratch.push(d);
  return join(d, 'pb_data');
};
afterAll(() => scratch.forEach((d) => rmSync(d, { recursive: true, force: true })));

type Snapshot = { orders: unknown[]; lines: unknown[]; products: unknown[]; ledger: unknown[] };

/** The business state the restore must keep: orders with their lines, stock per product, the stock ledger. */
async function snapshot(url: string, email: string, password: string): Promise<Snapshot> {
  const token = await superuserToken(url, email, password);
  const list = async (collection: string, fields: string) => {
    const r = await fetch(`${url}/api/collections/${collection}/records?perPage=500&sort=id&fields=${fields}`, { headers: { authorization: token } });
    expect(r.status).toBe(200);
    return ((await r.json()) as { items: unknown[] }).items;
  };
  return {
    orders: await list('orders', 'id,number,status,payment_status,total_cents,email,version'),
    lines: await list('order_lines', 'id,order,product,qty,unit_price_cents'),
    products: await list('products', 'id,sku,on_hand,reserved'),
    ledger: await list('stock_movements', 'id,product,order,delta_on_hand,delta_reserved,reason')
  };
}

async function startOn(dataDir: string) {
  const { stop, url } = await startPocketBaseOnFreePort({ bin: process.env.POCKETBASE_BIN!, dataDir });
  return { stop, url };
}

/** restores `file` into a fresh data dir, starts a PocketBase on it and reads its orders, stock and ledger */
async function restoredSnapshot(file: string, who: { email: string; password: string }): Promise<Snapshot> {
  const target = freshDir();
  await restoreBackup({ file, dataDir: target });
  const restored = await startOn(target);
  try {
    return await snapshot(restored.url, who.email, who.password);
  } finally {
    await restored.stop();
  }
}

let before: Snapshot;

beforeAll(async () => {
  const [a, b] = [await createStockedProduct(40), await createStockedProduct(7)];
  await createOrder({ total_cents: 4598 }, [{ product: a, qty: 2 }, { product: b, qty: 1 }]);
  await createOrder({ payment_status: 'paid', total_cents: 1999 }, [{ product: a, qty: 1 }]);
  for (const [product, delta] of [[a, 40], [b, 7], [a, -3]] as const) {
    await pb().collection('stock_movements').create({ product: product.id, delta_on_hand: delta, delta_reserved: 0, reason: delta > 0 ? 'initial' : 'adjustment' });
  }
  const s = state.pb!;
  before = await snapshot(s.url, s.email, s.password);
  expect(before.ledger.length).toBeGreaterThanOrEqual(3);
});

describe('issue #12 backups: npm run backup / npm run restore', () => {
  it('a backup of the running PocketBase, restored into a fresh data dir, has the same orders, stock and ledger', async () => {
    const s = state.pb!;
    const file = await createBackup({ dataDir: s.dataDir, pbUrl: s.url, credentials: { email: s.email, password: s.password } });
    expect(file.startsWith(join(s.dataDir, 'backups'))).toBe(true);

    expect(await restoredSnapshot(file, s)).toEqual(before);
  });

  it('a stopped data dir is backed up by zipping it, and that backup restores the same state', async () => {
    const s = state.pb!;
    const first = freshDir();
    await restoreBackup({ file: await createBackup({ dataDir: s.dataDir, pbUrl: s.url, credentials: s }), dataDir: first });
    // nothing runs on `first`: no pbUrl, the files are zipped as they are
    expect(await restoredSnapshot(await createBackup({ dataDir: first }), s)).toEqual(before);
  });

  it('refuses to restore over a data dir PocketBase is running on, and leaves it as it was', async () => {
    const s = state.pb!;
    const file = await createBackup({ dataDir: s.dataDir, pbUrl: s.url, credentials: s });
    await expect(restoreBackup({ file, dataDir: s.dataDir, running: true })).rejects.toThrow(/running/);
    expect(await snapshot(s.url, s.email, s.password)).toEqual(before);
  });

  it('restoring over a stopped data dir keeps what it replaced as a backup', async () => {
    const s = state.pb!;
    const file = await createBackup({ dataDir: s.dataDir, pbUrl: s.url, credentials: s });
    const target = freshDir();
    await restoreBackup({ file, dataDir: target });
    const { previous } = await restoreBackup({ file, dataDir: target });
    expect(previous && existsSync(previous)).toBe(true);
  });

  it('scheduled backups are on by default (daily, kept 14) and follow BACKUP_CRON / BACKUP_KEEP', async () => {
    expect(backupSchedule({})).toEqual({ cron: '0 3 * * *', cronMaxKeep: 14 });
    expect(backupSchedule({ BACKUP_CRON: 'off' }).cron).toBe('');
    expect(() => backupSchedule({ BACKUP_KEEP: '0' })).toThrow(/BACKUP_KEEP/);
    const s = state.pb!;
    const token = await superuserToken(s.url, s.email, s.password);
    await applyBackupSchedule({ url: s.url, token, env: { BACKUP_CRON: '30 2 * * *', BACKUP_KEEP: '5' } });
    const settings = (await (await fetch(`${s.url}/api/settings`, { headers: { authorization: token } })).json()) as { backups: { cron: string; cronMaxKeep: number } };
    expect(settings.backups).toMatchObject({ cron: '30 2 * * *', cronMaxKeep: 5 });
  });
});
