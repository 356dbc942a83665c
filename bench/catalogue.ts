/**
 * Catalogue benchmark (#14) against a real app server and PocketBase with the demo shop:
 *   1. import 10,000 products from a CSV (preview + apply of every line, as the screen does);
 *   2. the product list (pages, SKU/name/GTIN searches) at 10,000 products;
 *   3. the phone-order customer search at 50,000 customers.
 * The customers are created directly with UnitOfWork batches in setup (not timed).
 *   npm run bench -- catalogue   -> table on stdout, bench-results/catalogue.json
 */
import { cpus, loadavg } from 'node:os';
import { gzipSync } from 'node:zlib';
import { configureServer } from '../src/lib/server/config';
import { pb as serverPb } from '../src/lib/server/pocketbase/client';
import { UnitOfWork } from '../src/lib/server/pocketbase/tx';
import { flushCustomerWords } from '../src/lib/server/customers/word-index';
import { gtinCheckDigit } from '../src/lib/scanning/gtin';
import { percentile, startBenchStack, writeResult } from './_lib';

const PRODUCTS = 10_000;
const CUSTOMERS = 50_000;
const QUERIES = 300;
const IMPORT_GOAL_S = 10;
const QUERY_GOAL_MS = 50;

const FIRST = ['Anna', 'Jürgen', 'Lukas', 'Marie', 'Sophie', 'Felix', 'Emma', 'Paul', 'Lena', 'Jonas', 'Mia', 'Elias', 'Hannah', 'Noah', 'Lea', 'Ben'];
const LAST = ['Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Schulz', 'Hoffmann', 'Koch', 'Richter', 'Klein', 'Wolf', 'Gruber', 'Huber'];
const TEAS = ['Assam', 'Darjeeling', 'Sencha', 'Earl Grey', 'Rooibos', 'Oolong', 'Matcha', 'Chai', 'Pfefferminz', 'Kamille'];

async function trpc<T>(appUrl: string, cookie: string, path: string, input: unknown, method: 'GET' | 'POST' = 'POST'): Promise<T> {
  const url = method === 'GET' ? `${appUrl}/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify({ json: input }))}` : `${appUrl}/api/trpc/${path}`;
  const res = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json', cookie: `packbench_session=${cookie}` },
    body: method === 'POST' ? JSON.stringify({ json: input }) : undefined
  });
  const body = (await res.json()) as { result?: { data: { json: T } }; error?: unknown };
  if (!res.ok || !body.result) throw new Error(`${path} answered ${res.status}: ${JSON.stringify(body.error).slice(0, 300)}`);
  return body.result.data.json;
}

async function createCustomers(n: number) {
  for (let start = 0; start < n; start += 1000) {
    const uow = new UnitOfWork();
    for (let i = start; i < Math.min(n, start + 1000); i++) {
      const name = `${FIRST[i % FIRST.length]} ${LAST[Math.floor(i / FIRST.length) % LAST.length]} ${i}`;
      uow.create('customers', { name, email: `kunde${i}@example.de`, phone: `+49 30 ${String(1000000 + i)}`, addresses: [{ name, street: `Hauptstraße ${i % 200}`, postcode: '10115', city: 'Berlin', country: 'DE' }], locale: 'de' }, { quiet: true });
    }
    await uow.commit();
  }
}

const gtinFor = (i: number) => {
  const body = `4260${String(100000000 + i).slice(1)}`; // 12 digits
  return `${body}${gtinCheckDigit(body)}`;
};

function productCsv(n: number) {
  const lines = ['sku;name;gtins;bin;price;tax_rate;weight_g;low_stock_threshold;active'];
  for (let i = 0; i < n; i++) {
    lines.push(`BENCH-${String(i).padStart(5, '0')};${TEAS[i % TEAS.length]} Nr. ${i} Größe ${['S', 'M', 'L'][i % 3]};${gtinFor(i)};${'ABCDEF'[i % 6]}-${String(i % 40).padStart(2, '0')};${(3 + (i % 40)).toString()},${String(i % 100).padStart(2, '0')};7;${100 + (i % 900)};${i % 7};yes`);
  }
  return `${lines.join('\r\n')}\r\n`;
}

