// F27 (#14): the customer search's word index. Customers carry folded `search_text` and
// `customer_words` (migration 1767000000), kept by triggers whoever writes: PocketBase's API,
// the unit of work, a merge. The words follow in batches; a search sees a customer at once. The phone order's search and the customers page find a customer
// by any word's start, folded ("muller" finds "Müller"), by e-mail or domain, by the phone's
// digits however they are written; a common word falls back to the name order.
import { beforeAll, describe, expect, it } from 'vitest';
import { pb } from '../../src/lib/server/pocketbase/client';
import { UnitOfWork } from '../../src/lib/server/pocketbase/tx';
import { flushCustomerWords } from '../../src/lib/server/customers/word-index';
import { signedInCaller } from '../support/caller';
import { createStaff } from '../support/factories';
import { usePocketBase } from '../support/pocketbase';

usePocketBase();

type Caller = Awaited<ReturnType<typeof signedInCaller>>;
let office: Caller;
beforeAll(async () => {
  const o = await createStaff('office');
  office = await signedInCaller(o.staff.email, o.password);
});

const caughtUp = async () => {
  while ((await flushCustomerWords()).left > 0);
};
/** the index's words of a customer, once the index has caught up */
const words = async (id: string) => (await caughtUp(), await pb().collection('customer_words').getFullList<{ word: string }>({ filter: `customer = "${id}"`, fields: 'word' })).map((w) => w.word).sort();
const phoneSearch = async (query: string) => (await office.caller.orders.searchCustomers({ query })).customers.map((c) => c.name);
const pageSearch = async (search: string) => (await office.caller.customers.list({ search })).items.map((c) => c.name);
const create = (over: Record<string, unknown>) => pb().collection('customers').create<{ id: string }>({ addresses: [], ...over });

describe('F27 customer words kept in step (#14)', () => {
  it('holds the folded words of a customer and the suffixes of the phone digits from the moment it is written', async () => {
    const c = await create({ name: 'Zdeňka Ölmühle-Straß', company: 'Kräuter & Co.', email: 'Z.Oel@Firma-Nord.example', phone: '+49 (0)421 555-7788' });
    const w = await words(c.id);
    expect(w).toEqual(
      expect.arrayContaining(['zdenka', 'olmuhle', 'strass', 'krauter', 'co.', 'z.oel@firma', 'z.oel', 'firma', 'nord.example', '494215557788', '4215557788', '5557788', '557788'])
    );
    expect(w).not.toContain('57788');
    expect(new Set(w).size).toBe(w.length);
  });

  it('finds a customer by a word start, folded, by e-mail, domain or phone however written, on both screens', async () => {
    await create({ name: 'Ottilie Jürgensmeyer', email: 'ottilie.j@kanzlei-west.example', phone: '+49 30 7612 3344' });
    await create({ name: 'Otto Jürgens', email: 'otto@jurgens.example', phone: '' });
    // before the batch (the pending customers join the index's), and after it
    for (const search of [phoneSearch, pageSearch, async (q: string) => (await caughtUp(), await phoneSearch(q))]) {
      expect(await search('jurgensm')).toEqual(['Ottilie Jürgensmeyer']);
      expect(await search('JÜRGENS')).toEqual(['Ottilie Jürgensmeyer', 'Otto Jürgens']);
      expect(await search('jürgens otti')).toEqual(['Ottilie Jürgensmeyer']);
      expect(await search('ottilie.j@kanz')).toEqual(['Ottilie Jürgensmeyer']);
      expect(await search('@kanzlei-west.example')).toEqual(['Ottilie Jürgensmeyer']);
      expect(await search('030 76123344')).toEqual(['Ottilie Jürgensmeyer']);
      expect(await search('+49 30 7612-3344')).toEqual(['Ottilie Jürgensmeyer']);
      expect(await search('123344')).toEqual(['Ottilie Jürgensmeyer']);
      // a word inside another word is not a word start
      expect(await search('gensmeyer')).toEqual([]);
      expect(await search('jürgens quastwerk')).toEqual([]);
    }
  });

  it('follows a rename, a new e-mail and phone (through the unit of work too), repairs a stale write, and forgets a deleted customer', async () => {
    const c = await create({ name: 'Hedwig Rabenhorst', email: 'hedwig@raben.example', phone: '+49 40 1111111' });
    await pb().collection('customers').update(c.id, { name: 'Hedwig Falkenhorst' });
    expect(await phoneSearch('rabenhorst')).toEqual([]);
    expect(await phoneSearch('falkenh')).toEqual(['Hedwig Falkenhorst']);

    const uow = new UnitOfWork();
    uow.update('customers', c.id, { email: 'hedwig@falke.example', phone: '0176 2222 2222' });
    await uow.commit();
    expect(await phoneSearch('hedwig@raben')).toEqual([]);
    expect(await phoneSearch('0176 22222222')).toEqual(['Hedwig Falkenhorst']);
    expect(await words(c.id)).not.toContain('401111111');

    // a write of an old search_text (a record read before a trigger changed it) is repaired
    await pb().collection('customers').update(c.id, { search_text: ' hedwig rabenhorst ' });
    expect((await pb().collection('customers').getOne<{ search_text: string }>(c.id)).search_text).toContain('falkenhorst');
    expect(await words(c.id)).toContain('falkenhorst');
    expect(await words(c.id)).not.toContain('rabenhorst');

    await pb().collection('customers').delete(c.id);
    expect(await words(c.id)).toEqual([]);
  });

  it('a common word lists the first matches in name order; a rare word among common ones narrows to it', async () => {
    const uow = new UnitOfWork();
    for (let i = 0; i < 230; i++) uow.create('customers', { name: `Kim${String(i).padStart(3, '0')} Wendeltreppe`, email: '', phone: '', addresses: [] }, { quiet: true });
    uow.create('customers', { name: 'Amalia Wendeltreppe', email: '', phone: '', addresses: [] });
    await uow.commit();
    await caughtUp();
    const common = await phoneSearch('wendeltreppe');
    expect(common).toHaveLength(20);
    expect(common[0]).toBe('Amalia Wendeltreppe');
    expect(common).toEqual([...common].sort((a, b) => a.localeCompare(b)));
    expect(await phoneSearch('wendeltreppe amal')).toEqual(['Amalia Wendeltreppe']);
    const page = await office.caller.customers.list({ search: 'Wendeltreppe' });
    expect(page.items).toHaveLength(50);
    expect(page.refine).toBe(true);
  });
});
