import '@testing-library/jest-dom/vitest';
import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_FORMATS } from '$lib/documents/formats';
import { DocumentDataError } from '$lib/documents/errors';
import DocumentsPanel from './DocumentsPanel.svelte';

const unpaid = { id: 'order0000000001', payment_status: 'unpaid', invoice_number: '', locale: 'de' } as const;
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
});
