// F39: the customer's return request on the tracking page: what may come back, a reason per
// item, one request key per request, and a thank-you once it arrived.
import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import TrackReturnForm from './TrackReturnForm.svelte';

const api = vi.hoisted(() => ({ options: vi.fn(), request: vi.fn(), label: vi.fn(), download: vi.fn() }));
vi.mock('$lib/trpc', async (original) => ({
  ...(await original<typeof import('$lib/trpc')>()),
  trpc: { returns: { trackOptions: { query: api.options }, trackRequest: { mutate: api.request }, trackLabel: { query: api.label } } }
}));
vi.mock('$lib/documents/output', () => ({ downloadPdf: api.download, printPdf: vi.fn() }));

describe('TrackReturnForm (F39)', () => {
  it('asks for a return of the chosen items with their reasons', async () => {
    api.options.mockResolvedValue({
      window: { days: 30, until: '2026-12-31T10:00:00.000Z', open: true },
      lines: [{ id: 'line00000000001', name: 'Sencha', returnable: 2 }, { id: 'line00000000002', name: 'Cup', returnable: 0 }],
      returns: []
    });
    api.request.mockResolvedValue({ returnId: 'ret000000000001', duplicate: false });
    render(TrackReturnForm, { token: 'tok-123' });
    await userEvent.click(screen.getByRole('button', { name: 'Return items…' }));
    const qty = await screen.findByLabelText('Units of Sencha to send back');
    expect(screen.getByTestId('return-window')).toHaveTextContent('You can send items back until');
    expect(screen.queryByLabelText('Units of Cup to send back')).toBeNull();
    await userEvent.clear(qty);
    await userEvent.type(qty, '1');
    await userEvent.selectOptions(screen.getByLabelText('Reason for Sencha'), 'wrong_item');
    await userEvent.click(screen.getByRole('button', { name: 'Ask for a return' }));
    expect(api.request).toHaveBeenCalledWith({ token: 'tok-123', key: expect.stringMatching(/^[0-9a-f-]{36}$/), lines: [{ lineId: 'line00000000001', qty: 1, reason: 'wrong_item' }], note: undefined });
    expect(await screen.findByRole('status')).toHaveTextContent('Thank you: we have your return request');
  });

  it('says when the return window has ended and offers nothing to send back', async () => {
    api.options.mockResolvedValue({ window: { days: 14, until: '2026-11-01T10:00:00.000Z', open: false }, lines: [{ id: 'line00000000001', name: 'Sencha', returnable: 0 }], returns: [] });
    render(TrackReturnForm, { token: 'tok-123' });
    await userEvent.click(screen.getByRole('button', { name: 'Return items…' }));
    expect(await screen.findByTestId('return-window')).toHaveTextContent('The return period for this order ended on');
    expect(screen.queryByRole('button', { name: 'Ask for a return' })).toBeNull();
  });

  it('F39 shows the return label the shop bought and downloads it by the tracking link', async () => {
    api.options.mockResolvedValue({
      window: { days: 30, until: null, open: true },
      lines: [{ id: 'line00000000001', name: 'Sencha', returnable: 0 }],
      returns: [{ id: 'ret000000000001', status: 'requested', units: 1, created: '2026-12-05 10:00:00.000Z', label: { carrier: 'dhl', trackingNumber: '3SRET4001' } }]
    });
    api.label.mockResolvedValue({ fileName: 'return-label-1042.pdf', base64: Buffer.from('%PDF-1.4').toString('base64') });
    render(TrackReturnForm, { token: 'tok-123' });
    expect(await screen.findByTestId('track-return-label')).toHaveTextContent('Your return label: dhl 3SRET4001');
    await userEvent.click(screen.getByRole('button', { name: 'Download the return label' }));
    expect(api.label).toHaveBeenCalledWith({ token: 'tok-123', returnId: 'ret000000000001' });
    expect(api.download).toHaveBeenCalledWith(expect.any(Uint8Array), 'return-label-1042.pdf');
  });
});
