// State of the /mail screen: the mailbox or the outbox, one page of it, refreshed every few
// seconds while open (mail is delivered in the background).
import type { RouterOutputs } from '$lib/trpc';
import { untrack } from 'svelte';
import { trpc } from '$lib/trpc';
import { mailErrorMessage } from './mail-error';

type MailOutputs = RouterOutputs['mail'];
export type MailboxPage = MailOutputs['mailbox'];
export type OutboxPage = MailOutputs['outbox'];
export type MailboxMessage = MailOutputs['message'];
export type OutboxStatus = 'pending' | 'sent' | 'failed' | 'dead';

export interface MailFilter {
  tab: 'mailbox' | 'outbox';
  search: string;
  status: OutboxStatus | '';
  page: number;
}

const REFRESH_MS = 5000;

export class MailCenter {
  transport = $state<'smtp' | 'mailbox' | null>(null);
  mailbox = $state<MailboxPage | null>(null);
  outbox = $state<OutboxPage | null>(null);
  loading = $state(false);
  error = $state('');
  notice = $state('');
  private filter: MailFilter = { tab: 'mailbox', search: '', status: '', page: 1 };
  private timer: ReturnType<typeof setInterval> | null = null;
  private seq = 0;

  /** Called from an effect: reads no state itself, so only `filter` re-runs it. */
  start(filter: MailFilter) {
    this.filter = filter;
    this.stop();
    untrack(() => {
      void this.load();
      if (!this.transport) trpc.mail.transport.query().then((t) => (this.transport = t.kind), () => {});
    });
    this.timer = setInterval(() => void this.load(true), REFRESH_MS);
  }

  stop() {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  async load(quiet = false) {
    const seq = ++this.seq;
    const f = this.filter;
    if (!quiet) this.loading = true;
    try {
      if (f.tab === 'mailbox') {
        const res = await trpc.mail.mailbox.query({ page: f.page, search: f.search || undefined });
        if (seq === this.seq) this.mailbox = res;
      } else {
        const res = await trpc.mail.outbox.query({ page: f.page, status: f.status || undefined });
        if (seq === this.seq) this.outbox = res;
      }
      if (seq === this.seq) this.error = '';
    } catch (e) {
      if (seq === this.seq) this.error = mailErrorMessage(e);
    } finally {
      if (seq === this.seq) this.loading = false;
    }
  }

  async retry(id: string, done: string) {
    try {
      await trpc.mail.retry.mutate({ id });
      this.notice = done;
      this.error = '';
      await this.load(true);
    } catch (e) {
      this.error = mailErrorMessage(e);
    }
  }
}
