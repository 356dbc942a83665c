// The settings module (issue #11, point 4) against a real PocketBase: defaults, cache and its
// invalidation, and saves that race without losing a field or creating a second row.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { pb } from '../../src/lib/server/pocketbase/client';
import { RealtimeRelay } from '../../src/lib/server/realtime/relay';
import type { PackbenchServer } from '../../src/lib/server/realtime/socket-server';
import { defineSecret, defineSetting } from '../../src/lib/server/settings';
import { loadShop } from '../../src/lib/server/mail/document-input';
import { DEFAULT_SHOP, shopSettings } from '../../src/lib/server/shop/settings';
import { usePocketBase } from '../support/pocketbase';

usePocketBase();

const schema = z.object({
  a: z.number().int(),
  b: z.string(),
  nested: z.object({ x: z.boolean(), y: z.number() })
});
const defaults = { a: 1, b: 'one', nested: { x: true, y: 2 } };
// a long TTL, so only an explicit invalidation can make a change visible within the test
const define = (key: string) => defineSetting(key, schema, defaults, { ttlMs: 600_000 });

const rows = (key: string) => pb().collection('settings').getFullList<{ id: string; value: Record<string, unknown> }>({ filter: pb().filter('key = {:key}', { key }) });

describe('settings module (issue #11)', () => {
  it('gives the defaults when nothing is stored, and falls back field by field for stored values that are not valid', async () => {
    const probe = define('probe_defaults');
    expect(await probe.get()).toEqual(defaults);
    await pb().collection('settings').create({ key: 'probe_defaults', value: { a: 'seven', b: 'two', nested: { y: 5 }, unknown: 1 } });
    probe.forget();
    expect(await probe.get()).toEqual({ a: 1, b: 'two', nested: { x: true, y: 5 } });
  });

  it('caches reads; its own save drops the cache at once and keeps fields it does not know', async () => {
    const probe = define('probe_cache');
    await probe.save({ a: 2 });
    expect((await probe.get()).a).toBe(2);
    const [row] = await rows('probe_cache');
    await pb().collection('settings').update(row.id, { value: { a: 3, kept: true } });
    expect((await probe.get()).a).toBe(2); // still the cached read
    await probe.save({ b: 'saved' });
    expect(await probe.get()).toEqual({ a: 3, b: 'saved', nested: defaults.nested });
    expect((await rows('probe_cache'))[0].value).toEqual({ a: 3, kept: true, b: 'saved' });
  });

  it('refuses to save an invalid field and stores nothing', async () => {
    const probe = define('probe_invalid');
    await expect(probe.save({ a: 1.5 })).rejects.toThrow();
    expect(await rows('probe_invalid')).toHaveLength(0);
  });

  it('two saves of different fields at once both survive, on the first save of a key and on later ones', async () => {
    const probe = define('probe_race');
    await Promise.all([probe.save({ a: 10 }), probe.save({ b: 'both' }), probe.save({ nested: { x: false, y: 9 } })]);
    expect(await rows('probe_race')).toHaveLength(1);
    expect(await probe.get()).toEqual({ a: 10, b: 'both', nested: { x: false, y: 9 } });

    const wide = defineSetting('probe_race_wide', z.object(Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`f${i}`, z.number()]))), {} as Record<string, number>);
    await Promise.all(Array.from({ length: 6 }, (_, i) => wide.save({ [`f${i}`]: i + 1 })));
    expect(await rows('probe_race_wide')).toHaveLength(1);
    expect((await rows('probe_race_wide'))[0].value).toEqual({ f0: 1, f1: 2, f2: 3, f3: 4, f4: 5, f5: 6 });
  });

  it('a secret is made once: concurrent first uses agree on the stored one', async () => {
    let made = 0;
    const make = () => `secret-${++made}-${'x'.repeat(32)}`;
    const [one, two] = [defineSecret('probe_secret', 'secret', make), defineSecret('probe_secret', 'secret', make)];
    const [s1, s2] = await Promise.all([one.get(), two.get()]);
    expect(s1).toBe(s2);
    expect(await rows('probe_secret')).toHaveLength(1);
  });

  it('one shop setting: checkout and the documents read the same values and defaults', async () => {
    const { shop } = await shopSettings();
    expect(shop).toEqual(DEFAULT_SHOP);
    expect(await loadShop()).toMatchObject({ name: 'Packbench', currency: 'EUR', address: null });
  });
});

describe('settings cache and the realtime relay (issue #11)', () => {
  let relay: RealtimeRelay;
  beforeAll(async () => {
    const io = { to: () => ({ emit: () => true }), emit: () => true } as unknown as PackbenchServer;
    relay = new RealtimeRelay(io);
    await relay.start(); // resolves once every subscription is registered with PocketBase
  });
  afterAll(() => relay.stop());

  it('a change made elsewhere (dashboard, another app server) reaches the cache without waiting for the TTL', async () => {
    const probe = define('probe_relay');
    await probe.save({ b: 'before' });
    expect((await probe.get()).b).toBe('before');
    const [row] = await rows('probe_relay');
    await pb().collection('settings').update(row.id, { value: { b: 'after' } });
    await expect.poll(async () => (await probe.get()).b, { timeout: 5_000 }).toBe('after');
  });
});
