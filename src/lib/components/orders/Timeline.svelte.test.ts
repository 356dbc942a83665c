import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { i18n } from '$lib/i18n/index.svelte';
import type { EventView } from '$lib/orders/api';
import Timeline from './Timeline.svelte';

// data as an old row may have it (none); 'something_new' is a type this version never writes
const event = (id: string, type: string, created: string, actor = '') => ({ id, type, actor, data: {}, created, updated: created }) as EventView;

describe('Timeline', () => {
  it('labels core and feature events, newest first, and names who acted', () => {
    i18n.set('en');
    // `events` is also a Svelte mount option, so the props go in explicitly
    render(Timeline, {
      props: {
        events: [
        event('a', 'placed', '2026-11-01 10:00:00.000Z', 'customer'),
        event('b', 'invoice_issued', '2026-11-02 10:00:00.000Z', 'Ottilie Office'),
        event('c', 'something_new', '2026-11-03 10:00:00.000Z')
        ]
      }
    });
    const items = screen.getAllByRole('listitem').map((li) => li.textContent ?? '');
    expect(items[0]).toContain('something_new');
    expect(items[1]).toMatch(/^Invoice/);
    expect(items[1]).toContain('Ottilie Office');
    expect(items[2]).toContain('Order placed');
    expect(items[2]).toContain('Customer');
  });

  it('F29 #15 offers older events only when there are more, and asks for them', async () => {
    i18n.set('en');
    let asked = 0;
    const { rerender } = render(Timeline, { props: { events: [event('a', 'placed', '2026-11-01 10:00:00.000Z')], older: true, onolder: () => asked++ } });
    await fireEvent.click(screen.getByRole('button', { name: 'Show older events' }));
    expect(asked).toBe(1);
    await rerender({ events: [event('a', 'placed', '2026-11-01 10:00:00.000Z')], older: false, onolder: () => asked++ });
    expect(screen.queryByRole('button', { name: 'Show older events' })).toBeNull();
  });
});
