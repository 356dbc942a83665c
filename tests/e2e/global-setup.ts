// E2E: a built app server and a real PocketBase with the demo shop, on free ports.
import { closeSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
  // the test files of this run (E2E and integration) use this build; none builds again under the running server
  process.env.PACKBENCH_BUILD_READY = '1';
  const pb = await startTestPocketBase();
  const { creds } = await seedDemo({ url: pb.url, email: pb.email, password: pb.password, dataDir: pb.dataDir, log: () => {} });
  const port = await freePort();
  // the app server's output goes to a file; if it ends before the run does, its last lines are printed
  const logPath = join(tmpdir(), `packbench-e2e-app-${process.pid}.log`);
  const logFd = openSync(logPath, 'w');
  const app = startAppServer({
    env: { PACKBENCH_MODE: 'demo', POCKETBASE_URL: pb.url, PB_SUPERUSER_EMAIL: pb.email, PB_SUPERUSER_PASSWORD: pb.password, WEBHOOK_ALLOW_HOSTS: '127.0.0.1' },
    port,
    stdio: process.env.E2E_LOG ? 'inherit' : logFd
  });
  let stopping = false;
  app.child.once('exit', (code, signal) => {
    if (stopping) return;
    const tail = readFileSync(logPath, 'utf8').split('\n').slice(-60).join('\n');
    console.error(`[e2e] the app server ended during the run (exit code ${code}, signal ${signal}); its last output (${logPath}):\n${tail}`);
  });
  await app.ready;
  project.provide('baseUrl', app.url);
  project.provide('pocketbase', { url: pb.url, email: pb.email, password: pb.password });
  project.provide('demo', creds);
  return async () => {
    stopping = true;
    await app.stop();
    closeSync(logFd);
    await pb.stop();
  };
}
