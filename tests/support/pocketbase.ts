// A real PocketBase per test file: free port, temporary data dir, migrations applied,
// and the app server's modules pointed at it.
import { afterAll, beforeAll } from 'vitest';
import { startTestPocketBase } from '../../scripts/lib/pocketbase.js';
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
