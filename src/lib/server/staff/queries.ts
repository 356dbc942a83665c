// The staff list for owners and managers: who, which role, active, has a PIN, last sign-in.
import { collection, filterValue, isNotFound } from '../pocketbase/client';
import type { StaffRecord } from '../pocketbase/records';
import { AppError } from '../errors';

export type StaffFull = StaffRecord & { version?: number; pin_hash?: string };

export interface InvitationRecord {
  id: string;
  staff: string;
  token_hash: string;
  expires_at: string;
  used: boolean;
  used_at: string;
  replaced: boolean;
  invited_by: string;
  created: string;
}
declare module '$lib/server/pocketbase/collections' {
  interface Collections {
    staff_invitations: InvitationRecord;
  }
}

export interface StaffRow {
  id: string;
  name: string;
  email: string;
  role: StaffRecord['role'];
  active: boolean;
  hasPin: boolean;
  /** when they last signed in (password or PIN); null = never */
  lastSignIn: string | null;
  /** invited and not accepted yet: until when the link works (maybe past); null = not waiting for an invitation */
  invitedUntil: string | null;
  version: number;
}

export async function getStaff(id: string): Promise<StaffFull> {
  try {
    return await collection('staff').getOne<StaffFull>(id);
  } catch (e) {
    if (isNotFound(e)) throw new AppError('NOT_FOUND', 'staff.errors.unknown', 'This person does not exist.');
    throw e;
  }
}

async function lastSignIn(staffId: string): Promise<string | null> {
  const res = await collection('sessions').getList<{ created: string }>(1, 1, { filter: `staff = ${filterValue(staffId)}`, sort: '-created', fields: 'created', skipTotal: true });
  return res.items[0]?.created ?? null;
}

/** The open invitation of each person who has one: until when it works. */
async function openInvitations(): Promise<Map<string, string>> {
  const open = await collection('staff_invitations').getFullList({ filter: 'used = false && replaced = false', fields: 'staff,expires_at' });
  return new Map(open.map((i) => [i.staff, i.expires_at]));
}

export async function listStaff(): Promise<StaffRow[]> {
  const [staff, invited] = await Promise.all([
    collection('staff').getFullList<StaffFull>({ sort: 'name,id', fields: 'id,name,email,role,active,pin_hash,version' }),
    openInvitations()
  ]);
  const last = await Promise.all(staff.map((s) => lastSignIn(s.id)));
  return staff.map((s, i) => ({
    id: s.id,
    name: s.name,
    email: s.email,
    role: s.role,
    active: !!s.active,
    hasPin: !!s.pin_hash,
    lastSignIn: last[i],
    invitedUntil: invited.get(s.id) ?? null,
    version: s.version ?? 0
  }));
}

/** active owners other than `exceptId` */
export async function otherActiveOwners(exceptId: string): Promise<StaffFull[]> {
  return collection('staff').getFullList<StaffFull>({ filter: `role = 'owner' && active = true && id != ${filterValue(exceptId)}`, fields: 'id,name,role,active' });
}

/** the sessions that still let this person in */
export async function liveSessions(staffId: string): Promise<string[]> {
  const rows = await collection('sessions').getFullList<{ id: string }>({ filter: `staff = ${filterValue(staffId)} && revoked = false && expires > @now`, fields: 'id' });
  return rows.map((r) => r.id);
}
