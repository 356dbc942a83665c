import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { Cart } from '$lib/shop/cart.svelte';
import CartLines from './CartLines.svelte';

import { MemoryStorage, pot, tea } from '../../../../tests/support/cart';

describe('CartLines', () => {
  it('shows the reason beside a line that cannot be served', () => {
    const cart = new Cart(new MemoryStorage());
    cart.add(tea, 5);
    cart.add(pot, 1);
    render(CartLines, { cart, currency: 'EUR', shippingCents: 495, problems: [{ productId: tea.id, problem: 'not_enough', sku: 'TEA-1', name: 'Assam', requested: 5, available: 2 }] });
    const problem = screen.getByTestId('line-problem');
    expect(problem).toHaveTextContent('Only 2 available (5 requested).');
    expect(problem.closest('tr')).toHaveAttribute('data-line', 'TEA-1');
    expect(screen.getAllByTestId('line-problem')).toHaveLength(1);
  });

  it('keeps what the shopper typed, explains an invalid quantity and leaves the cart unchanged', async () => {
    const cart = new Cart(new MemoryStorage());
    cart.add(tea, 2);
    render(CartLines, { cart, currency: 'EUR', shippingCents: 0 });
    const input = screen.getByLabelText('Quantity of Assam');
    await userEvent.clear(input);
    await userEvent.type(input, '0');
    expect(screen.getByText('Enter a whole number from 1 to 999.')).toBeInTheDocument();
    expect(input).toHaveValue(0);
    expect(cart.lines[0].qty).toBe(2);
    await userEvent.clear(input);
    await userEvent.type(input, '4');
    expect(cart.lines[0].qty).toBe(4);
    expect(screen.getByTestId('cart-total')).toHaveTextContent('35.96');
    expect(screen.getByText('Free')).toBeInTheDocument();
  });
});
