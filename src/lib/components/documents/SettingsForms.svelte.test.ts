import '@testing-library/jest-dom/vitest';
import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_FORMATS } from '$lib/documents/formats';
import DocumentFormatsForm from './DocumentFormatsForm.svelte';
import SellerDetailsForm from './SellerDetailsForm.svelte';

const seller = {
  name: 'Teehaus',
  address: { name: 'Teehaus GmbH', company: '', street: 'Friedrichstraße 100', postcode: '10117', city: 'Berlin', country: 'DE' },
  vatId: '',
  email: 'shop@example.com',
  phone: '',
  bankDetails: '',
  paymentTermsDays: 14,
  openingHours: ''
};

describe('document settings forms', () => {
  it('saves the paper chosen per document and says so', async () => {
    const onsave = vi.fn().mockResolvedValue(undefined);
    render(DocumentFormatsForm, { formats: DEFAULT_FORMATS, canEdit: true, onsave });
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Paper for Receipt' }), 'thermal80');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(onsave).toHaveBeenCalledWith({ ...DEFAULT_FORMATS, receipt: 'thermal80' });
    expect(await screen.findByText('Saved.')).toBeInTheDocument();
  });

  it('is read-only for office staff', () => {
    render(DocumentFormatsForm, { formats: DEFAULT_FORMATS, canEdit: false, onsave: vi.fn() });
    expect(screen.getByRole('combobox', { name: 'Paper for Invoice' })).toBeDisabled();
    expect(screen.queryByRole('button', { name: 'Save' })).toBeNull();
  });

  it('sends the seller details as typed and shows the server’s per-field messages', async () => {
    const onsave = vi
      .fn()
      .mockRejectedValueOnce({ message: 'Please check the highlighted fields.', fields: { 'address.country': 'Two-letter country code, e.g. DE' } })
      .mockResolvedValueOnce(undefined);
    render(SellerDetailsForm, { seller, canEdit: true, onsave });
    await userEvent.type(screen.getByRole('textbox', { name: 'VAT ID' }), 'DE123456789');
    const country = screen.getByRole('textbox', { name: 'Country (two letters, e.g. DE)' });
    await userEvent.clear(country);
    await userEvent.type(country, 'Germany');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(onsave).toHaveBeenLastCalledWith({ ...seller, vatId: 'DE123456789', address: { ...seller.address, country: 'Germany' } });
    expect(await screen.findByRole('alert')).toHaveTextContent('Please check the highlighted fields.');
    expect(country).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByText('Two-letter country code, e.g. DE')).toBeInTheDocument();

    await userEvent.clear(country);
    await userEvent.type(country, 'DE');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Saved.')).toBeInTheDocument();
    expect(screen.queryByRole('alert')).toBeNull();
    expect(country).toHaveAttribute('aria-invalid', 'false');
  });
});
