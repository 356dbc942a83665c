import { describe, expect, it } from 'vitest';
import { Cart, CART_KEY } from './cart.svelte';

import { MemoryStorage, pot, tea } from '../../../tests/support/cart';

describe('Cart', () => {
  it('survives a reload through storage, with the same checkout key', () => {
    const storage = new MemoryStorage();
    const cart = new Cart(storage);
    cart.add(tea, 2);
    cart.add(pot);
    cart.add(tea);
    const again = new Cart(storage);
    expect(again.lines.map((l) => [l.sku, l.qty])).toEqual([['TEA-1', 3], ['POT-1', 1]]);
    expect(again.checkoutKey).toBe(cart.checkoutKey);
    expect(again.goodsCents).toBe(3 * 899 + 2490);
    expect(again.count).toBe(4);
  });

  it('a different content is a different order: the key changes with every change', () => {
    const cart = new Cart(new MemoryStorage());
    cart.add(tea);
    const first = cart.checkoutKey;
    cart.setQty(tea.id, 2);
    expect(cart.checkoutKey).not.toBe(first);
  });

  it('ignores quantities that are not whole units from 1 to 999', () => {
    const cart = new Cart(new MemoryStorage());
    cart.add(tea, 2);
    const key = cart.checkoutKey;
    for (const bad of [0, -1, 1.5, 1000, Number.NaN]) cart.setQty(tea.id, bad);
    expect(cart.lines[0].qty).toBe(2);
    expect(cart.checkoutKey).toBe(key);
  });

  it('starts empty from a damaged or foreign stored value', () => {
    const storage = new MemoryStorage();
    storage.setItem(CART_KEY, '{not json');
    expect(new Cart(storage).lines).toEqual([]);
    storage.setItem(CART_KEY, JSON.stringify({ lines: [{ productId: 'x', name: 'X', qty: -3, priceCents: 1 }, { ...tea, productId: tea.id, qty: 1 }] }));
    expect(new Cart(storage).lines.map((l) => l.name)).toEqual(['Assam']);
  });

  it('takes the current price from the shop', () => {
    const cart = new Cart(new MemoryStorage());
    cart.add(tea);
    cart.refresh([{ id: tea.id, name: 'Assam, 250 g', priceCents: 950 }]);
    expect(cart.lines[0]).toMatchObject({ name: 'Assam, 250 g', priceCents: 950 });
  });
});
