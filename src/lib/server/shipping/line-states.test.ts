import { describe, expect, it } from 'vitest';
import { lineStates } from './line-states';

describe('lineStates', () => {
  it.each([
    ['nothing picked', { qty: 3, picked: 0, shipped: 0, returned: 0 }, 0, { unfulfilled: 3, packed: 0, shipped: 0, delivered: 0, returned: 0 }],
    ['part picked', { qty: 3, picked: 2, shipped: 0, returned: 0 }, 0, { unfulfilled: 1, packed: 2, shipped: 0, delivered: 0, returned: 0 }],
    ['split: 2 out, 1 waiting', { qty: 3, picked: 3, shipped: 2, returned: 0 }, 0, { unfulfilled: 0, packed: 1, shipped: 2, delivered: 0, returned: 0 }],
    ['one parcel delivered', { qty: 3, picked: 3, shipped: 3, returned: 0 }, 2, { unfulfilled: 0, packed: 0, shipped: 1, delivered: 2, returned: 0 }],
    ['a delivered unit came back', { qty: 3, picked: 3, shipped: 3, returned: 1 }, 3, { unfulfilled: 0, packed: 0, shipped: 0, delivered: 2, returned: 1 }],
    ['returned before delivery', { qty: 2, picked: 2, shipped: 2, returned: 2 }, 1, { unfulfilled: 0, packed: 0, shipped: 0, delivered: 0, returned: 2 }]
  ])('%s', (_, line, delivered, expected) => {
    const states = lineStates(line, delivered);
    expect(states).toEqual(expected);
    expect(Object.values(states).reduce((a, b) => a + b, 0)).toBe(line.qty);
  });
});
