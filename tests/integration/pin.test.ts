// Packer PINs on a registered tablet: set by managers, slow to guess, rate-limited, packer rights only.
import { TRPCError } from '@trpc/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { forgetSession, readSession } from '../../src/lib/server/auth/sessions';
import { pb } from '../../src/lib/server/pocketbase/client';
import { CookieJar, anonymousCaller, signedInCaller } from '../support/caller';
import { createDevice, createStaff, setStaffPin, unlockTablet } from '../support/factories';
import { usePocketBase } from '../support/pocketbase';

usePocketBase();

let manager: Awaited<ReturnType<typeof signedInCaller>>;

beforeAll(async () => {
  const m = await createStaff('manager', { name: 'Mona Manager' });
  manager = await signedInCaller(m.staff.email, m.password);
});

function tabletJar(secret: string) {
  const jar = new CookieJar();
  jar.set('packbench_device', secret);
  return jar;
}

async function errorOf(p: Promise<unknown>) {
  const e = await p.then(() => null, (err: unknown) => err);
  expect(e).toBeInstanceOf(TRPCError);
  return e as TRPCError & { cause: { key?: string; params?: Record<string, unknown> } };
}

describe('setting PINs', () => {
  it('a manager sets a PIN; only its scrypt hash is stored', async () => {
    const { staff } = await createStaff('packer');
    await manager.caller.devices.setPin({ staffId: staff.id, pin: '471193' });
    const stored = await pb().collection('staff').getOne<{ pin_hash: string }>(staff.id);
    expect(stored.pin_hash).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(stored.pin_hash).not.toContain('471193');
    const list = await manager.caller.devices.list();
    expect(list.staff.find((s) => s.id === staff.id)).toMatchObject({ hasPin: true });
    expect(JSON.stringify(list)).not.toContain('scrypt');
  });

  it('issue #12 finding 6: refuses short, malformed and trivially guessable PINs with a clear message', async () => {
    const { staff } = await createStaff('packer');
    for (const pin of ['123456', '000000', '246802', '987654', '121212']) {
      const e = await errorOf(manager.caller.devices.setPin({ staffId: staff.id, pin }));
      expect(e.cause.key).toBe('pack.errors.pin_too_simple');
    }
    for (const pin of ['4711', '12a456']) {
      const e = await errorOf(manager.caller.devices.setPin({ staffId: staff.id, pin }));
      expect(e.code).toBe('BAD_REQUEST');
      expect(e.cause.key).toBe('pack.errors.pin_format');
    }
    expect((await pb().collection('staff').getOne<{ pin_hash: string }>(staff.id)).pin_hash).toBe('');
  });

  it('packers and office staff may not set PINs', async () => {
    const p = await createStaff('packer');
    const o = await createStaff('office');
    for (const who of [p, o]) {
      const caller = (await signedInCaller(who.staff.email, who.password)).caller;
      expect((await errorOf(caller.devices.setPin({ staffId: who.staff.id, pin: '4711' }))).code).toBe('FORBIDDEN');
    }
  });
});

