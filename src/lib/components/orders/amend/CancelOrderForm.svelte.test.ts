import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import CancelOrderForm from './CancelOrderForm.svelte';

const order = { id: 'order0000000001', number: 1042, version: 3, status: 'placed' as const, fulfilment_status: 'unfulfilled' as const, currency: 'EUR', total_cents: 100 };
const lines = [
  { id: 'line00000000001', product: 'p1', sku: 'A', name: 'Tee A', unit_price_cents: 100, qty: 2, picked: 0, shipped: 0 },
  { id: 'line00000000002', product: 'p2', sku: 'B', name: 'Tee B', unit_price_cents: 100, qty: 1, picked: 0, shipped: 0 }
];

describe('CancelOrderForm', () => {
  it('needs a reason, then cancels against the version on screen', async () => {
    const cancel = vi.fn().mockResolvedValue(undefined);
    render(CancelOrderForm, { order, lines, actions: { cancel, cancelLine: vi.fn() } });
    await userEvent.click(screen.getByRole('button', { name: 'Cancel order' }));
    await userEvent.click(screen.getByRole('button', { name: 'Cancel the order' }));
    expect(cancel).not.toHaveBeenCalled();
    expect(screen.getByText('Say why (at least 3 characters).')).toBeInTheDocument();
    await userEvent.type(screen.getByLabelText('Reason'), 'Customer called');
    await userEvent.click(screen.getByLabelText('Tell the customer by e-mail'));
    await userEvent.click(screen.getByRole('button', { name: 'Cancel the order' }));
    expect(cancel).toHaveBeenCalledWith({ orderId: order.id, version: 3, reason: 'Customer called', notifyCustomer: false });
  });

  it('keeps the reason when cancelling fails', async () => {
    const cancel = vi.fn().mockRejectedValue({ message: 'Someone else changed this order in the meantime.' });
    render(CancelOrderForm, { order, lines, actions: { cancel, cancelLine: vi.fn() } });
    await userEvent.click(screen.getByRole('button', { name: 'Cancel order' }));
    await userEvent.type(screen.getByLabelText('Reason'), 'Duplicate order');
    await userEvent.click(screen.getByRole('button', { name: 'Cancel the order' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Someone else changed');
    expect(screen.getByLabelText('Reason')).toHaveValue('Duplicate order');
  });

  it('cancels one line with its reason', async () => {
    const cancelLine = vi.fn().mockResolvedValue(undefined);
    render(CancelOrderForm, { order, lines, actions: { cancel: vi.fn(), cancelLine } });
    await userEvent.click(screen.getByRole('button', { name: 'Cancel a line' }));
    await userEvent.selectOptions(screen.getByLabelText('Line'), 'line00000000002');
    await userEvent.type(screen.getByLabelText('Reason'), 'Out of season');
    await userEvent.click(screen.getByRole('button', { name: 'Cancel the line' }));
    expect(cancelLine).toHaveBeenCalledWith({ orderId: order.id, lineId: 'line00000000002', version: 3, reason: 'Out of season' });
  });

  it('offers nothing once the order has shipped', () => {
    render(CancelOrderForm, { order: { ...order, fulfilment_status: 'shipped' }, lines, actions: { cancel: vi.fn(), cancelLine: vi.fn() } });
    expect(screen.queryByRole('button')).not.toBeInTheDocument();
  });
});
