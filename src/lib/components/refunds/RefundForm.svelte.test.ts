import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import RefundForm from './RefundForm.svelte';

const base = { currency: 'EUR', refundableCents: 2000, cardPossible: true, creditNotes: [{ id: 'cn0000000000001', number: 'GS-2026-000001', totalCents: 1290 }] };

describe('F41 RefundForm validation', () => {
  it('refuses more than can still be refunded, and says how much is left', async () => {
    const onsubmit = vi.fn();
    render(RefundForm, { ...base, onsubmit });
    await userEvent.type(screen.getByRole('textbox', { name: /Amount/ }), '20,01');
    await userEvent.click(screen.getByRole('button', { name: 'Refund' }));
    expect(onsubmit).not.toHaveBeenCalled();
    expect(screen.getByText('At most €20.00 can still be refunded.')).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: /Amount/ })).toHaveAttribute('aria-invalid', 'true');
  });

  it('refuses an empty, zero or malformed amount', async () => {
    const onsubmit = vi.fn();
    render(RefundForm, { ...base, onsubmit });
    const amount = screen.getByRole('textbox', { name: /Amount/ });
    await userEvent.click(screen.getByRole('button', { name: 'Refund' }));
    expect(screen.getByText('Please enter an amount.')).toBeInTheDocument();
    await userEvent.type(amount, '0');
    await userEvent.click(screen.getByRole('button', { name: 'Refund' }));
    expect(screen.getByText('The amount must be more than zero.')).toBeInTheDocument();
    await userEvent.clear(amount);
    await userEvent.type(amount, '12x');
    await userEvent.click(screen.getByRole('button', { name: 'Refund' }));
    expect(screen.getByText('Not an amount (e.g. 12,50).')).toBeInTheDocument();
    expect(onsubmit).not.toHaveBeenCalled();
  });

  it('a bank transfer needs its reference', async () => {
    const onsubmit = vi.fn().mockResolvedValue(undefined);
    render(RefundForm, { ...base, onsubmit });
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'How' }), 'bank_transfer');
    await userEvent.type(screen.getByRole('textbox', { name: /Amount/ }), '5');
    await userEvent.click(screen.getByRole('button', { name: 'Refund' }));
    expect(onsubmit).not.toHaveBeenCalled();
    expect(screen.getByText('Give the transfer or cheque reference.')).toBeInTheDocument();
    await userEvent.type(screen.getByRole('textbox', { name: /reference/ }), 'SEPA-1');
    await userEvent.click(screen.getByRole('button', { name: 'Refund' }));
    expect(onsubmit).toHaveBeenCalledWith({ amountCents: 500, method: 'bank_transfer', reference: 'SEPA-1', creditNoteId: undefined, reason: '' });
  });

  it('choosing a credit note fills in its amount; a card refund goes out with it', async () => {
    const onsubmit = vi.fn().mockResolvedValue(undefined);
    render(RefundForm, { ...base, onsubmit });
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'For credit note' }), 'cn0000000000001');
    expect(screen.getByRole('textbox', { name: /Amount/ })).toHaveValue('12.90');
    await userEvent.click(screen.getByRole('button', { name: 'Refund' }));
    expect(onsubmit).toHaveBeenCalledWith({ amountCents: 1290, method: 'card', reference: '', creditNoteId: 'cn0000000000001', reason: '' });
  });

  it("shows the server's refusal and keeps the form", async () => {
    const onsubmit = vi.fn().mockRejectedValue(new Error('That is more than can still be refunded. Nothing was changed.'));
    render(RefundForm, { ...base, onsubmit });
    await userEvent.type(screen.getByRole('textbox', { name: /Amount/ }), '10');
    await userEvent.click(screen.getByRole('button', { name: 'Refund' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Nothing was changed.');
    expect(screen.getByRole('textbox', { name: /Amount/ })).toHaveValue('10');
  });
});
