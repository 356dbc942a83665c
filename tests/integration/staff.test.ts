// Issue #14 (F44): staff are managed in the app. Owners and managers list, create, change,
// deactivate and reset staff; the last owner stays; deactivation ends sessions and sockets at
// once; two managers at once hear of each other; every change is on the audit list.
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { readSession } from '../../src/lib/server/auth/sessions';
import { pb } from '../../src/lib/server/pocketbase/client';
import { createCaller } from '../../src/lib/server/trpc/root';
import { CookieJar, anonymousCaller, signedInCaller } from '../support/caller';
import { createStaff } from '../support/factories';
import { usePocketBase } from '../support/pocketbase';
import { connected, disconnected, join, startSocketServer } from '../support/realtime';

usePocketBase();

let owner: Awaited<ReturnType<typeof signedInCaller>>;
let manager: Awaited<ReturnType<typeof signedInCaller>>;
let server: Awaited<ReturnType<typeof startSocketServer>>;

beforeAll(async () => {
  const o = await createStaff('owner', { name: 'Olga Owner' });
  owner = await signedInCaller(o.staff.email, o.password);
  const m = await createStaff('manager', { name: 'Mona Manager' });
  manager = await signedInCaller(m.staff.email, m.password);
  server = await startSocketServer();
  const realtime = pb().realtime as unknown as { isConnected: boolean; subscriptions: Record<string, unknown> };
  await vi.waitFor(() => expect(realtime.isConnected && Object.keys(realtime.subscriptions).some((k) => k.startsWith('staff/*'))).toBe(true), { timeout: 10_000 });
});
afterAll(() => server?.stop());

/** what the HTTP handler does for every request: the session from the cookie, as it is now */
async function callerFromToken(token: string) {
  const session = await readSession(token);
  return createCaller({ session, cookies: new CookieJar(), ip: '127.0.0.1', userAgent: 'vitest' });
}

async function errorOf(p: Promise<unknown>) {
  const e = await p.then(() => null, (err: unknown) => err);
  expect(e).toBeInstanceOf(TRPCError);
  return e as TRPCError & { cause: { key?: string; params?: Record<string, unknown> } };
}

async function row(id: string) {
  const list = await owner.caller.staff.list();
  const r = list.staff.find((s) => s.id === id);
  if (!r) throw new Error(`no staff ${id}`);
  return r;
}

async function auditOf(id: string) {
  return pb().collection('staff_audit').getFullList<{ action: string; actor: string; target: string; data: Record<string, unknown> }>({ filter: `target = '${id}'`, sort: 'created,id' });
}

describe('#14 F44 staff list and new staff', () => {
  it('lists staff with role, active and last sign-in, never a password or PIN hash', async () => {
    const list = await manager.caller.staff.list();
    const me = list.staff.find((s) => s.id === manager.session.staff.id)!;
    expect(me).toMatchObject({ name: 'Mona Manager', role: 'manager', active: true, hasPin: false });
    expect(me.lastSignIn).not.toBeNull();
    expect(JSON.stringify(list)).not.toMatch(/scrypt|password|pin_hash|tokenKey/);
  });

  it('a manager creates an office member with a one-time password that signs in; the audit has it', async () => {
    const made = await manager.caller.staff.create({ name: 'Otto Office', email: 'Otto@Example.com', role: 'office', locale: 'de' });
    expect(made.password).toMatch(/^[A-Za-z0-9]{5}-[A-Za-z0-9]{5}-[A-Za-z0-9]{5}$/);
    expect(made.email).toBe('otto@example.com');
    const signedIn = await signedInCaller('otto@example.com', made.password);
    expect(signedIn.session.staff).toMatchObject({ role: 'office', name: 'Otto Office' });
    const entries = await auditOf(made.id);
    expect(entries).toEqual([expect.objectContaining({ action: 'created', actor: manager.session.staff.id, data: { role: 'office', email: 'otto@example.com' } })]);
    expect((await manager.caller.staff.list()).audit[0]).toMatchObject({ action: 'created', actorName: 'Mona Manager', targetName: 'Otto Office' });
  });

  it('refuses a taken e-mail and bad fields by name, and writes nothing', async () => {
    const before = (await pb().collection('staff').getList(1, 1)).totalItems;
    const taken = await errorOf(manager.caller.staff.create({ name: 'Twin', email: manager.session.staff.email, role: 'office' }));
    expect(taken.cause.key).toBe('staff.errors.email_taken');
    const bad = await errorOf(manager.caller.staff.create({ name: ' ', email: 'nope', role: 'office' }));
    expect(bad.code).toBe('BAD_REQUEST');
    expect((await pb().collection('staff').getList(1, 1)).totalItems).toBe(before);
  });
});

