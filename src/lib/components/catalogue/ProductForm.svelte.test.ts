// #14: the product form checks GTINs, money and numbers before sending, and keeps what was typed
// when the server refuses (a conflict, a taken SKU).
import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import ProductForm from './ProductForm.svelte';

const saved = { sku: 'TEE-1', name: 'Teedose', gtins: ['04006381333931'], bin: 'A-01', priceCents: 1250, taxRateBp: 1900, weightG: 300, lowStockThreshold: 5, active: true };
const props = (over: Record<string, unknown> = {}) => ({ product: null, currency: 'EUR', canManage: true, onsave: vi.fn().mockResolvedValue(undefined), oncancel: vi.fn(), ...over });

describe('#14 ProductForm', () => {
  it('sends a new product with the price in cents, the tax rate in basis points and GTINs normalised', async () => {
    const p = props();
    render(ProductForm, p);
    await userEvent.type(screen.getByLabelText('SKU'), 'TEA-9');
    await userEvent.type(screen.getByLabelText('Name'), 'Assam');
    await userEvent.type(screen.getByLabelText(/^GTINs/), '036000291452 96385074');
    await userEvent.type(screen.getByLabelText(/^Price/), '12,50');
    await userEvent.clear(screen.getByLabelText(/^Tax rate/));
    await userEvent.type(screen.getByLabelText(/^Tax rate/), '7');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(p.onsave).toHaveBeenCalledWith({
      sku: 'TEA-9', name: 'Assam', gtins: ['00036000291452', '00000096385074'], bin: '', priceCents: 1250, taxRateBp: 700, weightG: 0, lowStockThreshold: 0, active: true
    });
  });

  it('refuses a wrong check digit, a bad price and a missing name before sending, naming each field', async () => {
    const p = props();
    render(ProductForm, p);
    await userEvent.type(screen.getByLabelText('SKU'), 'TEA-9');
    await userEvent.type(screen.getByLabelText(/^GTINs/), '4006381333932');
    await userEvent.type(screen.getByLabelText(/^Price/), '12,5x');
    await userEvent.type(screen.getByLabelText(/^Low-stock/), '-1');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(p.onsave).not.toHaveBeenCalled();
    expect(screen.getByText('4006381333932: wrong check digit (expected 1)')).toBeInTheDocument();
    expect(screen.getByText('Price: enter an amount such as 12.50')).toBeInTheDocument();
    expect(screen.getByText('Name: required')).toBeInTheDocument();
    expect(screen.getByText('Enter a whole number of at least 0')).toBeInTheDocument();
  });

  it('office staff cannot touch price, tax rate or archiving', () => {
    render(ProductForm, props({ product: saved, canManage: false }));
    expect(screen.getByLabelText(/^Price/)).toBeDisabled();
    expect(screen.getByLabelText(/^Tax rate/)).toBeDisabled();
    expect(screen.getByLabelText(/^Sold/)).toBeDisabled();
    expect(screen.getByLabelText('Name')).toBeEnabled();
    expect(screen.getByLabelText(/^Price/)).toHaveValue('12.50');
  });

  it('keeps the typed values when the server refuses, and shows the refusal at the field', async () => {
    const onsave = vi.fn().mockRejectedValue({ message: 'Someone else changed Teedose meanwhile.', fields: {}, params: { field: 'sku' } });
    render(ProductForm, props({ product: saved, onsave }));
    await userEvent.clear(screen.getByLabelText('Name'));
    await userEvent.type(screen.getByLabelText('Name'), 'Teedose groß');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('changed Teedose meanwhile');
    expect(screen.getByLabelText('Name')).toHaveValue('Teedose groß');
    expect(screen.getByLabelText(/^SKU/)).toHaveAttribute('aria-invalid', 'true');
  });
});
