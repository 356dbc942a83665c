// Finding a customer by name, company, e-mail or phone (#14, F27): the phone order's customer
// search and the customers page. Customers carry `search_text` and `customer_words` (migration
// 1767000000_customer_words.js, kept by triggers): every word typed must start a word of the
// customer (folded like the order search: "muller" finds "Müller"), a phone number matches by
// its digits whatever the spacing or the leading 0. A rare word is looked up in the word index
// (a range of its primary key; kept in batches, ./word-index.ts) and the query is those few
// customers with the ones the index has not caught up with; when every word is common
// ("Müller" among 50,000), the first matches in name order are the name index's walk, which
// stops at the page's last hit.
import { digits, fold } from '$lib/search/fold';
import { collection, filterValue, idPrefixRange } from '../pocketbase/client';
import type { CustomerRecord } from '../pocketbase/records';
import { pendingCustomers } from './word-index';
import { listWhereIn } from '../pocketbase/where-in';

const MAX_TERMS = 6;
/** a word with at most this many customers is rare: the query is those customers */
const RARE = 200;
/** the phone's digits are indexed down to their last 6 */
const PHONE_SUFFIX = 6;

export type CustomerTerms = { kind: 'words'; terms: string[] } | { kind: 'phone'; digits: string };

/** what the search box holds, as the index keeps it; null: nothing to search for */
export function customerTerms(raw: string): CustomerTerms | null {
  const q = raw.trim().slice(0, 200);
  if (/^\+?[\d\s\-/().]+$/.test(q) && digits(q).length >= 4) return { kind: 'phone', digits: digits(q).replace(/^0+/, '') };
  // "@example.de" is the domain, which is a word of its own
  const terms = [...new Set(fold(q).split(' ').map((t) => t.replace(/^[@.]+/, '')).filter(Boolean))].slice(0, MAX_TERMS);
  return terms.length ? { kind: 'words', terms } : null;
}

/** every word typed starts a word of the customer; the digits are part of the phone's */
export function textFilter(t: CustomerTerms): string {
  if (t.kind === 'phone') return `search_text ~ ${filterValue(t.digits)}`;
  return t.terms.map((w) => `search_text ~ ${filterValue(` ${w}`)}`).join(' && ');
}

/** the customers whose words start with `term`, up to RARE + 1 of them */
async function withWord(term: string): Promise<string[]> {
  const rows = await collection('customer_words').getList<{ customer: string }>(1, RARE + 1, { filter: idPrefixRange(term), sort: 'id', fields: 'customer', skipTotal: true });
  return [...new Set(rows.items.map((r) => r.customer))];
}

/** pending customers up to this many join the rarest word's; more (an import): the name order */
const PENDING = 200;

/**
 * The filter and order of a customer search (null: nothing typed). When a word is rare: its
 * customers and those the index has not caught up with yet; else every word against
 * `search_text` in name order.
 */
export async function customerQuery(raw: string): Promise<{ filter: string; sort: string } | null> {
  const t = customerTerms(raw);
  if (!t) return null;
  const text = textFilter(t);
  const byName = { filter: text, sort: 'name' };
  // fewer digits than the index keeps: the digits anywhere in the phone (a scan, and rare)
  if (t.kind === 'phone' && t.digits.length < PHONE_SUFFIX) return byName;
  const [found, pending] = await Promise.all([Promise.all((t.kind === 'phone' ? [t.digits] : t.terms).map(withWord)), pendingCustomers(PENDING)]);
  const rarest = found.filter((ids) => ids.length <= RARE).sort((a, b) => a.length - b.length)[0];
  if (!rarest || !pending) return byName;
  const ids = [...new Set([...rarest, ...pending])];
  if (!ids.length) return { filter: "id = ''", sort: 'name' };
  return { filter: `(${ids.map((id) => `id = ${filterValue(id)}`).join(' || ')}) && ${text}`, sort: 'name' };
}

export type CustomerMatch = Pick<CustomerRecord, 'id' | 'name' | 'email' | 'phone' | 'company' | 'addresses' | 'locale'>;

/** Finds customers by name, e-mail or phone and records the search for the history (F25). */
export async function searchCustomers(query: string, staffId: string): Promise<{ searchId: string; customers: CustomerMatch[] }> {
  const find = async () => {
    const q = await customerQuery(query);
    if (!q) return [];
    // the first 20 are shown, never a count: counting matches doubled the search at 50,000 customers (#14 bench)
    const page = await collection('customers').getList<CustomerMatch>(1, 20, { ...q, fields: 'id,name,email,phone,company,addresses,locale', skipTotal: true });
    return page.items;
  };
  const [found, search] = await Promise.all([find(), collection('customer_searches').create<{ id: string }>({ staff: staffId, query })]);
  return { searchId: search.id, customers: found };
}

/**
 * The customers recent searches led to (F25, the phone-order screen): mine first, then the
 * shop's, each customer once, newest first; a customer removed since is left out.
 */
export async function recentCustomers(staffId: string, limit = 6): Promise<CustomerMatch[]> {
  const rows = await collection('customer_searches').getList<{ staff: string; customer: string }>(1, 100, { filter: "customer != ''", sort: '-created', fields: 'staff,customer', skipTotal: true });
  const ordered = [...rows.items.filter((r) => r.staff === staffId), ...rows.items.filter((r) => r.staff !== staffId)];
  const ids = [...new Set(ordered.map((r) => r.customer))].slice(0, limit);
  if (!ids.length) return [];
  const found = await listWhereIn<'customers', CustomerMatch>('customers', 'id', ids, { fields: 'id,name,email,phone,company,addresses,locale' });
  const byId = new Map(found.map((c) => [c.id, c]));
  return ids.map((id) => byId.get(id)).filter((c): c is CustomerMatch => !!c);
}
