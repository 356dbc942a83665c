// #13 point 1 (F39/F40 after-sales): when an order completes by itself and when it re-opens.
import { describe, expect, it } from 'vitest';
import { UnitOfWork } from '../pocketbase/tx';
import { fulfilledState, orderLifecycle, settleLifecycle, type LifecycleInput } from './lifecycle';

const base: LifecycleInput = { status: 'placed', payment: 'paid', fulfilment: 'shipped', openReturns: 0, owed: 0 };

describe('orderLifecycle (F39/F40 order lifecycle)', () => {
  it('completes a placed, paid order with nothing left to ship or collect and no open return', () => {
    expect(orderLifecycle(base)).toBe('completed');
    expect(orderLifecycle({ ...base, fulfilment: 'collected' })).toBe('completed');
    expect(orderLifecycle({ ...base, fulfilment: 'returned', payment: 'refunded' })).toBe('completed');
    expect(orderLifecycle({ ...base, fulfilment: 'partially_returned', payment: 'partially_refunded' })).toBe('completed');
  });

  it.each([
    ['unpaid', { payment: 'unpaid' }],
    ['payment pending', { payment: 'pending' }],
    ['partially shipped', { fulfilment: 'partially_shipped' }],
    ['ready for pickup', { fulfilment: 'ready_for_pickup' }],
    ['packed', { fulfilment: 'packed' }],
    ['an open return', { openReturns: 1 }],
    ['money still owed', { owed: 500 }],
    ['a refund still due', { owed: -500 }]
  ] as const)('keeps it placed with %s', (_name, over) => {
    expect(orderLifecycle({ ...base, ...over })).toBe('placed');
  });

  it('re-opens a completed order when a return opens, or something is owed again', () => {
    expect(orderLifecycle({ ...base, status: 'completed', openReturns: 1 })).toBe('placed');
    expect(orderLifecycle({ ...base, status: 'completed', owed: 1200 })).toBe('placed');
    expect(orderLifecycle({ ...base, status: 'completed' })).toBe('completed');
  });

  it('never touches drafts or cancelled orders', () => {
    expect(orderLifecycle({ ...base, status: 'draft' })).toBe('draft');
    expect(orderLifecycle({ ...base, status: 'cancelled' })).toBe('cancelled');
  });
});

describe('settleLifecycle (F39/F40 order lifecycle)', () => {
  const order = { id: 'order0000000001', status: 'placed', payment_status: 'paid', fulfilment_status: 'shipped', open_returns: 0 } as const;

  it('adds a guarded completion: same states, no open return', () => {
    const uow = new UnitOfWork();
    expect(settleLifecycle(uow, order, { actor: 'staff0000000001' })).toBe('completed');
    expect(uow.ops[0]).toMatchObject({
      op: 'update', collection: 'orders', body: { status: 'completed' },
      expect: { status: 'placed', payment_status: 'paid', fulfilment_status: 'shipped', open_returns: 0 }
    });
    expect(uow.ops[1]).toMatchObject({ op: 'create', collection: 'order_events', body: { type: 'completed', actor: 'staff0000000001' } });
  });

  it('joins the unit\'s own update of the order (one save, one live event with the final state)', () => {
    const uow = new UnitOfWork();
    uow.update('orders', order.id, { fulfilment_status: 'shipped' }, { ifVersion: 3, expect: { fulfilment_status: 'packed' } });
    expect(settleLifecycle(uow, order, { actor: 'staff0000000001' })).toBe('completed');
    expect(uow.ops).toHaveLength(2);
    expect(uow.ops[0]).toMatchObject({ body: { fulfilment_status: 'shipped', status: 'completed' }, ifVersion: 3, expect: { fulfilment_status: 'packed', status: 'placed', open_returns: 0 } });
    expect(uow.ops[1]).toMatchObject({ collection: 'order_events', body: { type: 'completed', data: { axis: 'order', from: 'placed', to: 'completed' } } });
    // an update that sets the open returns count itself is trusted with it
    const counted = new UnitOfWork();
    counted.update('orders', order.id, { open_returns: 0 }, { ifVersion: 3 });
    settleLifecycle(counted, order);
    expect((counted.ops[0] as { expect?: object }).expect).toEqual({ status: 'placed' });
  });

  it('re-opens with a reopened event, and adds nothing when nothing changes', () => {
    const uow = new UnitOfWork();
    expect(settleLifecycle(uow, { ...order, status: 'completed', open_returns: 1 }, { actorLabel: 'customer' })).toBe('placed');
    expect(uow.ops[1]).toMatchObject({ body: { type: 'reopened', actor_label: 'customer' } });
    const none = new UnitOfWork();
    expect(settleLifecycle(none, { ...order, payment_status: 'unpaid' })).toBe('placed');
    expect(none.ops).toHaveLength(0);
  });
});

describe('F39 fulfilledState: nothing left to ship', () => {
  it('is shipped without returns, partly or all returned with them', () => {
    expect(fulfilledState([{ shipped: 2, returned: 0 }, { shipped: 1, returned: 0 }])).toBe('shipped');
    expect(fulfilledState([{ shipped: 2, returned: 1 }, { shipped: 1, returned: 0 }])).toBe('partially_returned');
    expect(fulfilledState([{ shipped: 2, returned: 2 }, { shipped: 1, returned: 1 }])).toBe('returned');
  });
});
