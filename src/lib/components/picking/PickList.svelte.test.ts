import { render, screen, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import type { PackLine } from '$lib/picking/api';
import PickList from './PickList.svelte';

let n = 0;
function line(overrides: Partial<PackLine & { pending: number }>): PackLine & { pending: number } {
  n++;
  return { id: `line${n}`, updated: '2026-01-01 10:00:00.000Z', product: `prod${n}`, sku: `SKU-${n}`, name: `Item ${n}`, qty: 1, picked: 0, position: n, bin: '', gtins: [], pending: 0, ...overrides };
}

const base = { feedback: null, offline: false, queued: 0 };
const rows = () => screen.getAllByTestId('pick-line');

describe('PickList', () => {
  it('empty: says there is nothing to pick', () => {
    render(PickList, { ...base, lines: [] });
    expect(screen.getByTestId('pick-list')).toHaveAttribute('data-state', 'empty');
    expect(screen.getByText('This order has no items to pick.')).toBeInTheDocument();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('in progress: lines in walking order (bin), counts and progress', () => {
    render(PickList, {
      ...base,
      lines: [
        line({ name: 'Earl Grey, 200 g', bin: 'B-10-1', qty: 3, picked: 1 }),
        line({ name: 'Assam Tee, 250 g', bin: 'B-2-1', qty: 2, picked: 2 }),
        line({ name: 'Stövchen', bin: '', qty: 1 })
      ]
    });
    expect(screen.getByTestId('pick-list')).toHaveAttribute('data-state', 'in-progress');
    expect(screen.getByTestId('progress')).toHaveTextContent('3 of 6 picked');
    // B-2 before B-10 (natural order), unbinned last
    expect(rows().map((r) => within(r).getByText(/Earl|Assam|Stövchen/).textContent)).toEqual(['Assam Tee, 250 g', 'Earl Grey, 200 g', 'Stövchen']);
    expect(rows()[0]).toHaveTextContent('2 / 2');
    expect(within(rows()[0]).getByLabelText('complete')).toBeInTheDocument();
    expect(rows()[1]).toHaveTextContent('1 / 3');
    expect(within(rows()[1]).getByLabelText('still to pick')).toBeInTheDocument();
    expect(screen.queryByText('All picked')).toBeNull();
  });

  it('complete: says so, and says packed once the server moved the order', async () => {
    const lines = [line({ qty: 2, picked: 2 }), line({ qty: 1, picked: 1 })];
    const { rerender } = render(PickList, { ...base, lines });
    expect(screen.getByTestId('pick-list')).toHaveAttribute('data-state', 'complete');
    expect(screen.getByText('All picked')).toBeInTheDocument();
    await rerender({ ...base, lines, packed: true });
    expect(screen.getByText('Packed ✓')).toBeInTheDocument();
  });

  it('refused scan: an alert that says what was scanned and what is expected', () => {
    render(PickList, {
      ...base,
      lines: [line({ name: 'Earl Grey, 200 g', bin: 'A-01-1', qty: 2 })],
      feedback: {
        kind: 'refused',
        message: 'Wrong item: Teedose Blech (04006381331146) is not on this order.',
        expected: 'Still to pick: 2 × Earl Grey, 200 g (A-01-1)',
        at: 1
      }
    });
    const alert = screen.getByRole('alert');
    expect(alert).toHaveAttribute('data-kind', 'refused');
    expect(alert).toHaveTextContent('Wrong item: Teedose Blech (04006381331146) is not on this order.');
    expect(alert).toHaveTextContent('Still to pick: 2 × Earl Grey, 200 g (A-01-1)');
  });

  it('a counted scan is a status message, not an alert', () => {
    render(PickList, { ...base, lines: [line({ qty: 2, picked: 1 })], feedback: { kind: 'ok', message: 'Item: 1 of 2', at: 2 } });
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.getByTestId('scan-feedback')).toHaveAttribute('data-kind', 'ok');
  });

  it('offline with queued scans: says so plainly and marks what waits to be sent', () => {
    render(PickList, {
      ...base,
      offline: true,
      queued: 2,
      lines: [line({ name: 'Sencha', qty: 3, picked: 3, pending: 2 }), line({ qty: 1 })]
    });
    const banner = screen.getByTestId('offline-banner');
    expect(banner).toHaveTextContent('No connection.');
    expect(banner).toHaveTextContent('(2 waiting)');
    expect(rows()[0]).toHaveTextContent('3 / 3');
    expect(rows()[0]).toHaveTextContent('2 waiting to be sent');
  });

  it('back online with scans still going out: no offline warning, just the count', () => {
    render(PickList, { ...base, queued: 1, sending: true, lines: [line({ qty: 1, picked: 1, pending: 1 })] });
    expect(screen.getByTestId('offline-banner')).toHaveTextContent('Sending 1 scan…');
    expect(screen.queryByText('No connection.')).toBeNull();
  });

  it('F40 marks a line added by an exchange, and shows no price', () => {
    render(PickList, { ...base, lines: [line({ name: 'Sencha, 100 g', exchange: true }), line({ name: 'Assam Tee, 250 g' })] });
    const [sencha, assam] = rows();
    expect(within(sencha).getByTestId('exchange-badge')).toHaveTextContent('Exchange');
    expect(within(assam).queryByTestId('exchange-badge')).toBeNull();
    expect(screen.getByTestId('pick-list').textContent).not.toMatch(/€|EUR/);
  });
});
