// The staff screen's API types, taken from the router.
import type { RouterInputs, RouterOutputs } from '$lib/trpc';

export type StaffList = RouterOutputs['staff']['list'];
export type StaffMemberRow = StaffList['staff'][number];
export type StaffAuditRow = StaffList['audit'][number];
export type CreatedStaff = RouterOutputs['staff']['create'];
export type CreateStaffInput = RouterInputs['staff']['create'];
