import { render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { i18n } from '$lib/i18n/index.svelte';
import type { EventView } from '$lib/orders/api';
import type { TimelineEvent } from '$lib/orders/timeline-events';
import EventDetail from './EventDetail.svelte';

const at = '2026-11-01 10:00:00.000Z';
const view = (e: TimelineEvent): EventView => ({ id: 'e1', actor: '', created: at, updated: at, ...e });
const detail = (e: TimelineEvent) => {
  const { container } = render(EventDetail, { props: { event: view(e) } });
  return container.querySelector('[data-testid="event-detail"]')?.textContent?.replace(/\s+/g, ' ').trim() ?? null;
};

describe('EventDetail', () => {
  it('F46 an amendment shows the lines that changed, the reason and the new total', () => {
    i18n.set('en');
    const text = detail({
      type: 'amended',
      data: { changes: [{ sku: 'T-1', name: 'Earl Grey', from: 1, to: 3 }, { sku: 'T-2', name: 'Assam', from: 2, to: 0 }], total_before: 1000, total_after: 2500, currency: 'EUR', reason: 'customer called' }
    });
    expect(text).toContain('Earl Grey: 1 → 3');
    expect(text).toContain('Assam removed');
    expect(text).toContain('customer called');
    expect(text).toMatch(/total .*25[.,]00/);
  });

  it('F42 a shipping method change names both methods and what is creditable', () => {
    i18n.set('en');
    const text = detail({
      type: 'shipping_method_changed',
      data: { method_before: 'ship', method_after: 'collect', courier_before: 'manual', courier_after: '', fee_before: 490, fee_after: 0, currency: 'EUR', money: 'credit', credit_due_cents: 490 }
    });
    expect(screen.getByTestId('event-method').textContent).toContain('→');
    expect(text).toMatch(/4[.,]90 creditable/);
  });

  it('F37 F30 an address edit shows before → after; a repeat order links its twin', () => {
    i18n.set('en');
    expect(detail({ type: 'shipping_address_changed', data: { kind: 'shipping', before: '', after: 'Hauptstr. 1, Berlin' } })).toContain('– → Hauptstr. 1, Berlin');
    expect(detail({ type: 'repeated', data: { link_order: 'o2', link_number: 1042 } })).toContain('#1042');
    expect(screen.getByRole('link', { name: '#1042' }).getAttribute('href')).toBe('/orders/o2');
  });

  it('F46 an event without details adds nothing', () => {
    i18n.set('en');
    expect(detail({ type: 'invoice_issued', data: { invoice_number: 'RE-2026-0001' } })).toBeNull();
  });
});