const ms = (t0: number) => performance.now() - t0;
const round = (x: number) => Math.round(x * 10) / 10;

const stats = (times: number[]) => {
  const sorted = [...times].sort((a, b) => a - b);
  return { p50: round(percentile(sorted, 50)), p95: round(percentile(sorted, 95)), max: round(sorted[sorted.length - 1]) };
};

/** one request after the other; `kind` groups the figures (page, SKU search, ...) */
async function timed(n: number, run: (i: number) => Promise<unknown>, kind: (i: number) => string = () => 'all') {
  const times: number[] = [];
  const byKind = new Map<string, number[]>();
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await run(i);
    const t = ms(t0);
    times.push(t);
    byKind.set(kind(i), [...(byKind.get(kind(i)) ?? []), t]);
  }
  return { ...stats(times), kinds: Object.fromEntries([...byKind].map(([k, v]) => [k, stats(v)])) };
}

async function main() {
  const loadBefore = Math.round(loadavg()[0] * 100) / 100;
  const stack = await startBenchStack();
  try {
    configureServer({ pocketbaseUrl: stack.pocketbase.url, superuserEmail: stack.pocketbase.email, superuserPassword: stack.pocketbase.password });
    await serverPb().collection('_superusers').authWithPassword(stack.pocketbase.email, stack.pocketbase.password);
    const manager = await stack.signIn('manager');
    const office = await stack.signIn('office');

    const tc = performance.now();
    await createCustomers(CUSTOMERS);
    // their words, as the app server's batches would take them in
    while ((await flushCustomerWords(5000)).left > 0);
    console.log(`setup: ${CUSTOMERS} customers (and their search words) in ${round(ms(tc) / 1000)} s`);

    // 1. import: preview (read, check against the catalogue) + apply every line
    const csv = productCsv(PRODUCTS);
    const gz = gzipSync(Buffer.from(csv, 'utf8')).toString('base64');
    const t0 = performance.now();
    type Preview = { rows: { line: number; action: string; version: number }[]; summary: Record<string, number> };
    const preview = await trpc<Preview>(stack.appUrl, manager, 'catalogue.previewImport', { gzipBase64: gz });
    const previewS = ms(t0) / 1000;
    const lines = preview.rows.filter((r) => r.action === 'create' || r.action === 'update').map((r) => [r.line, r.action === 'create' ? 0 : r.version]);
    const applied = await trpc<{ created: number; updated: number }>(stack.appUrl, manager, 'catalogue.applyImport', { gzipBase64: gz, lines });
    const importS = round(ms(t0) / 1000);
    const total = (await serverPb().collection('products').getList(1, 1, { filter: "sku ~ 'BENCH-%'" })).totalItems;
    // the same file again changes nothing
    const t1 = performance.now();
    const again = await trpc<Preview>(stack.appUrl, manager, 'catalogue.previewImport', { gzipBase64: gz });
    const repreviewS = round(ms(t1) / 1000);

    // 2. the product list: pages, and searches by SKU, name and GTIN (as the screen sends them)
    await new Promise((r) => setTimeout(r, 1000)); // the import's realtime feed passes first
    const kinds = ['page', 'sku', 'name', 'gtin'] as const;
    const list = await timed(QUERIES, (i) => {
      const kind = kinds[i % kinds.length];
      const k = (i * 7919) % PRODUCTS;
      const input =
        kind === 'page'
          ? { status: 'active', page: 1 + (i % 20), perPage: 50 }
          : kind === 'sku'
            ? { search: `BENCH-${String(k).padStart(5, '0')}`, status: 'all' }
            : kind === 'name'
              ? { search: `${TEAS[i % TEAS.length]} Nr. ${k}`, status: 'active' }
              : { search: gtinFor(k), status: 'all' };
      return trpc(stack.appUrl, office, 'catalogue.list', input, 'GET');
    }, (i) => kinds[i % kinds.length]);
    // "low stock only": every imported product has a threshold and nothing on the shelf, so all
    // ~8,570 of them are low (the worst case: the filter is decided outside PocketBase)
    const low = await timed(50, (i) => trpc(stack.appUrl, office, 'catalogue.list', { status: 'active', lowStock: true, page: 1 + (i % 5), perPage: 50 }, 'GET'));

    // 3. customer search for a phone order
    const search = await timed(QUERIES, (i) => {
      const k = (i * 104729) % CUSTOMERS;
      const q = i % 3 === 0 ? `${LAST[i % LAST.length]}` : i % 3 === 1 ? `kunde${k}@` : `${FIRST[k % FIRST.length]} ${LAST[Math.floor(k / FIRST.length) % LAST.length]} ${k}`;
      return trpc(stack.appUrl, office, 'orders.searchCustomers', { query: q });
    }, (i) => ['surname', 'e-mail', 'full name'][i % 3]);

    console.log('\nCatalogue (%d products, %d customers, Node %s)', PRODUCTS, CUSTOMERS, process.version);
    console.table({
      'import 10,000 products (preview + apply)': { value: `${importS} s`, checked: `${applied.created} created, ${total} in catalogue; preview ${round(previewS)} s`, goal: `< ${IMPORT_GOAL_S} s` },
      'same file again (preview)': { value: `${repreviewS} s`, checked: `${again.summary.unchanged} unchanged, ${again.summary.create + again.summary.update} to change`, goal: '' },
      'product list p95': { value: `${list.p95} ms`, checked: `p50 ${list.p50} ms, max ${list.max} ms, ${QUERIES} requests`, goal: `< ${QUERY_GOAL_MS} ms` },
      ...Object.fromEntries(Object.entries(list.kinds).map(([k, v]) => [`  list: ${k} p95`, { value: `${v.p95} ms`, checked: `p50 ${v.p50} ms, max ${v.max} ms`, goal: '' }])),
      'product list, low stock only, p95': { value: `${low.p95} ms`, checked: `p50 ${low.p50} ms, max ${low.max} ms, 50 requests, all 10,000 low`, goal: '' },
      'customer search p95': { value: `${search.p95} ms`, checked: `p50 ${search.p50} ms, max ${search.max} ms, ${QUERIES} requests`, goal: `< ${QUERY_GOAL_MS} ms` },
      ...Object.fromEntries(Object.entries(search.kinds).map(([k, v]) => [`  search: ${k} p95`, { value: `${v.p95} ms`, checked: `p50 ${v.p50} ms, max ${v.max} ms`, goal: '' }]))
    });
    const correct = applied.created === PRODUCTS && total === PRODUCTS && again.summary.unchanged === PRODUCTS;
    writeResult('catalogue', {
      products: PRODUCTS,
      customers: CUSTOMERS,
      import_10k_s: importS,
      import_preview_s: round(previewS),
      import_again_preview_s: repreviewS,
      import_goal_s: IMPORT_GOAL_S,
      product_list_p50_ms: list.p50,
      product_list_p95_ms: list.p95,
      product_list_by_kind: list.kinds,
      product_list_low_stock_p95_ms: low.p95,
      customer_search_p50_ms: search.p50,
      customer_search_p95_ms: search.p95,
      customer_search_by_kind: search.kinds,
      query_goal_ms: QUERY_GOAL_MS,
      correct,
      cpus: cpus().length,
      load_1m_before: loadBefore,
      load_1m_after: Math.round(loadavg()[0] * 100) / 100
    });
    if (!correct) console.log('WRONG RESULT: not every product was imported once');
    if (!correct || importS >= IMPORT_GOAL_S || list.p95 >= QUERY_GOAL_MS || search.p95 >= QUERY_GOAL_MS) process.exitCode = 1;
  } finally {
    await stack.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
