import { redirect } from '@sveltejs/kit';
import { session } from '$lib/session.svelte';
import { packerMayOpen } from '$lib/layout/nav';
import type { LayoutLoad } from './$types';

export const load: LayoutLoad = async ({ url }) => {
  const staff = await session.load();
  if (!staff) redirect(307, `/signin?next=${encodeURIComponent(url.pathname + url.search)}`);
  // signed in with a one-time password: their own password first (issue #14)
  if (staff.mustChangePassword) redirect(307, `/account/password?next=${encodeURIComponent(url.pathname + url.search)}`);
  // packers work in the tablet app; other office screens would only refuse them
  if (staff.role === 'packer' && !packerMayOpen(url.pathname)) redirect(307, '/pack');
  return { staff };
};
