// Issue #14 (F44): staff invited by e-mail. A manager invites; the e-mail (outbox, rendered by
// its template) holds a one-time link; the invitation keeps only the token's hash. Following
// the link the person chooses a password and is signed in. The link works once (two tabs at
// once: one wins), until it runs out, and not after a newer invitation or a deactivation.
import { TRPCError } from '@trpc/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { hashToken, readSession, verifyPassword } from '../../src/lib/server/auth/sessions';
import { configureMail } from '../../src/lib/server/mail/config';
import { renderEmail } from '../../src/lib/server/mail/templates/registry';
import { pb } from '../../src/lib/server/pocketbase/client';
import { CookieJar, anonymousCaller, signedInCaller } from '../support/caller';
import { createStaff } from '../support/factories';
import { usePocketBase } from '../support/pocketbase';

usePocketBase();

let manager: Awaited<ReturnType<typeof signedInCaller>>;
let seq = 0;

beforeAll(async () => {
  configureMail({ appUrl: 'https://packbench.example', smtpUrl: null, from: null });
  const m = await createStaff('manager', { name: 'Mona Manager' });
  manager = await signedInCaller(m.staff.email, m.password);
});

async function errorOf(p: Promise<unknown>) {
  const e = await p.then(() => null, (err: unknown) => err);
  expect(e).toBeInstanceOf(TRPCError);
  return e as TRPCError & { cause: { key?: string; params?: Record<string, unknown> } };
}

/** invites someone new; the token from their e-mail, read from the outbox as the mail worker would */
async function invite(over: Record<string, unknown> = {}) {
  const email = `neu${++seq}@example.com`;
  const made = await manager.caller.staff.invite({ name: `Nina Neu ${seq}`, email, role: 'packer', locale: 'de', ...over });
  const mail = await pb().collection('outbox').getFirstListItem<{ payload: { locale: string; data: { token: string } } }>(`topic = "staff_invitation" && recipient = "${email}"`, { sort: '-created' });
  return { made, email, token: mail.payload.data.token, mail };
}

const latestToken = async (email: string) =>
  (await pb().collection('outbox').getFirstListItem<{ payload: { data: { token: string } } }>(`topic = "staff_invitation" && recipient = "${email}"`, { sort: '-created,-id' })).payload.data.token;

