import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import AddressForm from './AddressForm.svelte';

const initial = { name: 'Greta Hoffmann', street: 'Am Markt 5', postcode: '28195', city: 'Bremen', country: 'DE' };

describe('F37 AddressForm', () => {
  it('F37 keeps what the person typed on a conflict and shows the address now on the order', async () => {
    const save = vi.fn().mockRejectedValueOnce({
      message: 'Someone else changed this order in the meantime. Nothing was saved; your input is kept.',
      fields: {},
      params: { currentVersion: 4, current: { version: 4, shipping_address: { ...initial, street: 'Obernstraße 1' }, billing_address: null } }
    });
    const onclose = vi.fn();
    render(AddressForm, { kind: 'shipping', initial, save, onclose });
    const street = screen.getByLabelText('Street and house number');
    await userEvent.clear(street);
    await userEvent.type(street, 'Am Markt 12');
    await userEvent.clear(screen.getByLabelText('City'));
    await userEvent.type(screen.getByLabelText('City'), 'Bremen-Mitte');
    await userEvent.click(screen.getByRole('button', { name: 'Save address' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('Someone else changed this order');
    expect(screen.getByLabelText('Street and house number')).toHaveValue('Am Markt 12');
    expect(screen.getByLabelText('City')).toHaveValue('Bremen-Mitte');
    expect(screen.getByTestId('address-current')).toHaveTextContent('Greta Hoffmann, Obernstraße 1, 28195 Bremen, DE');
    expect(onclose).not.toHaveBeenCalled();

    // saving again sends the typed address
    save.mockResolvedValueOnce(undefined);
    await userEvent.click(screen.getByRole('button', { name: 'Save address' }));
    expect(save).toHaveBeenLastCalledWith({ ...initial, company: undefined, street: 'Am Markt 12', city: 'Bremen-Mitte' }, false);
    expect(onclose).toHaveBeenCalled();
  });

  it('F36 F37 a failed check marks the postcode field by name, keeps the input and offers to save anyway', async () => {
    const save = vi.fn().mockRejectedValueOnce({
      message: 'The address was not saved: it failed the address check. See the fields below.',
      fields: {},
      params: { messages: [{ field: 'postcode', code: 'postcode_format', message: 'Postcode “2819” is not a valid postcode for DE (e.g. 10115).', params: { field: 'Postcode', value: '2819', country: 'DE', example: '10115' } }] }
    });
    render(AddressForm, { kind: 'shipping', initial, save, onclose: vi.fn() });
    await userEvent.clear(screen.getByLabelText('Postcode'));
    await userEvent.type(screen.getByLabelText('Postcode'), '2819');
    await userEvent.click(screen.getByRole('button', { name: 'Save address' }));
    expect(await screen.findByText('Postcode “2819” is not a valid postcode for DE (e.g. 10115).')).toBeInTheDocument();
    expect(screen.getByLabelText('Postcode')).toHaveValue('2819');
    expect(screen.getByLabelText('Postcode')).toHaveAttribute('aria-invalid', 'true');
    await userEvent.click(screen.getByLabelText(/Save this address anyway/));
    save.mockResolvedValueOnce(undefined);
    await userEvent.click(screen.getByRole('button', { name: 'Save address' }));
    expect(save).toHaveBeenLastCalledWith(expect.objectContaining({ postcode: '2819' }), true);
  });
});
