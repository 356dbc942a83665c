import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import CheckoutForm from './CheckoutForm.svelte';

async function fillShipping() {
  await userEvent.type(screen.getByLabelText('Name'), 'Anna Schäfer');
  await userEvent.type(screen.getByLabelText('E-mail'), 'anna@example.de');
  await userEvent.type(screen.getByLabelText('Street and number'), 'Lindenstraße 12');
  await userEvent.type(screen.getByLabelText('Postcode'), '10969');
  await userEvent.type(screen.getByLabelText('City'), 'Berlin');
}

describe('CheckoutForm', () => {
  it('sends the details with the address when shipping', async () => {
    const onsubmit = vi.fn().mockResolvedValue(undefined);
    render(CheckoutForm, { onsubmit });
    await fillShipping();
    await userEvent.click(screen.getByLabelText('Cheque'));
    await userEvent.click(screen.getByRole('button', { name: 'Place order' }));
    expect(onsubmit).toHaveBeenCalledWith({
      name: 'Anna Schäfer', email: 'anna@example.de', phone: undefined, fulfilmentMethod: 'ship',
      shippingAddress: { name: 'Anna Schäfer', company: undefined, street: 'Lindenstraße 12', postcode: '10969', city: 'Berlin', country: 'DE' },
      paymentMethod: 'cheque', locale: 'en'
    });
  });

  it('needs no address for Click & Collect', async () => {
    const onsubmit = vi.fn().mockResolvedValue(undefined);
    const onmethod = vi.fn();
    render(CheckoutForm, { onsubmit, onmethod });
    await userEvent.click(screen.getByLabelText(/Click & Collect/));
    expect(screen.queryByLabelText('Street and number')).not.toBeInTheDocument();
    expect(onmethod).toHaveBeenLastCalledWith('collect');
    await userEvent.type(screen.getByLabelText('Name'), 'Anna');
    await userEvent.type(screen.getByLabelText('E-mail'), 'anna@example.de');
    await userEvent.click(screen.getByRole('button', { name: 'Place order' }));
    expect(onsubmit.mock.calls[0][0]).toMatchObject({ fulfilmentMethod: 'collect', shippingAddress: undefined });
  });

  it('names every missing or wrong field and sends nothing', async () => {
    const onsubmit = vi.fn();
    render(CheckoutForm, { onsubmit });
    await userEvent.type(screen.getByLabelText('E-mail'), 'not-an-address');
    await userEvent.clear(screen.getByLabelText('Country (e.g. DE)'));
    await userEvent.type(screen.getByLabelText('Country (e.g. DE)'), 'D1');
    await userEvent.click(screen.getByRole('button', { name: 'Place order' }));
    expect(onsubmit).not.toHaveBeenCalled();
    expect(screen.getByRole('alert')).toHaveTextContent('Please check the highlighted fields.');
    expect(screen.getByLabelText('Name')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByLabelText('E-mail')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByText('Enter an e-mail address like name@example.com.')).toBeInTheDocument();
    expect(screen.getByText('Two-letter country code, e.g. DE.')).toBeInTheDocument();
    expect(screen.getByLabelText('Street and number')).toHaveAttribute('aria-invalid', 'true');
  });

  it('keeps everything typed when placing fails, with the server message and its field', async () => {
    const onsubmit = vi.fn().mockRejectedValue({ message: 'Please check the highlighted fields.', fields: { 'shippingAddress.postcode': 'Too long' } });
    render(CheckoutForm, { onsubmit });
    await fillShipping();
    await userEvent.click(screen.getByRole('button', { name: 'Place order' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Please check the highlighted fields.');
    expect(screen.getByText('Too long')).toBeInTheDocument();
    expect(screen.getByLabelText('Name')).toHaveValue('Anna Schäfer');
    expect(screen.getByLabelText('City')).toHaveValue('Berlin');
    expect(screen.getByRole('button', { name: 'Place order' })).toBeEnabled();
  });

  it('cannot be submitted while a line cannot be served', () => {
    render(CheckoutForm, { onsubmit: vi.fn(), blocked: true });
    expect(screen.getByRole('button', { name: 'Place order' })).toBeDisabled();
  });

  it('offers only the ways to pay the server names, and marks a sandbox card as SANDBOX (issue #12, finding 1)', () => {
    const { unmount } = render(CheckoutForm, { onsubmit: vi.fn(), methods: ['online_banking', 'cheque'] });
    expect(screen.getAllByRole('radio', { name: /Card|Online banking|Cheque/ }).map((r) => (r as HTMLInputElement).value)).toEqual(['online_banking', 'cheque']);
    expect(screen.queryByTestId('card-sandbox')).toBeNull();
    unmount();
    render(CheckoutForm, { onsubmit: vi.fn(), methods: ['card', 'online_banking', 'cheque'], cardSandbox: true });
    expect(screen.getByTestId('card-sandbox')).toHaveTextContent('SANDBOX');
  });
});
