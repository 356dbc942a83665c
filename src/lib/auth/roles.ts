// Which roles may use a part of the back office. Shared by the server (procedures, rooms)
// and the browser (navigation); the server always checks again.
import { z } from 'zod';

/** staff roles, defined once (zod enum) */
export const role = z.enum(['owner', 'manager', 'office', 'packer']);
export type Role = z.infer<typeof role>;

/** Which roles may use a part of the back office. Packers never reach office work. */
export const ROLE_GROUPS = {
  staff: ['owner', 'manager', 'office', 'packer'],
  packer: ['owner', 'manager', 'office', 'packer'],
  office: ['owner', 'manager', 'office'],
  manager: ['owner', 'manager'],
  owner: ['owner']
} as const satisfies Record<string, readonly Role[]>;

export type RoleGroup = keyof typeof ROLE_GROUPS;

export function hasRole(role: Role, group: RoleGroup): boolean {
  return (ROLE_GROUPS[group] as readonly Role[]).includes(role);
}
