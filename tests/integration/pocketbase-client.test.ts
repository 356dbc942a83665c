// The app server's superuser client signs in by itself, on its first request.
import { expect, it } from 'vitest';
import { pb, resetPb } from '../../src/lib/server/pocketbase/client';
import { usePocketBase } from '../support/pocketbase';

usePocketBase();

it('authenticates lazily and its very first request carries the token', async () => {
  resetPb();
  expect(pb().authStore.isValid).toBe(false);
  const list = await pb().collection('orders').getList(1, 1);
  expect(list.totalItems).toBe(0);
  expect(pb().authStore.isValid).toBe(true);
});

it('signs in again when its token has been dropped', async () => {
  pb().authStore.clear();
  await expect(pb().collection('settings').getList(1, 1)).resolves.toMatchObject({ page: 1 });
});
