import '@testing-library/jest-dom/vitest';
import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_FORMATS } from '$lib/documents/formats';
import { DocumentDataError } from '$lib/documents/errors';
import DocumentsPanel from './DocumentsPanel.svelte';

const unpaid = { id: 'order0000000001', payment_status: 'unpaid', invoice_number: '', locale: 'de', updated: '2026-12-05 10:00:00.000Z' } as const;
const paid = { ...unpaid, payment_status: 'paid', invoice_number: '2026-000123' } as const;
const settings = () => Promise.resolve({ ...DEFAULT_FORMATS, 'packing-slip': 'thermal80' as const });

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

describe('DocumentsPanel', () => {
  it('offers the four documents on the paper from the settings; no receipt before payment', async () => {
    render(DocumentsPanel, { order: unpaid, loadDefaults: settings, actions: { output: vi.fn() } });
    expect(await screen.findByRole('combobox', { name: 'Paper for Packing slip' })).toHaveValue('thermal80');
    expect(screen.getByRole('combobox', { name: 'Paper for Address label' })).toHaveValue('label4x6');
    expect(screen.getByRole('combobox', { name: 'Paper for Invoice' })).toHaveValue('a4');
    expect(screen.getByText('Printing it issues the invoice number.')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Print Receipt' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Download Receipt as PDF' })).toBeDisabled();
    expect(screen.getByText('Available once the order is paid.')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Print Packing slip' })).toBeEnabled();
  });

  it('shows the invoice number once issued and offers the receipt of a paid order', () => {
    render(DocumentsPanel, { order: paid, loadDefaults: settings, actions: { output: vi.fn() } });
    expect(screen.getByText('No. 2026-000123')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Print Receipt' })).toBeEnabled();
  });

  it('is busy while one document is made, then says what was downloaded', async () => {
    const pending = deferred<{ fileName: string }>();
    const output = vi.fn().mockReturnValue(pending.promise);
    render(DocumentsPanel, { order: paid, loadDefaults: settings, actions: { output } });
    await userEvent.click(screen.getByRole('button', { name: 'Download Invoice as PDF' }));
    expect(output).toHaveBeenCalledWith('invoice', paid.id, 'download', { format: undefined, locale: undefined });
    expect(screen.getByTestId('documents-panel')).toHaveAttribute('aria-busy', 'true');
    for (const button of screen.getAllByRole('button')) expect(button).toBeDisabled();
    expect(within(screen.getByTestId('documents-panel')).getByText('Preparing…')).toBeInTheDocument();

    pending.resolve({ fileName: 'invoice-2026-000123.pdf' });
    expect(await screen.findByText('Downloaded invoice-2026-000123.pdf.')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Print Invoice' })).toBeEnabled();
  });

  it('prints with the paper and language chosen for this print', async () => {
    const output = vi.fn().mockResolvedValue({ fileName: 'packing-slip-1042.pdf' });
    render(DocumentsPanel, { order: paid, loadDefaults: settings, actions: { output } });
    await userEvent.selectOptions(await screen.findByRole('combobox', { name: 'Paper for Packing slip' }), 'a4');
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Document language' }), 'en');
    await userEvent.click(screen.getByRole('button', { name: 'Print Packing slip' }));
    expect(output).toHaveBeenCalledWith('packing-slip', paid.id, 'print', { format: 'a4', locale: 'en' });
    expect(await screen.findByText('Sent to the print dialog.')).toBeInTheDocument();
  });

  it('names the missing settings instead of a broken document, with a way to the settings for managers', async () => {
    const output = vi.fn().mockRejectedValue(new DocumentDataError('invoice', ['shop.address', 'shop.vatId']));
    const { unmount } = render(DocumentsPanel, { order: paid, loadDefaults: settings, canOpenSettings: true, actions: { output } });
    await userEvent.click(screen.getByRole('button', { name: 'Print Invoice' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('This document cannot be made yet. Missing: the shop’s address and the shop’s VAT ID.');
    expect(within(alert).getByRole('link', { name: 'Open document settings' })).toHaveAttribute('href', '/settings/documents');
    unmount();

    render(DocumentsPanel, { order: paid, loadDefaults: settings, actions: { output } });
    await userEvent.click(screen.getByRole('button', { name: 'Print Invoice' }));
    expect(within(await screen.findByRole('alert')).queryByRole('link')).toBeNull();
  });

  it('a document module that did not load gets a clear message, and the next try works', async () => {
    const output = vi.fn().mockRejectedValueOnce(new TypeError('Failed to fetch dynamically imported module: /_app/documents.js')).mockResolvedValueOnce({ fileName: 'x.pdf' });
    render(DocumentsPanel, { order: paid, loadDefaults: () => Promise.reject(new Error('offline')), actions: { output } });
    await userEvent.click(screen.getByRole('button', { name: 'Print Address label' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('The document printer could not be loaded.');
    expect(screen.getByRole('combobox', { name: 'Paper for Address label' })).toHaveValue('label4x6');
    await userEvent.click(screen.getByRole('button', { name: 'Print Address label' }));
    expect(await screen.findByText('Sent to the print dialog.')).toBeInTheDocument();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('F41 F42 lists the credit notes and surcharge invoices and prints them on the chosen paper', async () => {
    const entries = [
      { doc: { kind: 'credit-note' as const, id: 'credit000000001' }, number: 'GS-2026-000004', issuedAt: '2026-12-05 10:00:00.000Z', amountCents: 1990, currency: 'EUR' },
      { doc: { kind: 'surcharge-invoice' as const, id: 'surchg000000001' }, number: '2026-000124', issuedAt: '2026-12-05 11:00:00.000Z', amountCents: 495, currency: 'EUR' }
    ];
    const outputAfterSales = vi.fn().mockResolvedValue({ fileName: 'credit-note-GS-2026-000004.pdf' });
    render(DocumentsPanel, { order: paid, loadDefaults: settings, actions: { output: vi.fn() }, loadAfterSales: () => Promise.resolve(entries), outputAfterSales });
    const list = await screen.findByTestId('after-sales-documents');
    expect(within(list).getByText('Credit note GS-2026-000004')).toBeInTheDocument();
    expect(within(list).getByText('Surcharge invoice 2026-000124')).toBeInTheDocument();
    await userEvent.selectOptions(within(list).getByRole('combobox', { name: 'Paper for Credit note GS-2026-000004' }), 'thermal80');
    await userEvent.click(within(list).getByRole('button', { name: 'Download Credit note GS-2026-000004 as PDF' }));
    expect(outputAfterSales).toHaveBeenCalledWith(entries[0].doc, 'thermal80', 'download');
    expect(await screen.findByText(/credit-note-GS-2026-000004\.pdf/)).toBeInTheDocument();
  });

  it('shows no after-sales list for an order without credit notes or surcharges', async () => {
    render(DocumentsPanel, { order: paid, loadDefaults: settings, actions: { output: vi.fn() }, loadAfterSales: () => Promise.resolve([]) });
    await screen.findByRole('combobox', { name: 'Paper for Packing slip' });
    expect(screen.queryByTestId('after-sales-documents')).toBeNull();
  });
});
