// Calls tRPC procedures in-process with a real context (session from a real sign-in).
import { readSession } from '../../src/lib/server/auth/sessions';
import type { Context } from '../../src/lib/server/trpc/context';
import { createCaller } from '../../src/lib/server/trpc/root';

/** A cookie jar like SvelteKit's, for the procedures that set the session cookie. */
export class CookieJar {
  values = new Map<string, string>();
  get = (name: string) => this.values.get(name);
  set = (name: string, value: string) => void this.values.set(name, value);
  delete = (name: string) => void this.values.delete(name);
}

export function anonymousCaller(jar = new CookieJar(), ip = '127.0.0.1') {
  const ctx: Context = { session: null, cookies: jar, ip, userAgent: 'vitest' };
  return createCaller(ctx);
}

/** Signs in through the real procedure and returns a caller carrying that session. */
export async function signedInCaller(email: string, password: string) {
  const jar = new CookieJar();
  await anonymousCaller(jar).auth.signIn({ email, password });
  const token = jar.get('packbench_session');
  const session = await readSession(token);
  if (!session) throw new Error('sign-in produced no session');
  const caller = createCaller({ session, cookies: jar, ip: '127.0.0.1', userAgent: 'vitest' });
  return { caller, session, token: token!, jar };
}
