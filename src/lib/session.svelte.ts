// The signed-in staff member in the browser.
import { goto } from '$app/navigation';
import { i18n } from '$lib/i18n/index.svelte';
import { connectRealtime, disconnectRealtime } from '$lib/realtime/socket';
import { trpc } from '$lib/trpc';

export interface StaffMember {
  id: string;
  email: string;
  name: string;
  role: 'owner' | 'manager' | 'office' | 'packer';
  locale: 'en' | 'de' | '';
  /** signed in with a one-time password: /account/password first */
  mustChangePassword?: boolean;
}

class Session {
  staff = $state<StaffMember | null>(null);
  loaded = $state(false);

  async load(): Promise<StaffMember | null> {
    if (!this.loaded) {
      this.staff = (await trpc.auth.me.query()) as StaffMember | null;
      this.loaded = true;
      i18n.set(this.staff?.locale || (typeof localStorage !== 'undefined' ? localStorage.getItem('packbench.locale') : null));
    }
    if (this.staff) connectRealtime(() => this.expired());
    return this.staff;
  }

  signedIn(staff: StaffMember) {
    this.staff = staff;
    this.loaded = true;
    i18n.set(staff.locale);
  }

  async setLocale(locale: 'en' | 'de') {
    i18n.set(locale);
    localStorage.setItem('packbench.locale', locale);
    if (this.staff) await trpc.auth.setLocale.mutate({ locale });
  }

  async signOut() {
    await trpc.auth.signOut.mutate().catch(() => {});
    this.clear();
    await goto('/signin');
  }

  private async expired() {
    this.clear();
    await goto('/signin?expired=1');
  }

  private clear() {
    disconnectRealtime();
    this.staff = null;
    this.loaded = false;
  }
}

export const session = new Session();
