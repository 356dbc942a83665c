// A real PocketBase per test file: free port, temporary data dir, migrations applied,
// and the app server's modules pointed at it.
import { afterAll, beforeAll } from 'vitest';
import { resolvePocketBase, startPocketBase, startTestPocketBase } from '../../scripts/lib/pocketbase.js';
import { configureServer } from '../../src/lib/server/config';
import { pb, resetPb } from '../../src/lib/server/pocketbase/client';

export type TestPocketBase = Awaited<ReturnType<typeof startTestPocketBase>>;

export async function startPocketBaseForServer(): Promise<TestPocketBase> {
  const instance = await startTestPocketBase();
  resetPb();
  configureServer({ pocketbaseUrl: instance.url, superuserEmail: instance.email, superuserPassword: instance.password });
  return instance;
}

/** Starts PocketBase before the file's tests and removes it afterwards. */
export function usePocketBase() {
  const state: { pb: TestPocketBase | null } = { pb: null };
  beforeAll(async () => {
    state.pb = await startPocketBaseForServer();
    await pb().collection('_superusers').authWithPassword(state.pb.email, state.pb.password);
  });
  afterAll(async () => {
    resetPb();
    await state.pb?.stop();
  });
  return state;
}

/**
 * Fault drills: kills PocketBase with SIGKILL (no shutdown, as in a power cut) and starts it
 * again on the same port and data dir, waiting for its health endpoint. The state's instance
 * keeps its data dir and credentials, so the file's afterAll still stops and removes it.
 */
export async function crashAndRestartPocketBase(state: { pb: TestPocketBase | null }): Promise<void> {
  const current = state.pb!;
  if (current.child.exitCode === null && current.child.signalCode === null) {
    await new Promise<void>((resolve) => {
      current.child.once('exit', () => resolve());
      current.child.kill('SIGKILL');
    });
  }
  const port = Number(new URL(current.url).port);
  const restarted = await startPocketBase({ bin: await resolvePocketBase({ log: () => {} }), dataDir: current.dataDir, port });
  state.pb = {
    ...current,
    child: restarted.child,
    stop: async () => {
      await restarted.stop();
      await current.stop(); // its process is gone already; this removes the data dir
    }
  };
}
