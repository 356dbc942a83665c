// The staff screen's state: the list and audit, and each action with its error. After every
// change (and after a refused one: someone else may have changed the person) the list reloads.
import { describeError, trpc } from '$lib/trpc';
import { i18n } from '$lib/i18n/index.svelte';
import type { StaffList, StaffMemberRow } from './api';
import { checkStaffDetails, type NewStaffInput, type StaffDetailsInput } from './rules';
import type { Role } from '$lib/auth/roles';

export class StaffScreen {
  data = $state<StaffList | null>(null);
  error = $state<string | null>(null);
  notice = $state<string | null>(null);
  busy = $state<string | null>(null);
  /** the one-time password of the person just created or reset; shown once */
  oneTime = $state<{ name: string; email: string; password: string } | null>(null);

  async load() {
    try {
      this.data = await trpc.staff.list.query();
    } catch (e) {
      this.error = describeError(e).message;
    }
  }

  private async act(id: string, run: () => Promise<unknown>): Promise<boolean> {
    this.busy = id;
    this.error = null;
    this.notice = null;
    try {
      await run();
      return true;
    } catch (e) {
      this.error = describeError(e).message;
      return false;
    } finally {
      this.busy = null;
      await this.load();
    }
  }

  /** the invitation e-mail is queued; errors go back to the form, which shows them by field */
  async invite(input: NewStaffInput) {
    const made = await trpc.staff.invite.mutate(input);
    this.oneTime = null;
    this.notice = i18n.t('staff.invited', { email: made.email, until: i18n.dateTime(made.until) });
    await this.load();
  }

  /** a new link for someone who has not accepted theirs (lost, ran out); the old one stops working */
  resendInvitation(row: StaffMemberRow) {
    return this.act(row.id, async () => {
      const { until } = await trpc.staff.resendInvitation.mutate({ id: row.id, version: row.version });
      this.notice = i18n.t('staff.invited', { email: row.email, until: i18n.dateTime(until) });
    });
  }

  /** errors go back to the form, which shows them by field */
  async create(input: NewStaffInput) {
    const made = await trpc.staff.create.mutate(input);
    this.oneTime = { name: made.name, email: made.email, password: made.password };
    this.notice = null;
    await this.load();
  }

  /**
   * Corrects a name or e-mail. Per-field messages come back (checked here first, then by the
   * server: an e-mail someone else uses); empty when saved. The form keeps what was typed.
   */
  async updateDetails(row: StaffMemberRow, input: StaffDetailsInput): Promise<Record<string, string>> {
    const problems = checkStaffDetails(input);
    if (Object.keys(problems).length) return Object.fromEntries(Object.keys(problems).map((k) => [k, i18n.t(`staff.validation.${k}`)]));
    let result: Record<string, string> = {};
    await this.act(row.id, async () => {
      try {
        await trpc.staff.update.mutate({ id: row.id, version: row.version, ...input });
        this.notice = null;
      } catch (e) {
        const d = describeError(e);
        result = d.params.field === 'email' ? { email: d.message } : d.fields;
        throw e;
      }
    });
    // a field's message is shown beside the field, not also above the list
    if (Object.keys(result).length) this.error = null;
    return result;
  }

  changeRole(row: StaffMemberRow, role: Role) {
    return this.act(row.id, () => trpc.staff.changeRole.mutate({ id: row.id, version: row.version, role }));
  }

  setActive(row: StaffMemberRow, active: boolean) {
    return this.act(row.id, () => trpc.staff.setActive.mutate({ id: row.id, version: row.version, active }));
  }

  resetPassword(row: StaffMemberRow) {
    return this.act(row.id, async () => {
      const { password } = await trpc.staff.resetPassword.mutate({ id: row.id, version: row.version });
      this.oneTime = { name: row.name, email: row.email, password };
    });
  }

  setPin(row: StaffMemberRow, pin: string) {
    return this.act(row.id, () => trpc.staff.setPin.mutate({ id: row.id, version: row.version, pin }));
  }

  clearPin(row: StaffMemberRow) {
    return this.act(row.id, () => trpc.staff.clearPin.mutate({ id: row.id, version: row.version }));
  }
}
