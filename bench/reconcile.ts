/**
 * Reconciliation benchmark (F09, F28) against a real app server and PocketBase:
 *   1. mark 1,000 unpaid orders paid in bulk, as the payment queue does it (chunks of 100);
 *   2. import and match a 1,000-line CAMT.053 statement (and the same as CSV), then apply it.
 * The orders are created directly with UnitOfWork batches in setup (not timed).
 *   npm run bench -- reconcile   -> table on stdout, bench-results/reconcile.json
 */
import { cpus, loadavg } from 'node:os';
import { gzipSync } from 'node:zlib';
import PocketBase from 'pocketbase';
import { configureServer } from '../src/lib/server/config';
import { pb as serverPb } from '../src/lib/server/pocketbase/client';
import { UnitOfWork, type Ref } from '../src/lib/server/pocketbase/tx';
import { camt053Sample } from '../tests/support/statements/camt053-sample';
import { DEFAULT_PAYMENT_SETTINGS as DEFAULTS } from '../src/lib/server/payments/settings';
import { startBenchStack, writeResult } from './_lib';

const N = 1000;
const GOAL_S = 3;

interface Created {
  id: string;
  number: number;
  total: number;
}

/** N unpaid online-banking orders in batches of 200 per unit of work. */
async function createOrders(tag: string, n = N): Promise<Created[]> {
  const out: Created[] = [];
  for (let start = 0; start < n; start += 200) {
    const uow = new UnitOfWork();
    const planned: { number: Ref<number>; id: Ref; total: number }[] = [];
    for (let i = start; i < Math.min(n, start + 200); i++) {
      const total = 990 + ((i * 37) % 9000);
      const number = uow.counter('order_number');
      const id = uow.create('orders', {
        number, channel: 'web', status: 'placed', payment_status: 'unpaid', fulfilment_status: 'unfulfilled', payment_method: 'online_banking',
        fulfilment_method: 'ship', customer_name: `Bench ${tag} ${i}`, email: `bench-${tag}-${i}@example.com`, currency: 'EUR',
        subtotal_cents: total, tax_cents: 0, shipping_cents: 0, total_cents: total, locale: 'de',
        tracking_token: `bench${tag}${String(i).padStart(6, '0')}xxxxxxxxxxxxxxxxxx`, version: 1, placed_at: new Date().toISOString()
      });
      planned.push({ number, id, total });
    }
    const done = await uow.commit();
    for (const p of planned) out.push({ id: done.id(p.id), number: done.value(p.number), total: p.total });
  }
  return out;
}

