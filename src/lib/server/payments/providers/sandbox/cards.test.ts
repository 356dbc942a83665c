import { describe, expect, it } from 'vitest';
import { checkCard, luhnValid } from './cards';

const now = new Date('2025-06-15T12:00:00Z');
const good = { number: '4242 4242 4242 4242', expiry: '12/30', cvc: '123', name: 'Anna Schäfer' };

describe('Luhn check digit', () => {
  it.each([
    ['4242424242424242', true],
    ['4242424242424241', false],
    ['4000000000000002', true],
    ['79927398713', true],
    ['79927398710', false]
  ])('%s -> %s', (n, ok) => expect(luhnValid(n)).toBe(ok));
});

describe('card form checks', () => {
  it.each([
    ['4242 4242 4242 4242 succeeds', {}, { ok: true }],
    ['dashes are fine', { number: '4242-4242-4242-4242' }, { ok: true }],
    ['4000 0000 0000 0002 is declined', { number: '4000 0000 0000 0002' }, { ok: false, decline: 'card_declined' }],
    ['insufficient funds', { number: '4000000000009995' }, { ok: false, decline: 'insufficient_funds' }],
    ['expiring this month is still valid', { expiry: '06/25' }, { ok: true }],
    ['four-digit years', { expiry: '6/2031' }, { ok: true }]
  ])('%s', (_n, change, outcome) => {
    const r = checkCard({ ...good, ...change }, now);
    expect('card' in r && r.card.outcome).toEqual(outcome);
  });

  it.each([
    ['a wrong check digit', { number: '4242 4242 4242 4241' }, { number: 'luhn' }],
    ['letters', { number: '4242 abcd' }, { number: 'digits' }],
    ['an unknown brand', { number: '9999 9999 9999 9995' }, { number: 'digits' }],
    ['a valid non-test card', { number: '4111 1111 1111 1111' }, { number: 'not_test_card' }],
    ['last month', { expiry: '05/25' }, { expiry: 'expired' }],
    ['month 13', { expiry: '13/30' }, { expiry: 'expiry_format' }],
    ['no slash', { expiry: '1230' }, { expiry: 'expiry_format' }],
    ['a short CVC', { cvc: '12' }, { cvc: 'cvc' }],
    ['an Amex needs 4 CVC digits', { number: '3782 822463 10005', cvc: '123' }, { cvc: 'cvc' }],
    ['everything empty', { number: '', expiry: '', cvc: '', name: ' ' }, { number: 'required', expiry: 'required', cvc: 'required', name: 'required' }]
  ])('refuses %s', (_n, change, errors) => {
    const r = checkCard({ ...good, ...change }, now);
    expect('errors' in r && r.errors).toEqual(errors);
  });
});
