// First run (issue #14): with no owner yet, whoever opens the app first creates the owner's
// account and the shop's details. Race-safe: one unit of work checks that no owner and no
// first-run marker exist and creates both, the marker under the settings' unique key, so two
// browsers at once make exactly one owner; the loser hears that the shop is set up already.
import type { FirstRunInput } from '$lib/shop/details';
import { firstRunInput } from '$lib/shop/details';
import { AppError } from '../errors';
import { collection } from '../pocketbase/client';
import type { StaffRecord } from '../pocketbase/records';
import { TxFailure, UnitOfWork } from '../pocketbase/tx';
import { readRow } from '../settings/store';
import { shopSetting } from '../shop/settings';
import { audit } from '../staff/audit';

export const FIRST_RUN_KEY = 'first_run';

const done = () => new AppError('FORBIDDEN', 'setup.errors.done', 'This shop is set up already. Sign in instead.');

/** true until an owner exists (or the first run finished) */
export async function setupNeeded(): Promise<boolean> {
  const [owners, marker] = await Promise.all([
    collection('staff').getList(1, 1, { filter: "role = 'owner'", fields: 'id', skipTotal: true }),
    readRow(FIRST_RUN_KEY)
  ]);
  return owners.items.length === 0 && !marker;
}

export async function runFirstSetup(raw: FirstRunInput): Promise<StaffRecord> {
  const { owner, shop } = firstRunInput.parse(raw);
  if (!(await setupNeeded())) throw done();
  const shopRow = await readRow('shop');
  const uow = new UnitOfWork();
  uow.absent('settings', { key: FIRST_RUN_KEY });
  uow.absent('staff', { role: 'owner' });
  uow.create('settings', { key: FIRST_RUN_KEY, value: { at: new Date().toISOString(), owner: owner.email }, version: 1 });
  const ref = uow.create('staff', {
    name: owner.name,
    email: owner.email,
    locale: owner.locale,
    role: 'owner',
    active: true,
    password: owner.password,
    passwordConfirm: owner.password,
    pin_hash: '',
    version: 1
  });
  const value = { ...(shopRow?.value ?? {}), ...shop, locale: owner.locale };
  if (shopRow) uow.update('settings', shopRow.id, { value }, { ifVersion: shopRow.version ?? 0 });
  else uow.create('settings', { key: 'shop', value, version: 1 });
  audit(uow, null, { id: ref, name: owner.name }, 'setup', { email: owner.email });
  uow.afterCommit(() => shopSetting.forget());
  let id: string;
  try {
    id = (await uow.commit()).id(ref);
  } catch (e) {
    // another browser won the race (its marker, its owner, its shop row)
    if (e instanceof TxFailure && ['exists', 'unique_violation', 'version_conflict'].includes(e.code)) throw done();
    throw e;
  }
  return collection('staff').getOne(id);
}
