// E2E: a built app server and a real PocketBase with the demo shop, on free ports.
import type { TestProject } from 'vitest/node';
import { startAppServer } from '../../scripts/lib/app-server.js';
import { buildIfStale } from '../../scripts/lib/build.js';
import { freePort, startTestPocketBase } from '../../scripts/lib/pocketbase.js';
import { seedDemo } from '../../scripts/lib/seed.js';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    pocketbase: { url: string; email: string; password: string };
    demo: Record<'owner' | 'manager' | 'office' | 'packer', { email: string; password: string }>;
  }
}

export default async function setup(project: TestProject) {
  buildIfStale({ log: (m: string) => console.log(`[e2e] ${m}`) });
  const pb = await startTestPocketBase();
  const { creds } = await seedDemo({ url: pb.url, email: pb.email, password: pb.password, dataDir: pb.dataDir, log: () => {} });
  const port = await freePort();
  const app = startAppServer({
    env: { PACKBENCH_MODE: 'demo', POCKETBASE_URL: pb.url, PB_SUPERUSER_EMAIL: pb.email, PB_SUPERUSER_PASSWORD: pb.password, WEBHOOK_ALLOW_HOSTS: '127.0.0.1' },
    port,
    stdio: process.env.E2E_LOG ? 'inherit' : 'ignore'
  });
  await app.ready;
  project.provide('baseUrl', app.url);
  project.provide('pocketbase', { url: pb.url, email: pb.email, password: pb.password });
  project.provide('demo', creds);
  return async () => {
    await app.stop();
    await pb.stop();
  };
}