async function trpc<T>(appUrl: string, cookie: string, path: string, input: unknown): Promise<T> {
  const res = await fetch(`${appUrl}/api/trpc/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: `packbench_session=${cookie}` },
    body: JSON.stringify({ json: input })
  });
  const body = (await res.json()) as { result?: { data: { json: T } }; error?: unknown };
  if (!res.ok || !body.result) throw new Error(`${path} answered ${res.status}: ${JSON.stringify(body.error).slice(0, 300)}`);
  return body.result.data.json;
}

/** As the screens send it: chunks of 100, two requests in flight. */
async function inChunksOf100<T, R>(items: T[], send: (chunk: T[]) => Promise<R[]>): Promise<R[]> {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += 100) chunks.push(items.slice(i, i + 100));
  const out: R[][] = [];
  let next = 0;
  const lane = async () => {
    while (next < chunks.length) {
      const i = next++;
      out[i] = await send(chunks[i]);
    }
  };
  await Promise.all([lane(), lane()]);
  return out.flat();
}

/** The setup's writes reach the app server's realtime feed for a moment; measure after that. */
const settle = () => new Promise((r) => setTimeout(r, 2000));

const seconds = (t0: number) => Math.round((performance.now() - t0) / 10) / 100;

async function main() {
  const loadBefore = Math.round(loadavg()[0] * 100) / 100;
  const stack = await startBenchStack();
  try {
    configureServer({ pocketbaseUrl: stack.pocketbase.url, superuserEmail: stack.pocketbase.email, superuserPassword: stack.pocketbase.password });
    await serverPb().collection('_superusers').authWithPassword(stack.pocketbase.email, stack.pocketbase.password);
    const pb = new PocketBase(stack.pocketbase.url);
    pb.autoCancellation(false);
    await pb.collection('_superusers').authWithPassword(stack.pocketbase.email, stack.pocketbase.password);
    const manager = await stack.signIn('manager');

    // warm the app server's code paths (not timed)
    const warm = (await createOrders('warm', 10)).map((o) => ({ orderId: o.id, bankReference: `W${o.number}` }));
    await trpc(stack.appUrl, manager, 'payments.markPaidBulk', { items: warm });

    // 1. bulk mark-paid, as the queue's dialog sends it, with the default settings: each
    //    order also queues its receipt, which the mail worker renders (PDF) and sends meanwhile
    const bulk = async (tag: string) => {
      const orders = await createOrders(tag);
      await settle();
      const t = performance.now();
      const results = await inChunksOf100(
        orders.map((o) => ({ orderId: o.id, bankReference: String(o.number) })),
        (items) => trpc<{ outcome: string }[]>(stack.appUrl, manager, 'payments.markPaidBulk', { items })
      );
      const s = seconds(t);
      const unpaid = await pb.collection('orders').getList(1, 1, { filter: `customer_name ~ 'Bench ${tag} ' && payment_status != 'paid'` });
      return { s, paid: results.filter((r) => r.outcome === 'paid').length, unpaid: unpaid.totalItems };
    };
    const withReceipts = await bulk('bulk');
    // 2. the same with receipts sent by hand (settings): the marking alone
    await trpc(stack.appUrl, manager, 'payments.saveSettings', { ...DEFAULTS, receipt: 'manual' });
    await new Promise((r) => setTimeout(r, 5500)); // the app server reads settings at most 5 s old
    const manualReceipts = await bulk('bulkm');
    const bulkPaidS = withReceipts.s;
    const paid = withReceipts.paid + manualReceipts.paid;
    const stillUnpaid = { totalItems: withReceipts.unpaid + manualReceipts.unpaid };

    // 3. a 1,000-line statement for 1,000 other orders
    const statementOrders = await createOrders('stmt');
    await settle();
    const entries = statementOrders.map((o, i) => ({
      amountCents: o.total,
      bookingDate: '2025-03-03',
      text: i % 3 === 0 ? `Bestellung ${o.number} vielen Dank` : i % 3 === 1 ? `RE ${o.number} Kd 4711` : `Order #${o.number}`,
      payer: `Zahler ${i}`,
      bankReference: `BENCH-${o.number}`
    }));
    const xml = camt053Sample({ entries });
    const csv = ['Buchungstag;Betrag;Verwendungszweck;Bankreferenz', ...entries.map((e) => `03.03.2025;${(e.amountCents / 100).toFixed(2).replace('.', ',')};${e.text};CSV-${e.bankReference}`)].join('\n');
    const upload = (content: string, fileName: string) => ({ fileName, gzipBase64: gzipSync(content).toString('base64') });

    type Review = { proposals: { flag: string; order: { id: string } | null; line: { bankReference: string; amountCents: number; bookingDate: string } }[] };
    let t0 = performance.now();
    const review = await trpc<Review>(stack.appUrl, manager, 'payments.importStatement', upload(xml, 'bench.xml'));
    const importMatchS = seconds(t0);
    t0 = performance.now();
    const csvReview = await trpc<Review>(stack.appUrl, manager, 'payments.importStatement', upload(csv, 'bench.csv'));
    const importMatchCsvS = seconds(t0);
    const matched = review.proposals.filter((p) => p.flag === 'match').length;

    t0 = performance.now();
    const chosen = review.proposals.filter((p) => p.flag === 'match');
    const confirmed = await inChunksOf100(
      chosen.map((p) => ({ orderId: p.order!.id, bankReference: p.line.bankReference, amountCents: p.line.amountCents, bookedOn: p.line.bookingDate })),
      (matches) => trpc<{ outcome: string }[]>(stack.appUrl, manager, 'payments.confirmStatement', { matches })
    );
    const confirmS = seconds(t0);
    const applied = confirmed.filter((r) => r.outcome === 'paid').length;

    console.log('\nReconciliation (%d orders, Node %s)', N, process.version);
    console.table({
      'bulk mark-paid 1,000 orders (receipts automatic)': { seconds: bulkPaidS, checked: `${withReceipts.paid} paid, ${withReceipts.unpaid} left unpaid`, goal: `< ${GOAL_S} s` },
      'bulk mark-paid 1,000 orders (receipts by hand)': { seconds: manualReceipts.s, checked: `${manualReceipts.paid} paid, ${manualReceipts.unpaid} left unpaid`, goal: '' },
      'import + match 1,000-line CAMT.053': { seconds: importMatchS, checked: `${matched} matches, ${(xml.length / 1024).toFixed(0)} KB file`, goal: `< ${GOAL_S} s` },
      'import + match 1,000-line CSV': { seconds: importMatchCsvS, checked: `${csvReview.proposals.filter((p) => p.flag === 'match').length} matches`, goal: '' },
      'apply the 1,000 statement matches': { seconds: confirmS, checked: `${applied} paid`, goal: '' }
    });
    const report = writeResult('reconcile', {
      goal_s: GOAL_S,
      orders: N,
      bulk_paid_s: bulkPaidS,
      bulk_paid_count: withReceipts.paid,
      bulk_paid_manual_receipts_s: manualReceipts.s,
      import_match_s: importMatchS,
      import_match_csv_s: importMatchCsvS,
      statement_lines: entries.length,
      statement_matches: matched,
      statement_kb: Math.round(xml.length / 1024),
      confirm_s: confirmS,
      confirm_paid: applied,
      // this machine is often shared: how busy it was when we measured
      cpus: cpus().length,
      load_1m_before: loadBefore,
      load_1m_after: Math.round(loadavg()[0] * 100) / 100
    });
    const correct = paid === 2 * N && stillUnpaid.totalItems === 0 && matched === N && applied === N;
    if (!correct) console.log('WRONG RESULT: not every order was paid or matched');
    if (report.bulk_paid_s >= GOAL_S || report.import_match_s >= GOAL_S) console.log('GOAL MISSED');
    if (!correct || report.bulk_paid_s >= GOAL_S || report.import_match_s >= GOAL_S) process.exitCode = 1;
  } finally {
    await stack.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