describe('unlocking a tablet with a PIN', () => {
  it('lists the names with a PIN on a registered tablet only, and unlocks with the right PIN', async () => {
    const { secret, device } = await createDevice();
    const { staff } = await createStaff('packer', { name: 'Petra Pin' });
    await setStaffPin(staff.id, '5820');
    const stranger = await anonymousCaller().pack.tablet();
    expect(stranger).toEqual({ device: null, packers: [], session: null });
    const tablet = await anonymousCaller(tabletJar(secret)).pack.tablet();
    expect(tablet.device).toMatchObject({ id: device.id, idleLockSeconds: 120 });
    expect(tablet.packers).toContainEqual({ id: staff.id, name: 'Petra Pin' });

    const { session, token } = await unlockTablet(secret, staff.id, '5820');
    expect(session).toMatchObject({ method: 'pin', device: device.id, staff: { id: staff.id, role: 'packer' } });
    const rec = await pb().collection('sessions').getFirstListItem<{ expires: string }>(`id = '${session.sessionId}'`);
    expect(new Date(rec.expires.replace(' ', 'T')).getTime() - Date.now()).toBeLessThanOrEqual(12 * 3600_000);
    expect(await readSession(token)).not.toBeNull();
  });

  it('a wrong PIN, an unknown name and a person without PIN get the same answer', async () => {
    const { secret } = await createDevice();
    const { staff } = await createStaff('packer');
    await setStaffPin(staff.id, '5820');
    const noPin = await createStaff('packer');
    const jar = tabletJar(secret);
    for (const [staffId, pin] of [[staff.id, '5821'], [noPin.staff.id, '5820'], ['abcdefghijklmno', '5820']]) {
      const e = await errorOf(anonymousCaller(jar).pack.unlock({ staffId, pin }));
      expect([e.code, e.cause.key]).toEqual(['UNAUTHORIZED', 'pack.errors.wrong_pin']);
    }
    expect(jar.get('packbench_session')).toBeUndefined();
  });

  it('refuses to unlock anything but a registered tablet', async () => {
    const { staff } = await createStaff('packer');
    await setStaffPin(staff.id, '5820');
    const e = await errorOf(anonymousCaller().pack.unlock({ staffId: staff.id, pin: '5820' }));
    expect([e.code, e.cause.key]).toEqual(['FORBIDDEN', 'pack.errors.not_a_tablet']);
    const forged = await errorOf(anonymousCaller(tabletJar('forged-secret')).pack.unlock({ staffId: staff.id, pin: '5820' }));
    expect(forged.code).toBe('FORBIDDEN');
  });

  it('issue #12 finding 6: five wrong PINs in a row lock the PIN on every tablet until a manager unlocks it', async () => {
    const { secret } = await createDevice();
    const { staff } = await createStaff('packer');
    await setStaffPin(staff.id, '582046');
    const jar = tabletJar(secret);
    // the tries arrive at once: the count is kept by PocketBase, none is lost
    const tries = await Promise.all(Array.from({ length: 5 }, (_, i) => errorOf(anonymousCaller(jar).pack.unlock({ staffId: staff.id, pin: `90101${i}` }))));
    expect(tries.map((e) => e.cause.key)).toContain('pack.errors.pin_locked');
    const other = await createDevice();
    const e = await errorOf(anonymousCaller(tabletJar(other.secret)).pack.unlock({ staffId: staff.id, pin: '582046' }));
    expect([e.code, e.cause.key, e.message]).toEqual(['FORBIDDEN', 'pack.errors.pin_locked', 'This PIN is locked after 5 wrong tries. Ask a manager to unlock it.']);
    expect((await manager.caller.devices.list()).staff.find((s) => s.id === staff.id)).toMatchObject({ hasPin: true, pinLocked: true });
    await manager.caller.devices.unlockPin({ staffId: staff.id });
    expect((await manager.caller.devices.list()).staff.find((s) => s.id === staff.id)).toMatchObject({ pinLocked: false });
    await anonymousCaller(jar).pack.unlock({ staffId: staff.id, pin: '582046' });
    expect(await pb().collection('staff').getOne(staff.id)).toMatchObject({ pin_failures: 0, pin_locked: false });
  });

  it('issue #12 finding 6: a right PIN resets the count, so wrong tries do not add up over a shift', async () => {
    const { secret } = await createDevice();
    const { staff } = await createStaff('packer');
    await setStaffPin(staff.id, '582046');
    const jar = tabletJar(secret);
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 4; i++) await errorOf(anonymousCaller(jar).pack.unlock({ staffId: staff.id, pin: `70707${i}` }));
      await anonymousCaller(jar).pack.unlock({ staffId: staff.id, pin: '582046' });
    }
    expect(await pb().collection('staff').getOne(staff.id)).toMatchObject({ pin_failures: 0, pin_locked: false });
  });

  it('issue #12 finding 6: the server ends a PIN session left alone longer than the tablet\'s idle lock (plus a minute)', async () => {
    const { secret, device } = await createDevice();
    await pb().collection('devices').update(device.id, { idle_lock_seconds: 120 });
    const { staff } = await createStaff('packer');
    await setStaffPin(staff.id, '582046');
    const jar = tabletJar(secret);
    await anonymousCaller(jar).pack.unlock({ staffId: staff.id, pin: '582046' });
    const token = jar.get('packbench_session')!;
    const session = (await readSession(token))!;
    expect(await pb().collection('sessions').getOne(session.sessionId)).toMatchObject({ idle_seconds: 180 });
    // used 170 s ago: still open, and the use is recorded
    await pb().collection('sessions').update(session.sessionId, { last_seen: new Date(Date.now() - 170_000).toISOString() });
    forgetSession(session.sessionId);
    expect(await readSession(token)).not.toBeNull();
    expect(Date.now() - Date.parse((await pb().collection('sessions').getOne(session.sessionId)).last_seen)).toBeLessThan(10_000);
    // left alone 190 s: ended
    await pb().collection('sessions').update(session.sessionId, { last_seen: new Date(Date.now() - 190_000).toISOString() });
    forgetSession(session.sessionId);
    expect(await readSession(token)).toBeNull();
  });

  it('limits guesses per tablet across packers (20 tries)', async () => {
    const { secret } = await createDevice();
    const packers = await Promise.all(Array.from({ length: 5 }, () => createStaff('packer')));
    const target = await createStaff('packer');
    await setStaffPin(target.staff.id, '5820');
    const jar = tabletJar(secret);
    // 4 wrong tries on each of 5 packers: never the per-packer limit, but 20 on this tablet
    await Promise.all(packers.flatMap((p) => Array.from({ length: 4 }, (_, i) => errorOf(anonymousCaller(jar).pack.unlock({ staffId: p.staff.id, pin: `703${i}` })))));
    const e = await errorOf(anonymousCaller(jar).pack.unlock({ staffId: target.staff.id, pin: '5820' }));
    expect(e.code).toBe('TOO_MANY_REQUESTS');
  });

  it('a manager who unlocks with a PIN gets packer rights only on the tablet', async () => {
    const { secret } = await createDevice();
    const m = await createStaff('manager');
    await setStaffPin(m.staff.id, '3958');
    const { caller, session } = await unlockTablet(secret, m.staff.id, '3958');
    expect(session.staff.role).toBe('packer');
    expect((await errorOf(caller.orders.queue({}))).code).toBe('FORBIDDEN');
    expect((await errorOf(caller.devices.list())).code).toBe('FORBIDDEN');
    expect(Array.isArray(await caller.pack.queue())).toBe(true);
  });

  it('switching packer: locking ends the session, the next PIN opens a new one', async () => {
    const { secret } = await createDevice();
    const a = await createStaff('packer');
    const b = await createStaff('packer');
    await setStaffPin(a.staff.id, '1375');
    await setStaffPin(b.staff.id, '8624');
    const first = await unlockTablet(secret, a.staff.id, '1375');
    await first.caller.pack.lock();
    expect(await readSession(first.token)).toBeNull();
    const second = await unlockTablet(secret, b.staff.id, '8624');
    expect(second.session.staff.id).toBe(b.staff.id);
  });
});
