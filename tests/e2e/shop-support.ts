// Shared by the shop E2E files: the demo PocketBase as superuser, and an order placed the
// way a shopper's browser places it (the public tRPC procedure).
import { expect, inject } from 'vitest';
import type PocketBase from 'pocketbase';
import { superuser } from '../support/browser';

export { superuser };


export async function placeThroughTheShop(pb: PocketBase, sku: string, qty: number) {
  const product = await pb.collection('products').getFirstListItem(`sku = '${sku}'`);
  const res = await fetch(`${inject('baseUrl')}/api/trpc/shop.placeOrder`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      json: { idempotencyKey: crypto.randomUUID(), name: 'Pieter de Vries', email: 'pieter@example.nl', fulfilmentMethod: 'collect', paymentMethod: 'cheque', locale: 'en', lines: [{ productId: product.id, qty }] }
    })
  });
  expect(res.status).toBe(200);
  const { result } = (await res.json()) as { result: { data: { json: { id: string } } } };
  return { product, order: await pb.collection('orders').getOne(result.data.json.id) };
}
