import { redirect } from '@sveltejs/kit';
import { session } from '$lib/session.svelte';

export const load = async ({ url }) => {
  const staff = await session.load();
  if (!staff) redirect(307, `/signin?next=${encodeURIComponent(url.pathname)}`);
  return { staff };
};
