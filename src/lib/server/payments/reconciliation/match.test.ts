import { describe, expect, it } from 'vitest';
import { orderNumbersIn, proposeMatches, type OrderForMatch } from './match';
import type { StatementLine } from './types';

const order = (number: number, total: number, over: Partial<OrderForMatch> = {}): OrderForMatch => ({
  id: `order${String(number).padStart(10, '0')}`,
  number,
  customer_name: `Customer ${number}`,
  status: 'placed',
  payment_status: 'unpaid',
  payment_method: 'online_banking',
  total_cents: total,
  currency: 'EUR',
  ...over
});
let n = 0;
const line = (text: string, amountCents: number, over: Partial<StatementLine> = {}): StatementLine => ({
  line: ++n,
  bookingDate: '2025-03-03',
  amountCents,
  credit: true,
  currency: 'EUR',
  text,
  bankReference: `REF-${n}`,
  counterparty: '',
  booked: true,
  ...over
});

describe('order numbers in remittance texts', () => {
  it.each([
    ['Bestellung 1005', [1005]],
    ['#1005 und #1006', [1005, 1006]],
    ['RE-2025-1005 Danke', [2025, 1005]],
    ['IBAN DE89370400440532013000 Best.1007', [1007]],
    ['Order no. 42', [42]],
    ['keine Nummer', []]
  ])('%s -> %j', (text, numbers) => expect(orderNumbersIn(text).map((x) => x.number)).toEqual(numbers));
});

describe('proposing matches', () => {
  const orders = new Map(
    [
      order(1005, 4990),
      order(1006, 12345),
      order(1007, 2000),
      order(1008, 3000, { payment_status: 'paid' }),
      order(1009, 3000, { status: 'cancelled' }),
      order(2025, 999),
      order(1010, 5000, { currency: 'CHF' })
    ].map((o) => [o.number, o])
  );

  it.each([
    ['number and amount agree', line('Bestellung 1005', 4990), 'match', 1005, true],
    ['less than due', line('Bestellung 1006', 10000), 'partial', 1006, false],
    ['more than due', line('Order 1007', 2500), 'overpayment', 1007, false],
    ['already paid', line('1008', 3000), 'already_paid', 1008, false],
    ['a cancelled order', line('1009', 3000), 'order_closed', 1009, false],
    ['another currency', line('1010', 5000), 'currency', 1010, false],
    ['no known number', line('Miete März', 4990), 'unmatched', null, false],
    ['money going out', line('1005', 4990, { credit: false }), 'debit', null, false],
    ['a pending entry', line('1005', 4990, { booked: false }), 'not_booked', null, false],
    ['the amount decides between two numbers', line('RE-2025-1005', 4990), 'match', 1005, true],
    ['the keyword decides when the amount does not', line('2025 Bestellung 1006', 1), 'partial', 1006, false],
    ['two numbers, neither clearly meant', line('1005 1007', 1), 'ambiguous', null, false]
  ] as const)('%s', (_name, l, flag, number, selected) => {
    const [p] = proposeMatches([l], orders, new Set());
    expect([p.flag, p.order?.number ?? null, p.selected, p.selectable]).toEqual([flag, number, selected, ['match', 'partial', 'overpayment'].includes(flag)]);
  });

  it('flags a bank reference already applied, a reference twice in the file, and an order paid twice', () => {
    const a = line('1005', 4990, { bankReference: 'DUP' });
    const b = line('1005 again', 4990, { bankReference: 'DUP' });
    const c = line('Bestellung 1005', 4990);
    const d = line('1007', 2000, { bankReference: 'OLD' });
    const flags = proposeMatches([a, b, c, d], orders, new Set(['OLD'])).map((p) => [p.flag, p.order?.number]);
    expect(flags).toEqual([
      ['match', 1005],
      ['duplicate_in_file', 1005],
      ['order_twice', 1005],
      ['already_applied', 1007]
    ]);
  });
});

describe('F42 surcharge transfers', () => {
  const paid = order(1005, 4990, { payment_status: 'paid', surcharge_open_cents: 990 });
  const orders = new Map([[1005, paid]]);
  const surcharge = { id: 'surcharge000001', invoice_number: '2026-001005', amount_cents: 990, order: paid };

  it('never reads an invoice number as an order number', () => {
    expect(orderNumbersIn('Rechnung 2026-001005')).toEqual([]);
    expect(orderNumbersIn('Rechnung 2026-001005 Bestellung 1005').map((x) => x.number)).toEqual([1005]);
  });

  it('matches a transfer naming the surcharge invoice, for its amount', () => {
    const [p] = proposeMatches([line('Nachberechnung 2026-001005', 990)], new Map(), new Set(), new Map([[surcharge.invoice_number, surcharge]]));
    expect(p).toMatchObject({ flag: 'match', due: 'surcharge', selected: true, order: { id: paid.id }, surcharge: { id: 'surcharge000001', invoiceNumber: '2026-001005' } });
  });

  it('matches the order number of a paid order to its open surcharges', () => {
    const [p] = proposeMatches([line('Bestellung 1005 Aufpreis', 990)], orders, new Set());
    expect(p).toMatchObject({ flag: 'match', due: 'surcharge', surcharge: null, differenceCents: 0 });
  });

  it('leaves a wrong surcharge amount for the order page, not tickable', () => {
    const [p] = proposeMatches([line('Bestellung 1005', 500)], orders, new Set());
    expect(p).toMatchObject({ flag: 'partial', due: 'surcharge', differenceCents: -490, selectable: false, selected: false });
  });

  it('a paid order without open surcharges is still already paid', () => {
    const [p] = proposeMatches([line('Bestellung 1006', 990)], new Map([[1006, order(1006, 990, { payment_status: 'paid', surcharge_open_cents: 0 })]]), new Set());
    expect(p.flag).toBe('already_paid');
  });
});
