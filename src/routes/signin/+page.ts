// A shop without an owner yet starts with the first run (issue #14).
import { redirect } from '@sveltejs/kit';
import { trpc } from '$lib/trpc';

export const load = async () => {
  // a failed check leaves the sign-in form (which then says what is wrong)
  const { needed } = await trpc.setup.status.query().catch(() => ({ needed: false }));
  if (needed) redirect(307, '/setup');
  return {};
};
