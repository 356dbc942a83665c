// F39: the staff return form sends only the lines with units, each with its reason, and keeps
// its request key when sending fails, so a retry (or a double tap) makes one return.
import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { ReturnsView } from '$lib/returns/api';
import NewReturnForm from './NewReturnForm.svelte';

const create = vi.hoisted(() => vi.fn());
vi.mock('$lib/trpc', async (original) => ({
  ...(await original<typeof import('$lib/trpc')>()),
  trpc: { returns: { create: { mutate: create } } }
}));

const view = {
  order: { id: 'order0000000001', number: 1042, status: 'completed', fulfilment_status: 'shipped', version: 3, open_returns: 0 },
  lines: [
    { id: 'line00000000001', sku: 'TEE-1', name: 'Sencha', qty: 3, shipped: 3, returned: 0, onRequested: 0, returnable: 3 },
    { id: 'line00000000002', sku: 'CUP-1', name: 'Cup', qty: 1, shipped: 1, returned: 0, onRequested: 0, returnable: 1 },
    { id: 'line00000000003', sku: 'POT-1', name: 'Pot', qty: 1, shipped: 1, returned: 1, onRequested: 0, returnable: 0 }
  ],
  returns: []
} as unknown as ReturnsView;

describe('NewReturnForm (F39)', () => {
  it('offers only what may come back, sends the chosen units with their reasons', async () => {
    create.mockReset().mockResolvedValue({ returnId: 'ret000000000001', orderId: view.order.id, duplicate: false });
    const ondone = vi.fn();
    render(NewReturnForm, { view, ondone, oncancel: vi.fn() });
    expect(screen.queryByLabelText('Units of Pot to return')).toBeNull();
    await userEvent.clear(screen.getByLabelText('Units of Sencha to return'));
    await userEvent.type(screen.getByLabelText('Units of Sencha to return'), '2');
    await userEvent.selectOptions(screen.getByLabelText('Reason for Sencha'), 'damaged');
    await userEvent.type(screen.getByLabelText('Details for Sencha'), 'lid dented');
    await userEvent.click(screen.getByRole('button', { name: 'Record return of 2 units' }));
    expect(create).toHaveBeenCalledWith({
      orderId: view.order.id,
      key: expect.stringMatching(/^[0-9a-f-]{36}$/),
      lines: [{ lineId: 'line00000000001', qty: 2, reason: 'damaged', note: 'lid dented' }],
      note: undefined
    });
    expect(ondone).toHaveBeenCalledWith('Return of 2 units recorded.');
  });

  it('keeps the same request key when sending fails, so a retry makes one return', async () => {
    create.mockReset().mockRejectedValueOnce(new Error('offline')).mockResolvedValueOnce({ returnId: 'ret000000000001', orderId: view.order.id, duplicate: true });
    render(NewReturnForm, { view, ondone: vi.fn(), oncancel: vi.fn() });
    await userEvent.clear(screen.getByLabelText('Units of Cup to return'));
    await userEvent.type(screen.getByLabelText('Units of Cup to return'), '1');
    await userEvent.click(screen.getByRole('button', { name: 'Record return of 1 unit' }));
    expect(await screen.findByRole('alert')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Record return of 1 unit' }));
    expect(create).toHaveBeenCalledTimes(2);
    expect(create.mock.calls[1][0].key).toBe(create.mock.calls[0][0].key);
  });
});
