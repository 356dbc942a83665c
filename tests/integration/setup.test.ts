// Issue #14: the first run. With no owner yet the app asks for the owner's account and the
// shop's details; two browsers at once make exactly one owner; afterwards /setup is refused.
import { TRPCError } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import { readSession } from '../../src/lib/server/auth/sessions';
import { pb } from '../../src/lib/server/pocketbase/client';
import { shopSetting } from '../../src/lib/server/shop/settings';
import { CookieJar, anonymousCaller } from '../support/caller';
import { usePocketBase } from '../support/pocketbase';

usePocketBase();

const shop = {
  name: 'Kiosk am Eck',
  email: 'hallo@kiosk.example',
  currency: 'eur',
  timeZone: 'Europe/Vienna',
  vatId: 'ATU12345678',
  address: { name: 'Kiosk am Eck', street: 'Ecke 1', postcode: '1010', city: 'Wien', country: 'at' }
};
const owner = (n: number) => ({ name: `Owner ${n}`, email: `owner${n}@kiosk.example`, password: `long-password-${n}`, locale: 'de' as const });

async function errorOf(p: Promise<unknown>) {
  const e = await p.then(() => null, (err: unknown) => err);
  expect(e).toBeInstanceOf(TRPCError);
  return e as TRPCError & { cause: { key?: string } };
}

describe('#14 first run', () => {
  it('refuses bad fields by name and writes nothing', async () => {
    expect(await anonymousCaller().setup.status()).toEqual({ needed: true });
    const e = await errorOf(anonymousCaller().setup.complete({ owner: { ...owner(0), password: 'short' }, shop: { ...shop, timeZone: 'Mars/Olympus', currency: 'XYZW' } }));
    expect(e.code).toBe('BAD_REQUEST');
    expect(e.cause).toBeDefined();
    const paths = ((e.cause as unknown as { issues: { path: string[] }[] }).issues ?? []).map((i) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['owner.password', 'shop.timeZone', 'shop.currency']));
    expect((await pb().collection('staff').getList(1, 1)).totalItems).toBe(0);
  });

  it('two browsers at once make exactly one owner; the winner is signed in, the shop details saved', async () => {
    const jars = [0, 1, 2, 3].map(() => new CookieJar());
    const results = await Promise.allSettled(jars.map((jar, i) => anonymousCaller(jar, `10.0.0.${i}`).setup.complete({ owner: owner(i + 1), shop })));
    const won = results.map((r, i) => ({ r, i })).filter((x) => x.r.status === 'fulfilled');
    expect(won).toHaveLength(1);
    for (const x of results) if (x.status === 'rejected') expect((x.reason as { cause: { key: string } }).cause.key).toBe('setup.errors.done');

    const owners = await pb().collection('staff').getFullList({ filter: "role = 'owner'" });
    expect(owners).toHaveLength(1);
    const winner = won[0].i;
    expect(owners[0]).toMatchObject({ email: `owner${winner + 1}@kiosk.example`, active: true, locale: 'de' });
    const session = await readSession(jars[winner].get('packbench_session'));
    expect(session?.staff).toMatchObject({ role: 'owner', email: `owner${winner + 1}@kiosk.example` });
    for (const [i, jar] of jars.entries()) if (i !== winner) expect(jar.get('packbench_session')).toBeUndefined();

    shopSetting.forget();
    expect(await shopSetting.get()).toMatchObject({ name: 'Kiosk am Eck', currency: 'EUR', timeZone: 'Europe/Vienna', vatId: 'ATU12345678', locale: 'de', address: { city: 'Wien', country: 'AT' } });
    const audit = await pb().collection('staff_audit').getFullList();
    expect(audit).toEqual([expect.objectContaining({ action: 'setup', target: owners[0].id, actor: '' })]);
  });

  it('is refused once an owner exists, and says so', async () => {
    expect(await anonymousCaller().setup.status()).toEqual({ needed: false });
    const e = await errorOf(anonymousCaller(new CookieJar(), '10.0.1.1').setup.complete({ owner: owner(9), shop }));
    expect(e.code).toBe('FORBIDDEN');
    expect(e.cause.key).toBe('setup.errors.done');
    expect((await pb().collection('staff').getFullList({ filter: "role = 'owner'" }))).toHaveLength(1);
  });

  it('is rate-limited per address', async () => {
    const ip = '10.0.2.2';
    let last: TRPCError | null = null;
    for (let i = 0; i < 11; i++) last = await errorOf(anonymousCaller(new CookieJar(), ip).setup.complete({ owner: owner(20 + i), shop }));
    expect(last!.code).toBe('TOO_MANY_REQUESTS');
  });
});
