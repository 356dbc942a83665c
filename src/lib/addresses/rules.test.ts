import { describe, expect, it } from 'vitest';
import { checkAddressRules, normaliseAddress } from './rules';

const at = (country: string, postcode: string, street = 'Hauptstraße 5', city = 'Stadt') => ({ name: 'Ada Lovelace', street, postcode, city, country });

describe('F36 address check: postcode formats and required fields per country', () => {
  const valid: [string, string, string, string][] = [
    ['DE', '10115', 'Invalidenstraße 116', 'Berlin'],
    ['AT', '1010', 'Stephansplatz 1', 'Wien'],
    ['CH', '8001', 'Bahnhofstrasse 10', 'Zürich'],
    ['NL', '1012 AB', 'Damrak 1', 'Amsterdam'],
    ['GB', 'SW1A 1AA', '10 Downing Street', 'London'],
    ['US', '90210', '9336 Civic Center Dr', 'Beverly Hills'],
    ['FR', '75001', '12 rue de Rivoli', 'Paris']
  ];
  it.each(valid)('F36 %s: a correct address passes and is laid out the country’s way', (country, postcode, street, city) => {
    const r = checkAddressRules(at(country, postcode, street, city));
    expect(r.messages).toEqual([]);
    expect(r.status).toBe('passed');
    expect(r.formatted[0]).toBe('Ada Lovelace');
    expect(r.formatted.join('\n')).toContain(postcode);
  });

  it('F36 the layout follows the country: DE postcode before city, US city before postcode, GB postcode on its own line', () => {
    expect(checkAddressRules(at('DE', '10115', 'Invalidenstraße 116', 'Berlin')).formatted).toContain('10115 Berlin');
    expect(checkAddressRules(at('US', '90210', '9336 Civic Center Dr', 'Beverly Hills')).formatted.some((l) => /Beverly Hills.*90210/.test(l))).toBe(true);
    const gb = checkAddressRules(at('GB', 'SW1A 1AA', '10 Downing Street', 'London')).formatted;
    expect(gb).toContain('SW1A 1AA');
    expect(gb).toContain('London');
  });

  const invalid: [string, string][] = [
    ['DE', '1011'],
    ['AT', '10100'],
    ['CH', '80011'],
    ['NL', '1012'],
    ['GB', '12345'],
    ['US', '9021'],
    ['FR', '7500']
  ];
  it.each(invalid)('F36 %s: postcode %s fails with a message naming the postcode field', (country, postcode) => {
    const r = checkAddressRules(at(country, postcode));
    expect(r.status).toBe('failed');
    const m = r.messages.find((x) => x.field === 'postcode');
    expect(m?.code).toBe('postcode_format');
    expect(m?.message).toMatch(/^Postcode “.+” is not a valid postcode for [A-Z]{2}/);
    expect(r.formatted).toEqual([]);
  });

  it('F36 missing fields are each named', () => {
    const r = checkAddressRules({ name: '', street: '', postcode: '', city: '', country: 'DE' });
    expect(r.messages.map((m) => `${m.field}:${m.code}`).sort()).toEqual(['city:required', 'name:required', 'postcode:required', 'street:required']);
  });

  it('F36 the country must be an ISO code (UK is not; GB is)', () => {
    const r = checkAddressRules(at('UK', 'SW1A 1AA', '10 Downing Street'));
    expect(r.status).toBe('failed');
    expect(r.messages[0]).toMatchObject({ field: 'country', code: 'country_code' });
    expect(checkAddressRules(at('', '10115')).messages[0]).toMatchObject({ field: 'country', code: 'required' });
  });

  it('F36 a street without a house number fails where numbers are usual (DE) and warns where houses have names (GB)', () => {
    expect(checkAddressRules(at('DE', '10115', 'Invalidenstraße')).messages).toMatchObject([{ field: 'street', code: 'house_number_missing', severity: 'error' }]);
    const gb = checkAddressRules(at('GB', 'OX1 3BG', 'Rose Cottage, Mill Lane'));
    expect(gb.status).toBe('warning');
    expect(gb.messages).toMatchObject([{ field: 'street', severity: 'warning' }]);
  });

  it('F36 countries without postcodes accept none', () => {
    expect(checkAddressRules({ name: 'A', street: '1 Queen’s Road', postcode: '', city: 'Hong Kong', country: 'HK' }).status).toBe('passed');
  });

  it('F36 normalising trims, upper-cases the country and GB postcodes', () => {
    expect(normaliseAddress({ name: ' A ', street: ' 10  Downing Street ', postcode: ' sw1a 1aa ', city: 'London', country: 'gb' })).toEqual({
      name: 'A',
      street: '10 Downing Street',
      postcode: 'SW1A 1AA',
      city: 'London',
      country: 'GB'
    });
  });
});
