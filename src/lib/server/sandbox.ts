// The one place that decides whether the sandboxes (card gateway, courier) run (issue #12,
// finding 1). A server started without PACKBENCH_MODE is production: no sandbox, so a
// shop that forgets to configure anything never takes fake card payments.
// - PACKBENCH_MODE=demo (set by `npm start` when it seeds the demo shop, by `npm run dev`
//   and by the test support): both sandboxes run unless switched off by name.
// - SANDBOX_PAYMENTS=on / SANDBOX_COURIER=on switch one on by name in any mode;
//   SANDBOX_PAYMENTS=off switches the card sandbox off in demo mode. SANDBOX_COURIER=off
//   keeps its old meaning: the sandbox courier stays available but sends no events by itself.
export type SandboxName = 'payments' | 'courier';

let override: Partial<Record<SandboxName, boolean>> = {};

/** Tests switch a sandbox on or off explicitly; `null` goes back to the environment. */
export function configureSandbox(name: SandboxName, on: boolean | null) {
  if (on === null) delete override[name];
  else override = { ...override, [name]: on };
}

export function demoMode(): boolean {
  return process.env.PACKBENCH_MODE === 'demo';
}

export function sandboxOn(name: SandboxName): boolean {
  const forced = override[name];
  if (forced !== undefined) return forced;
  const byName = process.env[name === 'payments' ? 'SANDBOX_PAYMENTS' : 'SANDBOX_COURIER'];
  if (byName === 'on') return true;
  if (byName === 'off' && name === 'payments') return false;
  return demoMode();
}

