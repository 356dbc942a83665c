// F26 scale data: `npm run seed:scale` (small here) writes orders through the same schema and
// triggers: every order searchable, the order counter past them, the ledger invariant kept.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import PocketBase from 'pocketbase';
import { afterAll, describe, expect, it } from 'vitest';
import { fold } from '../../src/lib/search/fold';
import { resolvePocketBase, startPocketBaseOnFreePort } from '../../scripts/lib/pocketbase.js';
import { seedScale } from '../../scripts/seed-scale.js';
import { ledgerViolations } from '../support/stock/ledger-check';

const dataDir = mkdtempSync(join(tmpdir(), 'packbench-scale-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('F26 seed:scale', () => {
  it('builds searchable orders, customers and a consistent ledger; a second run does nothing', async () => {
    const scale = await seedScale({ orders: 400, dataDir, log: () => {} });
    expect((await seedScale({ orders: 400, dataDir, log: () => {} })).seconds).toBe(scale.seconds);
    const server = await startPocketBaseOnFreePort({ bin: await resolvePocketBase({ log: () => {} }), dataDir });
    try {
      const pb = new PocketBase(server.url);
      pb.autoCancellation(false);
      await pb.collection('_superusers').authWithPassword(scale.email, scale.password);
      const scaled = await pb.collection('orders').getFullList({ filter: "tracking_token ~ 'scale'", fields: 'number,search_text,customer_name' });
      expect(scaled).toHaveLength(400);
      for (const o of scaled) expect(o.search_text).toContain(` ${o.number} `);
      // the word index has caught up with every seeded order (#15)
      expect((await pb.collection('order_words_pending').getList(1, 1)).totalItems).toBe(0);
      const last = scaled[scaled.length - 1];
      const indexed = await pb.collection('order_words').getFullList({ filter: `number = ${last.number}`, fields: 'word' });
      expect(indexed.map((w) => w.word)).toEqual(expect.arrayContaining([String(last.number), ...fold(last.customer_name).split(' ').filter(Boolean)]));
      const counter = await pb.collection('counters').getFirstListItem("name = 'order_number'");
      expect(counter.value).toBe(Math.max(...scaled.map((o) => o.number)));
      expect((await pb.collection('customers').getList(1, 1)).totalItems).toBeGreaterThanOrEqual(100);
      // and with every customer (#14)
      expect((await pb.collection('customer_words_pending').getList(1, 1)).totalItems).toBe(0);
      const someone = await pb.collection('customers').getFirstListItem('', { sort: '-created', fields: 'id,name' });
      const words = await pb.collection('customer_words').getFullList({ filter: `customer = "${someone.id}"`, fields: 'word' });
      expect(words.map((w) => w.word)).toEqual(expect.arrayContaining(fold(someone.name).split(' ').filter(Boolean)));
      expect((await pb.collection('order_lines').getList(1, 1, { filter: "id ~ 'l0'" })).totalItems).toBeGreaterThan(400);
      // each order's two sent e-mails, as the outbox keeps them (the /mail list at scale)
      expect((await pb.collection('outbox').getList(1, 1, { filter: "kind = 'email' && status = 'sent' && message_id ~ 'scale-'" })).totalItems).toBe(800);
      const products = await pb.collection('products').getFullList({ fields: 'id,sku,on_hand,reserved' });
      const moves = await pb.collection('stock_movements').getFullList({ fields: 'product,delta_on_hand,delta_reserved', batch: 5000 });
      const v = ledgerViolations(products as never, moves as never);
      expect(v).toMatchObject({ oversold: [], mismatched: [] });
    } finally {
      await server.stop();
    }
  }, 120_000);
});
