// Page guards for the payments screens: people without the role go elsewhere instead of
// seeing a screen whose every request would be refused (the server checks roles anyway).
import { redirect } from '@sveltejs/kit';
import type { StaffMember } from '$lib/session.svelte';

export async function allowRoles(parent: () => Promise<{ staff: StaffMember }>, roles: StaffMember['role'][], elsewhere: string) {
  const { staff } = await parent();
  if (!roles.includes(staff.role)) redirect(307, elsewhere);
}
