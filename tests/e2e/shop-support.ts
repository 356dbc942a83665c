// Shared by the shop E2E files: the demo PocketBase as superuser, and an order placed the
// way a shopper's browser places it (the public tRPC procedure).
import { expect, inject } from 'vitest';
import type PocketBase from 'pocketbase';
import { superuser } from '../support/browser';
import { proven } from '../support/shop';

export { superuser };


export async function placeThroughTheShop(pb: PocketBase, sku: string, qty: number) {
  const product = await pb.collection('products').getFirstListItem(`sku = '${sku}'`);
  // with the proof of work the shop front's browser solves (issue #12, finding 3)
  const challenge = async () => {
    const r = await fetch(`${inject('baseUrl')}/api/trpc/shop.challenge`);
    return ((await r.json()) as { result: { data: { json: Parameters<typeof proven>[1] extends () => Promise<infer C> ? C : never } } }).result.data.json;
  };
  const input = await proven(
    { idempotencyKey: crypto.randomUUID(), name: 'Pieter de Vries', email: 'pieter@example.nl', fulfilmentMethod: 'collect', paymentMethod: 'cheque', locale: 'en', lines: [{ productId: product.id, qty }] },
    challenge
  );
  const res = await fetch(`${inject('baseUrl')}/api/trpc/shop.placeOrder`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ json: input }) });
  expect(res.status).toBe(200);
  const { result } = (await res.json()) as { result: { data: { json: { id: string } } } };
  return { product, order: await pb.collection('orders').getOne(result.data.json.id) };
}
