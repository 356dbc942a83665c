// Registering and revoking packing tablets; a revoked tablet locks at once.
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSession } from '../../src/lib/server/auth/sessions';
import { pb } from '../../src/lib/server/pocketbase/client';
import { CookieJar, anonymousCaller, signedInCaller } from '../support/caller';
import { createDevice, createStaff, setStaffPin, unlockTablet } from '../support/factories';
import { usePocketBase } from '../support/pocketbase';
import { connected, join, startSocketServer } from '../support/realtime';

usePocketBase();

let manager: Awaited<ReturnType<typeof signedInCaller>>;
let server: Awaited<ReturnType<typeof startSocketServer>>;

beforeAll(async () => {
  server = await startSocketServer();
  const m = await createStaff('manager', { name: 'Mona Manager' });
  manager = await signedInCaller(m.staff.email, m.password);
});
afterAll(() => server.stop());

async function errorOf(p: Promise<unknown>) {
  const e = await p.then(() => null, (err: unknown) => err);
  expect(e).toBeInstanceOf(TRPCError);
  return e as TRPCError & { cause: { key?: string } };
}

describe('registering a tablet', () => {
  it('on the tablet itself: the manager names it and it gets its secret as an httpOnly cookie', async () => {
    const device = await manager.caller.devices.registerHere({ name: 'Bench 1' });
    const secret = manager.jar.get('packbench_device');
    expect(secret).toMatch(/^[\w-]{40,}$/);
    const stored = await pb().collection('devices').getOne<{ secret_hash: string; registered_by: string }>(device.id);
    expect(stored.secret_hash).not.toContain(secret!);
    expect(stored.registered_by).toBe(manager.session.staff.id);
    expect((await manager.caller.pack.tablet()).device).toMatchObject({ id: device.id, name: 'Bench 1' });
  });

  it('from the office: a pairing code typed on the tablet works once, within 15 minutes', async () => {
    const pairing = await manager.caller.devices.createPairing({ name: 'Bench 2' });
    expect(pairing.code).toMatch(/^[2-9A-HJKMNP-Z]{8}$/);
    const tablet = new CookieJar();
    // typed with a space and in lower case
    const device = await anonymousCaller(tablet).devices.pair({ code: `${pairing.code.slice(0, 4)} ${pairing.code.slice(4).toLowerCase()}` });
    expect(device).toMatchObject({ id: pairing.device.id, paired: true, pairingExpires: null });
    expect((await anonymousCaller(tablet).pack.tablet()).device?.id).toBe(pairing.device.id);
    const again = await errorOf(anonymousCaller(new CookieJar(), '10.0.0.2').devices.pair({ code: pairing.code }));
    expect(again.cause.key).toBe('pack.errors.pairing_unknown');
  });

  it('an expired pairing code is refused and registers nothing', async () => {
    const pairing = await manager.caller.devices.createPairing({ name: 'Bench 3' });
    await pb().collection('devices').update(pairing.device.id, { pairing_expires: new Date(Date.now() - 1000).toISOString() });
    const jar = new CookieJar();
    const e = await errorOf(anonymousCaller(jar, '10.0.0.3').devices.pair({ code: pairing.code }));
    expect(e.cause.key).toBe('pack.errors.pairing_expired');
    expect(jar.get('packbench_device')).toBeUndefined();
  });

  it('guessing pairing codes is rate-limited per address', async () => {
    for (let i = 0; i < 10; i++) await errorOf(anonymousCaller(new CookieJar(), '10.9.9.9').devices.pair({ code: `ZZZZZZZ${i}` }));
    const e = await errorOf(anonymousCaller(new CookieJar(), '10.9.9.9').devices.pair({ code: 'ZZZZZZZZ' }));
    expect(e.code).toBe('TOO_MANY_REQUESTS');
  });

  it('only managers and owners register, list or revoke tablets', async () => {
    for (const role of ['packer', 'office'] as const) {
      const who = await createStaff(role);
      const { caller } = await signedInCaller(who.staff.email, who.password);
      expect((await errorOf(caller.devices.registerHere({ name: 'Mine' }))).code).toBe('FORBIDDEN');
      expect((await errorOf(caller.devices.createPairing({ name: 'Mine' }))).code).toBe('FORBIDDEN');
      expect((await errorOf(caller.devices.list())).code).toBe('FORBIDDEN');
    }
  });

  it('the idle lock time is set per tablet, within bounds', async () => {
    const { device } = await createDevice();
    expect(await manager.caller.devices.update({ id: device.id, idleLockSeconds: 300 })).toMatchObject({ idleLockSeconds: 300 });
    expect((await errorOf(manager.caller.devices.update({ id: device.id, idleLockSeconds: 5 }))).code).toBe('BAD_REQUEST');
  });
});

describe('revoking a tablet', () => {
  it('ends every session on it at once: its socket is told and dropped, and it cannot unlock again', async () => {
    const { secret, device } = await createDevice('Lost tablet');
    const { staff } = await createStaff('packer');
    await setStaffPin(staff.id, '6093');
    const tablet = await unlockTablet(secret, staff.id, '6093');
    const socket = server.connect(tablet.token);
    await connected(socket);
    expect(await join(socket, 'pack')).toEqual({ ok: true });
    const told = new Promise<void>((r) => socket.once('signedOut', () => r()));
    const dropped = new Promise<void>((r) => socket.once('disconnect', () => r()));

    expect(await manager.caller.devices.revoke({ id: device.id })).toEqual({ id: device.id, revoked: 1 });
    await Promise.all([told, dropped]);
    expect(await readSession(tablet.token)).toBeNull();

    const jar = new CookieJar();
    jar.set('packbench_device', secret);
    expect(await anonymousCaller(jar).pack.tablet()).toMatchObject({ device: null, packers: [] });
    const e = await errorOf(anonymousCaller(jar).pack.unlock({ staffId: staff.id, pin: '6093' }));
    expect(e.code).toBe('FORBIDDEN');
    const listed = (await manager.caller.devices.list()).devices.find((d) => d.id === device.id);
    expect(listed).toMatchObject({ revoked: true, paired: false });
  });
});
