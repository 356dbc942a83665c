import { describe, expect, it } from 'vitest';
import { assignableRoles, checkNewStaff, checkStaffDetails, mayAssign, mayManage } from './rules';

describe('#14 F44 who may manage whom', () => {
  it('owners manage everyone; managers everyone but owners; nobody else anyone', () => {
    expect(['owner', 'manager', 'office', 'packer'].map((r) => mayManage('owner', r as never))).toEqual([true, true, true, true]);
    expect(['owner', 'manager', 'office', 'packer'].map((r) => mayManage('manager', r as never))).toEqual([false, true, true, true]);
    expect(mayManage('office', 'packer')).toBe(false);
    expect(mayManage('packer', 'packer')).toBe(false);
    expect(mayAssign('manager', 'office', 'owner')).toBe(false);
    expect(mayAssign('manager', 'owner', 'manager')).toBe(false);
    expect(mayAssign('manager', null, 'manager')).toBe(true);
    expect(mayAssign('owner', 'office', 'owner')).toBe(true);
    expect(assignableRoles('manager')).toEqual(['manager', 'office', 'packer']);
    expect(assignableRoles('office')).toEqual([]);
  });

  it('names each bad field of a new person', () => {
    expect(checkNewStaff({ name: '', email: 'x', role: 'office' })).toEqual({ name: 'Enter a name', email: expect.any(String) });
    expect(checkNewStaff({ name: 'Ann', email: 'ANN@Example.com', role: 'packer' })).toEqual({});
  });

  it('names each bad field of a corrected name or e-mail, and takes the address as it will be stored', () => {
    expect(checkStaffDetails({ name: ' ', email: 'no-at-sign' })).toEqual({ name: 'Enter a name', email: expect.any(String) });
    expect(checkStaffDetails({ name: 'Ann', email: ' ANN@Example.com ' })).toEqual({});
  });
});
