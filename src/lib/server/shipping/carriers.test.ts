import { describe, expect, it } from 'vitest';
import { CARRIERS, carrierTrackingUrl, isS10, looksValid, normaliseTrackingNumber } from './carriers';

describe('carriers', () => {
  it('offers the carriers staff ship with, and "other"', () => {
    expect(CARRIERS.map((c) => c.name)).toEqual(['DHL', 'DPD', 'Hermes', 'GLS', 'UPS', 'Deutsche Post', 'NZ Post', 'Australia Post', 'Other']);
  });

  it('accepts every carrier\'s own example and builds its link', () => {
    for (const c of CARRIERS.filter((c) => c.code !== 'other')) {
      expect([c.code, looksValid(c.code, c.example)]).toEqual([c.code, true]);
      expect(carrierTrackingUrl(c.code, c.example)).toMatch(/^https:\/\//);
      expect(carrierTrackingUrl(c.code, c.example)).toContain(c.example);
    }
    expect(carrierTrackingUrl('other', 'X1')).toBe('');
  });

  it('warns about numbers in the wrong format', () => {
    expect(looksValid('ups', '1Z999AA1012345678')).toBe(false); // one short
    expect(looksValid('dpd', '0123456789')).toBe(false);
    expect(looksValid('dhl', 'HELLO')).toBe(false);
    expect(looksValid('deutsche_post', 'RR123456784DE')).toBe(false); // wrong check digit
    expect(looksValid('other', 'anything')).toBe(true);
    expect(looksValid('nope', '123')).toBe(false);
  });

  it('checks UPU S10 check digits', () => {
    expect(isS10('RR123456785DE')).toBe(true);
    expect(isS10('RR123456785DE', 'NZ')).toBe(false);
    expect(isS10('EE876543210CN')).toBe(false);
  });

  it('normalises what people paste', () => {
    expect(normaliseTrackingNumber(' 1z 999-aa1 0123456784 ')).toBe('1Z999AA10123456784');
  });

  it('encodes the number into the link', () => {
    expect(carrierTrackingUrl('dpd', 'A B&C')).toBe('https://tracking.dpd.de/status/de_DE/parcel/A%20B%26C');
  });
});
