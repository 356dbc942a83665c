// Seeds the demo shop once, in one PocketBase batch (one transaction): either all of it
// lands or nothing does, and running it again adds no duplicates.
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import PocketBase from 'pocketbase';
import { buildDemoData, DEMO_STAFF } from './demo-data.js';

/** Demo passwords are random per install and kept beside the data (mode 0600). */
/**
 * @param {string} dataDir
 * @returns {Record<'owner' | 'manager' | 'office' | 'packer', { email: string; password: string }>}
 */
export function demoCredentials(dataDir) {
  const file = join(dataDir, 'demo-credentials.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8'));
  const creds = Object.fromEntries(DEMO_STAFF.map(([role, , email]) => [role, { email, password: `${role}-${randomBytes(6).toString('base64url')}` }]));
  writeFileSync(file, JSON.stringify(creds, null, 2), { mode: 0o600 });
  chmodSync(file, 0o600);
  return /** @type {ReturnType<typeof demoCredentials>} */ (creds);
}

/** @param {{ url: string; email: string; password: string; dataDir: string; log?: (m: string) => void }} opts */
export async function seedDemo({ url, email, password, dataDir, log = console.log }) {
  const pb = new PocketBase(url);
  pb.autoCancellation(false);
  await pb.collection('_superusers').authWithPassword(email, password);
  const creds = demoCredentials(dataDir);
  const marker = await pb.collection('settings').getList(1, 1, { filter: "key = 'demo_seed'" });
  if (marker.totalItems > 0) return { seeded: false, creds };

  const { records } = buildDemoData({
    passwords: Object.fromEntries(Object.entries(creds).map(([role, c]) => [role, c.password])),
    randomToken: () => randomBytes(18).toString('base64url')
  });
  const batch = pb.createBatch();
  for (const [collection, body] of records) batch.collection(collection).create(body);
  await batch.send();
  log(`Seeded demo data: ${records.length} records.`);
  return { seeded: true, creds };
}
