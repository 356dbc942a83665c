import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import PhoneOrderForm from './PhoneOrderForm.svelte';
import type { PhoneOrderActions } from '../../../orders/amend/phone-order';

const greta = { id: 'cust00000000001', name: 'Greta Hoffmann', email: 'greta@example.de', phone: '+49 421 555123', company: '', locale: 'de' as const,
  addresses: [{ name: 'Greta Hoffmann', street: 'Am Markt 5', postcode: '28195', city: 'Bremen', country: 'DE' }] };
const products = [{ id: 'prod00000000001', sku: 'TEA-A', name: 'Tee A', bin: 'A-1', price_cents: 899, on_hand: 10, reserved: 2, active: true, updated: '' }];

function actions(over: Partial<PhoneOrderActions> = {}): PhoneOrderActions {
  return {
    searchCustomers: vi.fn().mockResolvedValue({ searchId: 'search000000001', customers: [greta] }),
    products: vi.fn().mockResolvedValue(products),
    create: vi.fn().mockResolvedValue({ id: 'order0000000001', number: 1050, status: 'draft', totalCents: 899, currency: 'EUR', paymentMethod: 'cheque', trackingToken: 'x' }),
    ...over
  };
}

async function takeOrder() {
  await userEvent.type(screen.getByLabelText('Find the customer'), 'hoffm');
  await userEvent.click(screen.getByRole('button', { name: 'Search' }));
  await userEvent.click(await screen.findByRole('button', { name: 'Choose' }));
  await userEvent.selectOptions(await screen.findByLabelText('Product'), 'prod00000000001');
  await userEvent.click(screen.getByRole('button', { name: 'Add line' }));
}

describe('PhoneOrderForm', () => {
  it('finds the customer, takes their address, and saves a draft with the search it came from', async () => {
    const a = actions();
    const oncreated = vi.fn();
    render(PhoneOrderForm, { actions: a, oncreated });
    await takeOrder();
    expect(screen.getByTestId('chosen-customer')).toHaveTextContent('Greta Hoffmann');
    expect(screen.getByLabelText('City')).toHaveValue('Bremen');
    await userEvent.click(screen.getByRole('button', { name: 'Save as draft' }));
    expect(a.create).toHaveBeenCalledWith(expect.objectContaining({
      customerId: greta.id, customerSearchId: 'search000000001', fulfilmentMethod: 'ship', place: false,
      shippingAddress: expect.objectContaining({ street: 'Am Markt 5', city: 'Bremen', country: 'DE' }),
      lines: [{ productId: 'prod00000000001', qty: 1 }], idempotencyKey: expect.any(String)
    }));
    expect(oncreated).toHaveBeenCalledWith(expect.objectContaining({ number: 1050 }));
  });

  it('F25 offers recent customers before anything is typed; one tap takes the customer and their address', async () => {
    const a = actions({ recentCustomers: vi.fn().mockResolvedValue([greta]) });
    render(PhoneOrderForm, { actions: a, oncreated: vi.fn() });
    const recent = await screen.findByTestId('recent-customers');
    await userEvent.click(within(recent).getByRole('button', { name: 'Greta Hoffmann' }));
    expect(screen.getByTestId('chosen-customer')).toHaveTextContent('Greta Hoffmann');
    expect(screen.getByLabelText('City')).toHaveValue('Bremen');
    await userEvent.selectOptions(await screen.findByLabelText('Product'), 'prod00000000001');
    await userEvent.click(screen.getByRole('button', { name: 'Add line' }));
    await userEvent.click(screen.getByRole('button', { name: 'Save as draft' }));
    // no search led here: none is recorded
    expect(a.create).toHaveBeenCalledWith(expect.objectContaining({ customerId: greta.id, customerSearchId: undefined }));
  });

  it('refuses to send without customer or lines, naming both', async () => {
    const a = actions();
    render(PhoneOrderForm, { actions: a, oncreated: vi.fn() });
    await userEvent.click(screen.getByRole('button', { name: 'Place order' }));
    expect(a.create).not.toHaveBeenCalled();
    expect(screen.getByText('Choose a customer or create a new one.')).toBeInTheDocument();
    expect(screen.getByText('No lines yet: add a product.', { selector: 'p' })).toBeInTheDocument();
  });

  it('keeps everything and retries with the same key after a failure', async () => {
    const create = vi.fn()
      .mockRejectedValueOnce({ message: 'Some lines cannot be served', lines: [{ productId: 'prod00000000001', problem: 'not_enough', sku: 'TEA-A', name: 'Tee A', requested: 1, available: 0 }], fields: {}, params: {} })
      .mockResolvedValueOnce({ id: 'order0000000001', number: 1051, status: 'placed', totalCents: 899, currency: 'EUR', paymentMethod: 'cheque', trackingToken: 'x' });
    const oncreated = vi.fn();
    render(PhoneOrderForm, { actions: actions({ create }), oncreated });
    await takeOrder();
    await userEvent.click(screen.getByRole('button', { name: 'Place order' }));
    expect(await screen.findByTestId('line-problem')).toHaveTextContent('Only 0 available');
    expect(screen.getByTestId('chosen-customer')).toHaveTextContent('Greta Hoffmann');
    expect(oncreated).not.toHaveBeenCalled();
    await userEvent.click(screen.getByRole('button', { name: 'Place order' }));
    expect(create.mock.calls[1][0].idempotencyKey).toBe(create.mock.calls[0][0].idempotencyKey);
    expect(create.mock.calls[1][0].place).toBe(true);
    expect(oncreated).toHaveBeenCalled();
  });
});
