import { redirect } from '@sveltejs/kit';
import { session } from '$lib/session.svelte';
import type { LayoutLoad } from './$types';

export const load: LayoutLoad = async ({ url }) => {
  const staff = await session.load();
  if (!staff) redirect(307, `/signin?next=${encodeURIComponent(url.pathname + url.search)}`);
  return { staff };
};
