import { describe, expect, it } from 'vitest';
import { parseView, serializeView, type QueueView } from './view';

const roundTrip = (v: QueueView) => parseView(new URLSearchParams(serializeView(v)));

describe('F26 the URL is the view', () => {
  it('parse ∘ serialize is the identity', () => {
    const views: QueueView[] = [
      {},
      { search: 'Müller & Söhne', status: 'placed', paymentStatus: 'unpaid', paymentMethod: 'online_banking', month: '2025-03' },
      { search: '#10', fulfilmentStatus: 'packed', from: '2025-01-01', to: '2025-02-28', after: '150123' },
      { customer: 'abcdefghij12345', search: "' || 1=1 ?&=#" }
    ];
    for (const v of views) expect(roundTrip(v)).toEqual({ view: v, dropped: [] });
  });

  it('falls back to defaults for a malformed link and names what it dropped', () => {
    const { view, dropped } = parseView(new URLSearchParams('status=shipped&month=2025-13&from=yesterday&after=-1&bogus=1&paymentMethod=card&customer=../x'));
    expect(view).toEqual({ paymentMethod: 'card' });
    expect(dropped.sort()).toEqual(['after', 'bogus', 'customer', 'from', 'month', 'status']);
  });

  it('keeps old links working (search, page) and ignores empty values', () => {
    expect(parseView(new URLSearchParams('search=anna&page=3&status='))).toEqual({ view: { search: 'anna' }, dropped: [] });
  });

  it('refuses a search text longer than the box and repeated keys', () => {
    const { view, dropped } = parseView(new URLSearchParams(`search=${'x'.repeat(1000)}&status=placed&status=draft`));
    expect(view).toEqual({ status: 'placed' });
    expect(dropped).toEqual(['search', 'status']);
  });
});