describe('F44 staff invitations (#14)', () => {
  it('creates the person with an e-mail holding a one-time link; only the hash is stored; nobody can sign in yet', async () => {
    const { made, email, token, mail } = await invite();
    expect(made).toMatchObject({ email, name: expect.stringContaining('Nina Neu') });
    expect(Date.parse(made.until) - Date.now()).toBeGreaterThan(6.9 * 86_400_000);
    const rendered = await renderEmail({ topic: 'staff_invitation', locale: mail.payload.locale, data: mail.payload.data });
    expect(rendered.subject).toMatch(/^Einladung in das Backoffice von /);
    expect(rendered.text).toContain(`https://packbench.example/invite/${token}`);
    expect(rendered.text).toContain('Mona Manager hat Sie');
    expect(rendered.text).toContain('Packer:in');
    const invitation = await pb().collection('staff_invitations').getFirstListItem(`staff = "${made.id}"`);
    expect(invitation.token_hash).toBe(hashToken(token));
    expect(JSON.stringify(invitation)).not.toContain(token);
    const audit = await pb().collection('staff_audit').getFullList({ filter: `target = "${made.id}"` });
    expect(audit.map((a) => a.action)).toEqual(['invited']);
    expect(JSON.stringify(audit)).not.toContain(token);
    const row = (await manager.caller.staff.list()).staff.find((s) => s.id === made.id)!;
    expect(row.invitedUntil).toBe(invitation.expires_at);
  });

  it('the link names the account, sets the chosen password, signs the person in, and works once', async () => {
    const { made, email, token } = await invite();
    const visitor = anonymousCaller(new CookieJar(), '10.0.0.1');
    expect(await visitor.auth.invitation({ token })).toMatchObject({ name: made.name, email, locale: 'de' });

    const short = await errorOf(visitor.auth.acceptInvitation({ token, password: 'kurz' }));
    expect(short.code).toBe('BAD_REQUEST');

    const jar = new CookieJar();
    const staff = await anonymousCaller(jar, '10.0.0.1').auth.acceptInvitation({ token, password: 'mein-eigenes-Passwort' });
    expect(staff).toMatchObject({ id: made.id, role: 'packer', mustChangePassword: false });
    expect((await readSession(jar.get('packbench_session')))?.staff.id).toBe(made.id);
    expect((await verifyPassword(email, 'mein-eigenes-Passwort')).id).toBe(made.id);

    for (const again of [() => visitor.auth.invitation({ token }), () => visitor.auth.acceptInvitation({ token, password: 'noch-ein-Passwort' })]) {
      const e = await errorOf(again());
      expect(e.cause.key).toBe('staff.invite.errors.unusable');
    }
    expect((await manager.caller.staff.list()).staff.find((s) => s.id === made.id)!.invitedUntil).toBeNull();
    const audit = await pb().collection('staff_audit').getFullList({ filter: `target = "${made.id}"`, sort: 'created' });
    expect(audit.map((a) => a.action)).toEqual(['invited', 'invitation_accepted']);
  });

  it('two tabs accepting at once: exactly one password wins', async () => {
    const { email, token } = await invite();
    const results = await Promise.allSettled(['erstes-Passwort-123', 'zweites-Passwort-456'].map((password) => anonymousCaller(new CookieJar(), '10.0.0.2').auth.acceptInvitation({ token, password })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const winner = results[0].status === 'fulfilled' ? 'erstes-Passwort-123' : 'zweites-Passwort-456';
    const loser = winner === 'erstes-Passwort-123' ? 'zweites-Passwort-456' : 'erstes-Passwort-123';
    await expect(verifyPassword(email, winner)).resolves.toBeTruthy();
    await expect(verifyPassword(email, loser)).rejects.toThrow();
  });

  it('a new invitation replaces the old link; an expired link and a switched-off account are refused with a clear message', async () => {
    const { made, email, token } = await invite();
    const row = (await manager.caller.staff.list()).staff.find((s) => s.id === made.id)!;
    const again = await manager.caller.staff.resendInvitation({ id: made.id, version: row.version });
    const fresh = await latestToken(email);
    expect(fresh).not.toBe(token);
    expect(again.until).toBeTruthy();
    expect((await errorOf(anonymousCaller().auth.invitation({ token }))).cause.key).toBe('staff.invite.errors.unusable');
    expect(await anonymousCaller().auth.invitation({ token: fresh })).toMatchObject({ email });

    const open = await pb().collection('staff_invitations').getFirstListItem(`staff = "${made.id}" && used = false && replaced = false`);
    await pb().collection('staff_invitations').update(open.id, { expires_at: new Date(Date.now() - 1000).toISOString() });
    const e = await errorOf(anonymousCaller().auth.acceptInvitation({ token: fresh, password: 'abgelaufen-aber-lang' }));
    expect(e.cause.key).toBe('staff.invite.errors.expired');
    await expect(verifyPassword(email, 'abgelaufen-aber-lang')).rejects.toThrow();

    // sent again after it ran out, then the person is switched off before following it
    const r2 = (await manager.caller.staff.list()).staff.find((s) => s.id === made.id)!;
    await manager.caller.staff.resendInvitation({ id: made.id, version: r2.version });
    const third = await latestToken(email);
    const r3 = (await manager.caller.staff.list()).staff.find((s) => s.id === made.id)!;
    await manager.caller.staff.setActive({ id: made.id, version: r3.version, active: false });
    expect((await errorOf(anonymousCaller().auth.acceptInvitation({ token: third, password: 'ausgeschaltet-123' }))).cause.key).toBe('auth.deactivated');
  });

  it('refuses what the role may not do, an e-mail in use, resending to someone who chose a password, and a made-up link', async () => {
    const e1 = await errorOf(manager.caller.staff.invite({ name: 'Otto Owner', email: 'otto@example.com', role: 'owner', locale: 'en' }));
    expect(e1.code).toBe('FORBIDDEN');
    const { email } = await invite();
    const e2 = await errorOf(manager.caller.staff.invite({ name: 'Doppelt', email, role: 'office', locale: 'en' }));
    expect(e2.cause.params).toMatchObject({ field: 'email' });

    const someone = await createStaff('office');
    const row = (await manager.caller.staff.list()).staff.find((s) => s.id === someone.staff.id)!;
    const e3 = await errorOf(manager.caller.staff.resendInvitation({ id: row.id, version: row.version }));
    expect(e3.cause.key).toBe('staff.invite.errors.nothing_open');

    const e4 = await errorOf(anonymousCaller().auth.invitation({ token: 'A'.repeat(43) }));
    expect(e4.cause.key).toBe('staff.invite.errors.unusable');
    const e5 = await errorOf(anonymousCaller().auth.invitation({ token: 'kein-token' }));
    expect(e5.code).toBe('BAD_REQUEST');
  });
});