describe('#14 F44 one-time passwords are used once', () => {
  it('signed in with a one-time password, only choosing their own is allowed: office work, rooms and the old password stop', async () => {
    const made = await manager.caller.staff.create({ name: 'Fresh Clerk', email: 'fresh@example.com', role: 'office' });
    const first = await signedInCaller('fresh@example.com', made.password);
    expect(first.session.staff.mustChangePassword).toBe(true);
    const refused = await errorOf(first.caller.orders.queue({}));
    expect(refused.code).toBe('FORBIDDEN');
    expect(refused.cause.key).toBe('staff.errors.choose_password');
    const s = server.connect(first.token);
    await connected(s);
    expect(await join(s, 'queue')).toEqual({ ok: false, error: 'forbidden' });

    const wrong = await errorOf(first.caller.staff.changeOwnPassword({ current: 'not-it', next: 'my-own-password' }));
    expect(wrong.cause.key).toBe('staff.errors.wrong_current');
    const same = await errorOf(first.caller.staff.changeOwnPassword({ current: made.password, next: made.password }));
    expect(same.cause.key).toBe('staff.errors.same_password');
    await first.caller.staff.changeOwnPassword({ current: made.password, next: 'my-own-password' });
    expect(await join(s, 'queue')).toEqual({ ok: true });

    // the same session now works, with its flag re-read
    const now = await callerFromToken(first.token);
    expect((await now.auth.me())?.mustChangePassword).toBe(false);
    await now.orders.queue({});
    expect((await errorOf(anonymousCaller().auth.signIn({ email: 'fresh@example.com', password: made.password }))).cause.key).toBe('auth.wrong_credentials');
    const again = await signedInCaller('fresh@example.com', 'my-own-password');
    expect(again.session.staff.mustChangePassword).toBe(false);
    expect((await auditOf(made.id)).map((e) => e.action)).toEqual(['created', 'password_changed']);
  });
});

describe('#14 F44 who may manage whom', () => {
  it('office and packer staff reach none of the staff procedures', async () => {
    for (const roleName of ['office', 'packer'] as const) {
      const { staff, password } = await createStaff(roleName);
      const { caller } = await signedInCaller(staff.email, password);
      const target = await row(staff.id);
      const calls = [
        caller.staff.list(),
        caller.staff.create({ name: 'X', email: `x-${roleName}@example.com`, role: 'packer' }),
        caller.staff.changeRole({ id: staff.id, version: target.version, role: 'manager' }),
        caller.staff.setActive({ id: staff.id, version: target.version, active: false }),
        caller.staff.resetPassword({ id: staff.id, version: target.version }),
        caller.staff.setPin({ id: staff.id, version: target.version, pin: '471193' }),
        caller.staff.clearPin({ id: staff.id, version: target.version })
      ];
      for (const call of calls) expect((await errorOf(call)).code).toBe('FORBIDDEN');
    }
    expect((await errorOf(anonymousCaller().staff.list())).code).toBe('UNAUTHORIZED');
  });

  it('managers cannot create owners, promote to owner, or change an owner', async () => {
    const ownerRow = await row(owner.session.staff.id);
    expect((await errorOf(manager.caller.staff.create({ name: 'Boss', email: 'boss@example.com', role: 'owner' }))).cause.key).toBe('staff.errors.not_allowed');
    const { staff } = await createStaff('office');
    const officeRow = await row(staff.id);
    expect((await errorOf(manager.caller.staff.changeRole({ id: staff.id, version: officeRow.version, role: 'owner' }))).code).toBe('FORBIDDEN');
    expect((await errorOf(manager.caller.staff.setActive({ id: ownerRow.id, version: ownerRow.version, active: false }))).code).toBe('FORBIDDEN');
    expect((await errorOf(manager.caller.staff.resetPassword({ id: ownerRow.id, version: ownerRow.version }))).code).toBe('FORBIDDEN');
    // an owner may
    await owner.caller.staff.changeRole({ id: staff.id, version: officeRow.version, role: 'manager' });
    expect((await row(staff.id)).role).toBe('manager');
  });
});

