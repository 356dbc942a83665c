import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import AmendLines from './AmendLines.svelte';
import type { DeskActions, DeskOrder } from '../../../orders/amend/desk';

const order: DeskOrder = { id: 'order0000000001', number: 1042, version: 3, status: 'placed', fulfilment_status: 'unfulfilled', currency: 'EUR', total_cents: 2293 };
const lines = [{ id: 'line00000000001', product: 'prod00000000001', sku: 'TEA-A', name: 'Tee A', unit_price_cents: 899, qty: 2, picked: 0, shipped: 0 }];
const products = [
  { id: 'prod00000000001', sku: 'TEA-A', name: 'Tee A', bin: 'A-1', price_cents: 899, on_hand: 10, reserved: 2, active: true, updated: '' },
  { id: 'prod00000000002', sku: 'POT-B', name: 'Kanne B', bin: 'B-1', price_cents: 2490, on_hand: 4, reserved: 0, active: true, updated: '' }
];

function actions(over: Partial<DeskActions> = {}): DeskActions {
  return {
    products: vi.fn().mockResolvedValue(products),
    amend: vi.fn().mockResolvedValue(undefined),
    placeDraft: vi.fn().mockResolvedValue(undefined),
    cancel: vi.fn(),
    cancelLine: vi.fn(),
    ...over
  };
}

async function setQty(value: string) {
  const input = screen.getByLabelText('Quantity of Tee A');
  await userEvent.clear(input);
  await userEvent.type(input, value);
}

describe('AmendLines', () => {
  it('changes a quantity and adds a line against the version on screen', async () => {
    const a = actions();
    render(AmendLines, { order, lines, actions: a });
    await userEvent.click(screen.getByRole('button', { name: 'Change lines' }));
    await setQty('5');
    await userEvent.selectOptions(await screen.findByLabelText('Product'), 'prod00000000002');
    await userEvent.click(screen.getByRole('button', { name: 'Add line' }));
    await userEvent.click(screen.getByRole('button', { name: 'Save changes' }));
    expect(a.amend).toHaveBeenCalledWith({
      orderId: order.id,
      version: 3,
      lines: [
        { lineId: 'line00000000001', productId: 'prod00000000001', qty: 5 },
        { productId: 'prod00000000002', qty: 1 }
      ]
    });
    expect(await screen.findByRole('status')).toHaveTextContent('Changes saved');
  });

  it('on a conflict shows what the order holds now, keeps my edits, and saves again only on request against the new version', async () => {
    const conflict = {
      message: 'Someone else changed this order in the meantime. Nothing was saved.',
      lines: [],
      params: { current: { version: 4, total_cents: 3192, currency: 'EUR', lines: [{ id: 'line00000000001', sku: 'TEA-A', name: 'Tee A', qty: 3 }] } }
    };
    const a = actions({ amend: vi.fn().mockRejectedValueOnce(conflict).mockResolvedValueOnce(undefined) });
    const { rerender } = render(AmendLines, { order, lines, actions: a });
    await userEvent.click(screen.getByRole('button', { name: 'Change lines' }));
    await setQty('5');
    await userEvent.click(screen.getByRole('button', { name: 'Save changes' }));

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Someone else changed this order');
    expect(within(screen.getByTestId('current-state')).getByText('3 × Tee A')).toBeInTheDocument();
    expect(alert).toHaveTextContent('€31.92');
    expect(screen.getByLabelText('Quantity of Tee A')).toHaveValue(5);

    // the live order arrives with the other person's version
    await rerender({ order: { ...order, version: 4 }, lines: [{ ...lines[0], qty: 3 }], actions: a });
    expect(screen.getByTestId('changed-meanwhile')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Apply my changes to the current order' }));
    expect(screen.getByLabelText('Quantity of Tee A')).toHaveValue(5);
    await userEvent.click(screen.getByRole('button', { name: 'Save changes' }));
    expect(a.amend).toHaveBeenLastCalledWith({ orderId: order.id, version: 4, lines: [{ lineId: 'line00000000001', productId: 'prod00000000001', qty: 5 }] });
  });

  it('shows a stock refusal beside the line', async () => {
    const a = actions({
      amend: vi.fn().mockRejectedValue({ message: 'Some lines cannot be served', lines: [{ productId: 'prod00000000001', problem: 'not_enough', sku: 'TEA-A', name: 'Tee A', requested: 20, available: 10 }], params: {} })
    });
    render(AmendLines, { order, lines, actions: a });
    await userEvent.click(screen.getByRole('button', { name: 'Change lines' }));
    await setQty('20');
    await userEvent.click(screen.getByRole('button', { name: 'Save changes' }));
    expect(await screen.findByTestId('line-problem')).toHaveTextContent('Only 10 available (20 requested).');
    expect(screen.getByLabelText('Quantity of Tee A')).toHaveValue(20);
  });

  it('does not send an invalid quantity', async () => {
    const a = actions();
    render(AmendLines, { order, lines, actions: a });
    await userEvent.click(screen.getByRole('button', { name: 'Change lines' }));
    await setQty('1.5');
    await userEvent.click(screen.getByRole('button', { name: 'Save changes' }));
    expect(a.amend).not.toHaveBeenCalled();
    expect(screen.getByText('A whole number from 1 to 999.')).toBeInTheDocument();
  });

  it('places a draft; a packed order cannot be changed', async () => {
    const a = actions();
    const { rerender } = render(AmendLines, { order: { ...order, status: 'draft' }, lines, actions: a });
    await userEvent.click(screen.getByRole('button', { name: 'Place order now' }));
    expect(a.placeDraft).toHaveBeenCalledWith({ orderId: order.id, version: 3 });
    await rerender({ order: { ...order, fulfilment_status: 'packed' }, lines, actions: a });
    expect(screen.queryByRole('button', { name: 'Change lines' })).not.toBeInTheDocument();
    expect(screen.getByText(/can no longer be changed/)).toBeInTheDocument();
  });
});
