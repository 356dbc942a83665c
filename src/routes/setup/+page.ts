// The first run: only while the shop has no owner (the server refuses it afterwards anyway).
import { redirect } from '@sveltejs/kit';
import { trpc } from '$lib/trpc';

export const load = async () => {
  const { needed } = await trpc.setup.status.query();
  if (!needed) redirect(307, '/signin');
  return {};
};
