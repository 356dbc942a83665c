// F26 saved views (a named queue URL per staff member, optionally shared with the team) and
// F25 the customer search history shown next to the queue's search box.
import { parseView, serializeView, withoutPage } from '$lib/orders/view';
import { AppError } from '../errors';
import { collection, filterValue, isNotFound } from '../pocketbase/client';
import { commitOne, type Ref } from '../pocketbase/tx';

interface SavedViewRecord {
  id: string;
  owner: string;
  name: string;
  query: string;
  shared: boolean;
  created: string;
  updated: string;
  expand?: { owner?: { id: string; name: string } };
}
declare module '$lib/server/pocketbase/collections' {
  interface Collections {
    saved_views: SavedViewRecord;
  }
}

export interface SavedView {
  id: string;
  name: string;
  query: string;
  shared: boolean;
  mine: boolean;
  ownerName: string;
}

const view = (r: Pick<SavedViewRecord, 'id' | 'name' | 'query' | 'shared' | 'owner' | 'expand'>, staffId: string): SavedView => ({
  id: r.id,
  name: r.name,
  query: r.query,
  shared: r.shared,
  mine: r.owner === staffId,
  ownerName: r.expand?.owner?.name ?? ''
});

/** my views and the team's shared ones, by name */
export async function listSavedViews(staffId: string): Promise<SavedView[]> {
  const rows = await collection('saved_views')
    .getFullList({ filter: `owner = ${filterValue(staffId)} || shared = true`, sort: 'name,created', expand: 'owner', fields: 'id,owner,name,query,shared,created,expand.owner.id,expand.owner.name' });
  return rows.map((r) => view(r, staffId));
}

/** saves the view's query (normalised: invalid parameters and the page dropped) */
export async function saveView(input: { name: string; query: string; shared: boolean }, staffId: string): Promise<SavedView> {
  const query = serializeView(withoutPage(parseView(new URLSearchParams(input.query)).view));
  let ref: Ref<string> | undefined;
  const done = await commitOne((uow) => (ref = uow.create('saved_views', { owner: staffId, name: input.name, query, shared: input.shared })));
  const saved = await collection('saved_views').getOne(done.id(ref!), { expand: 'owner' });
  return view(saved, staffId);
}

/** deletes one of my views (someone else's shared view is refused) */
export async function deleteView(id: string, staffId: string): Promise<void> {
  let row: SavedViewRecord;
  try {
    row = await collection('saved_views').getOne(id);
  } catch (e) {
    if (isNotFound(e)) throw new AppError('NOT_FOUND', 'search.errors.view_not_found', 'This saved view does not exist.');
    throw e;
  }
  if (row.owner !== staffId) throw new AppError('FORBIDDEN', 'search.errors.not_your_view', 'Only whoever saved a view can delete it.');
  await commitOne((uow) => uow.delete('saved_views', id));
}

interface SearchRow {
  id: string;
  staff: string;
  query: string;
  customer: string;
  created: string;
  expand?: { staff?: { name: string }; customer?: { id: string; name: string } };
}

export interface RecentSearch {
  id: string;
  query: string;
  customer: { id: string; name: string } | null;
  staffName: string;
  created: string;
}

const recent = (r: SearchRow): RecentSearch => ({
  id: r.id,
  query: r.query,
  customer: r.expand?.customer ? { id: r.expand.customer.id, name: r.expand.customer.name } : null,
  staffName: r.expand?.staff?.name ?? '',
  created: r.created
});

/** the latest customer searches: mine, and the rest of the shop's (F25) */
export async function recentSearches(staffId: string, limit = 8): Promise<{ mine: RecentSearch[]; shop: RecentSearch[] }> {
  const opts = { sort: '-created', expand: 'staff,customer', skipTotal: true };
  const [mine, shop] = await Promise.all([
    collection('customer_searches').getList<SearchRow>(1, limit, { ...opts, filter: `staff = ${filterValue(staffId)}` }),
    collection('customer_searches').getList<SearchRow>(1, limit, { ...opts, filter: `staff != ${filterValue(staffId)}` })
  ]);
  return { mine: mine.items.map(recent), shop: shop.items.map(recent) };
}
