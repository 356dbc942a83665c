import { describe, expect, it } from 'vitest';
import { i18n } from './index.svelte';

describe('i18n formatting', () => {
  it('formats integer cents per locale', () => {
    i18n.set('de');
    expect(i18n.money(123456, 'EUR')).toBe('1.234,56\u00a0€');
    i18n.set('en');
    expect(i18n.money(123456, 'EUR')).toBe('€1,234.56');
    expect(i18n.money(-5, 'EUR')).toBe('-€0.05');
  });

  it("shows dates in the shop's time zone, not the machine's", () => {
    i18n.set('de');
    i18n.timeZone = 'Europe/Berlin';
    // 23:30 UTC on 31 Dec is already New Year in Berlin
    expect(i18n.dateTime('2026-12-31 23:30:00.000Z')).toBe('01.01.27, 00:30');
    i18n.timeZone = 'America/New_York';
    expect(i18n.dateTime('2026-12-31 23:30:00.000Z')).toBe('31.12.26, 18:30');
    i18n.timeZone = 'Europe/Berlin';
    i18n.set('en');
  });

  it('switches strings with the locale, with plurals', () => {
    i18n.set('de');
    expect(i18n.t('orders.count', { count: 1 })).toBe('1 Bestellung');
    expect(i18n.t('orders.count', { count: 3 })).toBe('3 Bestellungen');
    i18n.set('en');
    expect(i18n.t('orders.count', { count: 1 })).toBe('1 order');
    i18n.set('fr'); // unknown locales are ignored
    expect(i18n.locale).toBe('en');
  });

  it('formats money inside a translated server message: "{{maxCents, money}}" with its currency', () => {
    expect(i18n.t('shop.errors.order_too_large', { maxCents: 300000, currency: 'EUR' })).toBe('Orders over €3,000.00 are taken by phone: please call us, or order less.');
    i18n.set('de');
    expect(i18n.t('shop.errors.order_too_large', { maxCents: 300000, currency: 'EUR' })).toContain('über 3.000,00\u00a0€');
    i18n.set('en');
  });
});
