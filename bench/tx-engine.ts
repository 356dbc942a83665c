/**
 * Unit-of-work engines (docs/architecture.md): PocketBase CPU per web checkout with the native
 * engine (pocketbase/tx) and with its JS twin (pb_hooks, what an official binary serves).
 * placeWebOrder runs in this process, 50 at once for 10 s per engine, so nothing but
 * PocketBase's own work is counted.
 *   npm run bench -- tx-engine [seconds]  -> table on stdout, bench-results/tx-engine.json
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import PocketBase from 'pocketbase';
import { startTestPocketBase } from '../scripts/lib/pocketbase.js';
import { seedDemo } from '../scripts/lib/seed.js';
import { configureServer } from '../src/lib/server/config';
import { resetPb } from '../src/lib/server/pocketbase/client';
import { forgetProducts } from '../src/lib/server/shop/price-list';
import { writeResult } from './_lib';

const SECONDS = Number(process.argv[2] ?? 10);
const CLIENTS = 50;

async function measure(engine: 'native' | 'js') {
  process.env.PACKBENCH_TX_ENGINE = engine;
  const srv = await startTestPocketBase();
  try {
    await seedDemo({ url: srv.url, email: srv.email, password: srv.password, dataDir: srv.dataDir, log: () => {} });
    resetPb();
    forgetProducts();
    configureServer({ pocketbaseUrl: srv.url, superuserEmail: srv.email, superuserPassword: srv.password });
    const { placeWebOrder } = await import('../src/lib/server/orders/place');
    const pb = new PocketBase(srv.url);
    await pb.collection('_superusers').authWithPassword(srv.email, srv.password);
    const products = await pb.collection('products').getFullList<{ id: string }>({ filter: 'active = true' });
    await pb.send('/api/packbench/tx', { method: 'POST', body: { ops: products.map((p) => ({ op: 'stock', product: p.id, delta_on_hand: 1e6, reason: 'adjustment' })) } });
    const cpuMs = () => {
      const f = readFileSync(`/proc/${srv.child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
      return (Number(f[11]) + Number(f[12])) * 10;
    };
    const run = async (seconds: number) => {
      let orders = 0;
      const until = Date.now() + seconds * 1000;
      await Promise.all(
        Array.from({ length: CLIENTS }, async (_, k) => {
          while (Date.now() < until) {
            const picked = new Set<string>();
            while (picked.size < 3) picked.add(products[Math.floor(Math.random() * products.length)].id);
            await placeWebOrder({
              idempotencyKey: randomUUID(), name: 'Bench', email: `s${k}@bench.example`, fulfilmentMethod: 'collect',
              paymentMethod: 'online_banking', locale: 'en', lines: [...picked].map((productId) => ({ productId, qty: 1 }))
            });
            orders++;
          }
        })
      );
      return orders;
    };
    await run(2); // warm-up
    const before = cpuMs();
    const started = performance.now();
    const orders = await run(SECONDS);
    const elapsed = (performance.now() - started) / 1000;
    return { orders_per_s: Math.round(orders / elapsed), pocketbase_cpu_ms_per_order: Math.round(((cpuMs() - before) / orders) * 100) / 100 };
  } finally {
    await srv.stop();
  }
}

async function main() {
  const native = await measure('native');
  const js = await measure('js');
  const figures = { seconds: SECONDS, clients: CLIENTS, native, js };
  console.table({ native, js });
  writeResult('tx-engine', figures);
  process.exit(0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
