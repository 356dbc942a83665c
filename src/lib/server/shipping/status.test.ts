import { describe, expect, it } from 'vitest';
import { advances, currentSince, withEvent } from './status';
import type { ShipmentEvent } from './records';

const ev = (id: string, status: ShipmentEvent['status'], at: string): ShipmentEvent => ({ id, status, at, location: '', description: '', source: 'courier' });

describe('advances', () => {
  it.each([
    ['label_created', '', 'in_transit', 't1', true],
    ['in_transit', 't2', 'out_for_delivery', 't3', true],
    ['delivered', 't5', 'in_transit', 't6', false],
    ['delivered', 't5', 'out_for_delivery', 't4', false],
    ['out_for_delivery', 't4', 'delivered', 't3', true],
    ['in_transit', 't3', 'exception', 't4', true],
    ['exception', 't4', 'in_transit', 't5', true],
    ['in_transit', 't5', 'exception', 't4', false],
    ['in_transit', 't5', 'in_transit', 't6', false],
    ['cancelled', 't1', 'delivered', 't2', false],
    ['in_transit', 't1', 'cancelled', 't2', false],
    ['delivered', 't5', 'returned', 't9', true]
  ] as const)('%s (%s) + %s (%s) -> %s', (current, currentAt, incoming, incomingAt, expected) => {
    expect(advances(current, currentAt, incoming, incomingAt)).toBe(expected);
  });
});

describe('events', () => {
  it('keeps each event once, oldest first', () => {
    const list = withEvent(withEvent([ev('a', 'in_transit', '2026-01-02')], ev('b', 'delivered', '2026-01-04')), ev('c', 'out_for_delivery', '2026-01-03'));
    expect(list.map((e) => e.id)).toEqual(['a', 'c', 'b']);
    expect(withEvent(list, ev('b', 'delivered', '2026-01-04'))).toHaveLength(3);
    expect(currentSince(list, 'delivered')).toBe('2026-01-04');
    expect(currentSince(list, 'exception')).toBe('');
  });
});
