// Shared by every benchmark: where results go, and a real stack (PocketBase + built app
// server with the demo shop) on free ports. Files starting with _ are not benchmarks.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startAppServer } from '../scripts/lib/app-server.js';
import { buildIfStale } from '../scripts/lib/build.js';
import { freePort, ROOT, startTestPocketBase } from '../scripts/lib/pocketbase.js';
import { seedDemo } from '../scripts/lib/seed.js';

/** Writes bench-results/<name>.json with the machine context beside the figures. */
export function writeResult(name: string, figures: Record<string, unknown>) {
  const dir = join(ROOT, 'bench-results');
  mkdirSync(dir, { recursive: true });
  const report = { bench: name, date: new Date().toISOString(), node: process.version, ...figures };
  writeFileSync(join(dir, `${name}.json`), JSON.stringify(report, null, 2) + '\n');
  console.log(`wrote bench-results/${name}.json`);
  return report;
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

export interface BenchStack {
  appUrl: string;
  pocketbase: { url: string; email: string; password: string };
  demo: Record<'owner' | 'manager' | 'office' | 'packer', { email: string; password: string }>;
  /** a signed-in session cookie value for a demo role */
  signIn(role: 'owner' | 'manager' | 'office' | 'packer'): Promise<string>;
  stop(): Promise<void>;
}

export async function startBenchStack(): Promise<BenchStack> {
  buildIfStale();
  const pb = await startTestPocketBase();
  const { creds } = await seedDemo({ url: pb.url, email: pb.email, password: pb.password, dataDir: pb.dataDir, log: () => {} });
  const port = await freePort();
  const app = startAppServer({ env: { PACKBENCH_MODE: 'demo', POCKETBASE_URL: pb.url, PB_SUPERUSER_EMAIL: pb.email, PB_SUPERUSER_PASSWORD: pb.password }, port, stdio: 'ignore' });
  await app.ready;
  return {
    appUrl: app.url,
    pocketbase: { url: pb.url, email: pb.email, password: pb.password },
    demo: creds,
    async signIn(role) {
      const res = await fetch(`${app.url}/api/trpc/auth.signIn`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ json: creds[role] })
      });
      const cookie = res.headers.getSetCookie().find((c) => c.startsWith('packbench_session='));
      if (!res.ok || !cookie) throw new Error(`sign-in as ${role} failed: ${res.status}`);
      return cookie.split(';')[0].split('=')[1];
    },
    async stop() {
      await app.stop();
      await pb.stop();
    }
  };
}
