// #14 (F38): the customer form checks fields before sending, naming each, and keeps what was
// typed when the server refuses (someone else saved first).
import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import CustomerForm from './CustomerForm.svelte';

const customer = { name: 'Greta Brandt', email: 'greta@example.com', phone: '', company: '', locale: 'de' as const, addresses: [] };
const props = (over: Record<string, unknown> = {}) => ({ customer, onsave: vi.fn().mockResolvedValue(undefined), oncancel: vi.fn(), ...over });

describe('#14 CustomerForm (F38)', () => {
  it('sends the contact data and a new address, the country upper-cased', async () => {
    const p = props();
    const { container } = render(CustomerForm, p);
    await userEvent.type(container.querySelector('input[name="phone"]')!, '+49 171 5550199');
    await userEvent.click(screen.getByRole('button', { name: 'Add an address' }));
    await userEvent.type(container.querySelector('input[name="addresses.0.name"]')!, 'Greta Brandt');
    await userEvent.type(container.querySelector('input[name="addresses.0.street"]')!, 'Kastanienallee 12');
    await userEvent.type(container.querySelector('input[name="addresses.0.postcode"]')!, '10435');
    await userEvent.type(container.querySelector('input[name="addresses.0.city"]')!, 'Berlin');
    await userEvent.type(container.querySelector('input[name="addresses.0.country"]')!, 'de');
    await userEvent.click(screen.getByRole('button', { name: 'Save customer' }));
    expect(p.onsave).toHaveBeenCalledWith({
      ...customer,
      phone: '+49 171 5550199',
      addresses: [{ label: '', name: 'Greta Brandt', company: '', street: 'Kastanienallee 12', postcode: '10435', city: 'Berlin', country: 'DE' }]
    });
  });

  it('refuses an empty name, a bad e-mail and an address without a postcode before sending, naming each', async () => {
    const p = props();
    const { container } = render(CustomerForm, p);
    await userEvent.clear(container.querySelector('input[name="name"]')!);
    await userEvent.clear(container.querySelector('input[name="email"]')!);
    await userEvent.type(container.querySelector('input[name="email"]')!, 'greta@');
    await userEvent.click(screen.getByRole('button', { name: 'Add an address' }));
    await userEvent.type(container.querySelector('input[name="addresses.0.street"]')!, 'Ring 1');
    await userEvent.click(screen.getByRole('button', { name: 'Save customer' }));
    expect(p.onsave).not.toHaveBeenCalled();
    // the customer's name and the address's recipient
    expect(screen.getAllByText('Enter the name (at most 200 characters).')).toHaveLength(2);
    expect(screen.getByText('Enter an e-mail address like name@example.com, or leave it empty.')).toBeInTheDocument();
    expect(screen.getByText('Enter the postcode (at most 20 characters).')).toBeInTheDocument();
  });

  it('keeps what was typed when the save is refused and shows why', async () => {
    const p = props({ onsave: vi.fn().mockRejectedValue({ message: 'Someone else changed Greta Brandt meanwhile.', fields: {} }) });
    const { container } = render(CustomerForm, p);
    await userEvent.type(container.querySelector('input[name="company"]')!, 'Brandt GmbH');
    await userEvent.click(screen.getByRole('button', { name: 'Save customer' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Someone else changed Greta Brandt meanwhile.');
    expect(container.querySelector<HTMLInputElement>('input[name="company"]')!.value).toBe('Brandt GmbH');
  });
});