describe('#14 F44 the last owner, and yourself', () => {
  it('the last active owner can be neither demoted nor deactivated; with a second owner one can go', async () => {
    const me = await row(owner.session.staff.id);
    expect((await errorOf(owner.caller.staff.changeRole({ id: me.id, version: me.version, role: 'manager' }))).cause.key).toBe('staff.errors.last_owner');
    expect((await row(me.id)).role).toBe('owner');

    const second = await owner.caller.staff.create({ name: 'Second Owner', email: 'second-owner@example.com', role: 'owner' });
    const secondRow = await row(second.id);
    await owner.caller.staff.setActive({ id: second.id, version: secondRow.version, active: false });
    // a deactivated owner does not count
    const again = await row(me.id);
    expect((await errorOf(owner.caller.staff.changeRole({ id: me.id, version: again.version, role: 'manager' }))).cause.key).toBe('staff.errors.last_owner');
  });

  it('two owners demoting each other at once leave one owner', async () => {
    const a = await createStaff('owner', { name: 'Owner A' });
    const b = await createStaff('owner', { name: 'Owner B' });
    // the standing owner is off for this test, so A and B are the only active owners
    const olga = await row(owner.session.staff.id);
    const ca = await signedInCaller(a.staff.email, a.password);
    await ca.caller.staff.changeRole({ id: olga.id, version: olga.version, role: 'manager' });
    const [ra, rb] = [await row(a.staff.id), await row(b.staff.id)];
    const cb = await signedInCaller(b.staff.email, b.password);
    const results = await Promise.allSettled([
      ca.caller.staff.changeRole({ id: b.staff.id, version: rb.version, role: 'manager' }),
      cb.caller.staff.changeRole({ id: a.staff.id, version: ra.version, role: 'manager' })
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const owners = await pb().collection('staff').getFullList({ filter: "role = 'owner' && active = true" });
    expect(owners).toHaveLength(1);
    // put the standing owner back for the other tests
    const winner = owners[0].id === a.staff.id ? ca : cb;
    const back = await row(olga.id);
    await winner.caller.staff.changeRole({ id: olga.id, version: back.version, role: 'owner' });
  });

  it('nobody deactivates themself or resets their own password here', async () => {
    const me = await row(manager.session.staff.id);
    expect((await errorOf(manager.caller.staff.setActive({ id: me.id, version: me.version, active: false }))).cause.key).toBe('staff.errors.not_yourself');
    expect((await errorOf(manager.caller.staff.resetPassword({ id: me.id, version: me.version }))).cause.key).toBe('staff.errors.own_password');
    expect((await row(me.id)).active).toBe(true);
  });
});

describe('#14 F44 deactivation ends sessions and sockets at once', () => {
  it('a deactivated member: their next call is refused, their socket is signed out, sign-in refused; reactivation lets them in', async () => {
    const { staff, password } = await createStaff('office');
    const signedIn = await signedInCaller(staff.email, password);
    await signedIn.caller.orders.queue({}); // the session works (and is cached)
    const s = server.connect(signedIn.token);
    await connected(s);
    const signedOut = new Promise<void>((r) => s.once('signedOut', () => r()));
    const dropped = disconnected(s);

    const r = await row(staff.id);
    const res = await manager.caller.staff.setActive({ id: staff.id, version: r.version, active: false });
    expect(res.revoked).toBe(1);
    await Promise.all([signedOut, dropped]);

    const old = await callerFromToken(signedIn.token);
    expect(await old.auth.me()).toBeNull();
    expect((await errorOf(old.orders.queue({}))).code).toBe('UNAUTHORIZED');
    const session = await pb().collection('sessions').getOne(signedIn.session.sessionId);
    expect(session.revoked).toBe(true);
    expect((await errorOf(anonymousCaller().auth.signIn({ email: staff.email, password }))).cause.key).toBe('auth.deactivated');

    const back = await row(staff.id);
    expect(back.active).toBe(false);
    await manager.caller.staff.setActive({ id: staff.id, version: back.version, active: true });
    await signedInCaller(staff.email, password);
    expect((await auditOf(staff.id)).map((e) => e.action)).toEqual(['deactivated', 'reactivated']);
  });

  it('a password reset gives a new one-time password and ends the old sessions', async () => {
    const { staff, password } = await createStaff('packer');
    const signedIn = await signedInCaller(staff.email, password);
    const r = await row(staff.id);
    const { password: fresh } = await manager.caller.staff.resetPassword({ id: staff.id, version: r.version });
    expect(fresh).not.toBe(password);
    expect(await readSession(signedIn.token)).toBeNull();
    expect((await errorOf(anonymousCaller().auth.signIn({ email: staff.email, password }))).cause.key).toBe('auth.wrong_credentials');
    expect((await signedInCaller(staff.email, fresh)).session.staff.mustChangePassword).toBe(true);
    expect((await auditOf(staff.id)).map((e) => e.action)).toEqual(['password_reset']);
  });
});

describe('#14 F44 PINs and concurrent edits', () => {
  it('sets and clears a packer PIN under the strength rules, with audit entries', async () => {
    const { staff } = await createStaff('packer');
    let r = await row(staff.id);
    expect((await errorOf(manager.caller.staff.setPin({ id: staff.id, version: r.version, pin: '123456' }))).cause.key).toBe('pack.errors.pin_too_simple');
    expect((await errorOf(manager.caller.staff.setPin({ id: staff.id, version: r.version, pin: '4711' }))).cause.key).toBe('pack.errors.pin_format');
    await manager.caller.staff.setPin({ id: staff.id, version: r.version, pin: '471193' });
    r = await row(staff.id);
    expect(r.hasPin).toBe(true);
    const stored = await pb().collection('staff').getOne<{ pin_hash: string }>(staff.id);
    expect(stored.pin_hash).toMatch(/^scrypt\$/);
    await manager.caller.staff.clearPin({ id: staff.id, version: r.version });
    expect((await row(staff.id)).hasPin).toBe(false);
    expect((await auditOf(staff.id)).map((e) => e.action)).toEqual(['pin_set', 'pin_cleared']);
  });

  it('PINs set on the tablet setup screen go on the audit list too, under the same role rules', async () => {
    const { staff } = await createStaff('packer');
    await manager.caller.devices.setPin({ staffId: staff.id, pin: '583920' });
    await manager.caller.devices.clearPin({ staffId: staff.id });
    expect((await auditOf(staff.id)).map((e) => e.action)).toEqual(['pin_set', 'pin_cleared']);
    expect((await errorOf(manager.caller.devices.setPin({ staffId: owner.session.staff.id, pin: '583920' }))).cause.key).toBe('staff.errors.not_allowed');
  });

  it('two managers change the same person at once: one wins, the other hears who changed', async () => {
    const { staff } = await createStaff('office', { name: 'Contested Clerk' });
    const second = await createStaff('manager');
    const other = await signedInCaller(second.staff.email, second.password);
    const r = await row(staff.id);
    const results = await Promise.allSettled([
      manager.caller.staff.changeRole({ id: staff.id, version: r.version, role: 'packer' }),
      other.caller.staff.changeRole({ id: staff.id, version: r.version, role: 'manager' })
    ]);
    const refused = results.filter((x): x is PromiseRejectedResult => x.status === 'rejected');
    expect(refused).toHaveLength(1);
    expect(refused[0].reason).toBeInstanceOf(TRPCError);
    expect(refused[0].reason.code).toBe('CONFLICT');
    expect(refused[0].reason.cause.key).toBe('staff.errors.changed');
    expect(refused[0].reason.cause.params).toEqual({ name: 'Contested Clerk' });
    expect(await auditOf(staff.id)).toHaveLength(1);
  });
});

describe('#14 F44 correcting a name or e-mail', () => {
  it('a manager corrects a name and e-mail: the person signs in with the new address and stays signed in; the audit says what changed', async () => {
    const { staff, password } = await createStaff('office', { name: 'Gretta Tippfehler' });
    const them = await signedInCaller(staff.email, password);
    const before = await row(staff.id);
    const saved = await manager.caller.staff.update({ id: staff.id, version: before.version, name: 'Greta Tippfehler', email: ' Greta.T@Example.com ' });
    expect(saved.version).toBe(before.version + 1);
    expect(await row(staff.id)).toMatchObject({ name: 'Greta Tippfehler', email: 'greta.t@example.com' });
    // their open session goes on (read from its cookie, as every request does), under the new name
    expect(await (await callerFromToken(them.token)).auth.me()).toMatchObject({ name: 'Greta Tippfehler', email: 'greta.t@example.com' });
    await expect(signedInCaller(staff.email, password)).rejects.toThrow();
    expect((await signedInCaller('greta.t@example.com', password)).session.staff.id).toBe(staff.id);
    const entries = await auditOf(staff.id);
    expect(entries.at(-1)).toMatchObject({
      action: 'details_changed',
      actor: manager.session.staff.id,
      data: { from_name: 'Gretta Tippfehler', to_name: 'Greta Tippfehler', from_email: staff.email, to_email: 'greta.t@example.com' }
    });
    // the same values again change nothing
    expect((await manager.caller.staff.update({ id: staff.id, version: saved.version, name: 'Greta Tippfehler', email: 'greta.t@example.com' })).version).toBe(saved.version);
    expect(await auditOf(staff.id)).toHaveLength(entries.length);
  });

  it('refuses an e-mail someone else uses, a bad field, an owner for a manager, and a stale version, by name, writing nothing', async () => {
    const { staff } = await createStaff('packer', { name: 'Paul Packer' });
    const r = await row(staff.id);
    const taken = await errorOf(manager.caller.staff.update({ id: staff.id, version: r.version, name: 'Paul Packer', email: manager.session.staff.email }));
    expect(taken.cause).toMatchObject({ key: 'staff.errors.email_taken', params: { field: 'email' } });
    const bad = await errorOf(manager.caller.staff.update({ id: staff.id, version: r.version, name: '', email: 'paul@example.com' }));
    expect(bad.code).toBe('BAD_REQUEST');
    const ownerRow = await row(owner.session.staff.id);
    expect((await errorOf(manager.caller.staff.update({ id: ownerRow.id, version: ownerRow.version, name: 'Renamed', email: 'renamed@example.com' }))).code).toBe('FORBIDDEN');
    expect((await errorOf(manager.caller.staff.update({ id: staff.id, version: r.version + 1, name: 'Paul P.', email: staff.email }))).cause.key).toBe('staff.errors.changed');
    expect(await row(staff.id)).toMatchObject({ name: 'Paul Packer', email: staff.email, version: r.version });
    expect((await auditOf(staff.id)).filter((a) => a.action === 'details_changed')).toEqual([]);
  });
});
