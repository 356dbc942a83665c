// The embedded address check (F36): required fields, an ISO country code, the country's
// postcode format (postcode-validator), a house number in the street line, and the address
// laid out the way its country writes it (@fragaria/address-formatter). Pure and in-process:
// checkout runs it on every order, so it does no I/O.
import addressFormatter from '@fragaria/address-formatter';
import { postcodeValidator, postcodeValidatorExistsForCountry } from 'postcode-validator';
import type { AddressCheckResult, AddressField, AddressMessage } from '$lib/addresses/check';
import type { Address } from '$lib/documents/types';
import { HOUSE_NUMBER_REQUIRED, ISO_COUNTRIES, POSTCODE_EXAMPLES } from './countries';

const LIMITS: Record<AddressField, number> = { name: 200, street: 200, postcode: 20, city: 100, country: 2 };
const LABELS: Record<AddressField, string> = { name: 'Name', street: 'Street and house number', postcode: 'Postcode', city: 'City', country: 'Country' };

/** Trims every field, upper-cases the country; a GB/NL/CA postcode in its usual capitals. */
export function normaliseAddress(a: Address): Address {
  const country = (a.country ?? '').trim().toUpperCase();
  let postcode = (a.postcode ?? '').trim().replace(/\s+/g, ' ');
  if (['GB', 'NL', 'CA', 'IE'].includes(country)) postcode = postcode.toUpperCase();
  const out: Address = { name: (a.name ?? '').trim(), street: (a.street ?? '').trim().replace(/\s+/g, ' '), postcode, city: (a.city ?? '').trim(), country };
  const company = a.company?.trim();
  if (company) out.company = company;
  return out;
}

function message(field: AddressField, code: AddressMessage['code'], severity: AddressMessage['severity'], text: string, params: Record<string, string> = {}): AddressMessage {
  return { field, code, severity, message: text, params: { field: LABELS[field], ...params } };
}

/** The address's lines as its country writes them (name and company first). */
export function formatAddress(a: Address): string[] {
  const lines = addressFormatter.format(
    { road: a.street, postcode: a.postcode, city: a.city, countryCode: a.country },
    { output: 'array', appendCountry: true }
  ) as string[];
  return [a.name, a.company ?? '', ...lines].filter((l) => l.trim() !== '');
}

/** Every problem of the address, each naming its field and why; errors block a label, warnings do not. */
export function addressMessages(input: Address): AddressMessage[] {
  const a = normaliseAddress(input);
  const out: AddressMessage[] = [];
  const country = a.country;
  const knownCountry = ISO_COUNTRIES.has(country);
  if (!country) out.push(message('country', 'required', 'error', 'Country is missing: enter the two-letter ISO code, e.g. DE.'));
  else if (!knownCountry) out.push(message('country', 'country_code', 'error', `Country “${country}” is not an ISO 3166 country code (e.g. DE, GB, US).`, { value: country }));

  for (const f of ['name', 'street', 'city'] as const) {
    if (!a[f]) out.push(message(f, 'required', 'error', `${LABELS[f]} is missing.`));
  }
  for (const f of Object.keys(LIMITS) as AddressField[]) {
    if (f !== 'country' && a[f].length > LIMITS[f]) out.push(message(f, 'too_long', 'error', `${LABELS[f]} is longer than ${LIMITS[f]} characters.`, { max: String(LIMITS[f]) }));
  }

  const hasFormat = knownCountry && postcodeValidatorExistsForCountry(country);
  const example = POSTCODE_EXAMPLES[country] ?? '';
  if (hasFormat && !a.postcode) {
    out.push(message('postcode', 'required', 'error', `Postcode is missing; addresses in ${country} need one${example ? ` (e.g. ${example})` : ''}.`, { country, example }));
  } else if (hasFormat && !safeValid(a.postcode, country)) {
    out.push(
      message('postcode', 'postcode_format', 'error', `Postcode “${a.postcode}” is not a valid postcode for ${country}${example ? ` (e.g. ${example})` : ''}.`, { value: a.postcode, country, example })
    );
  }

  if (a.street && !/\d/.test(a.street)) {
    if (HOUSE_NUMBER_REQUIRED.has(country)) {
      out.push(message('street', 'house_number_missing', 'error', `Street and house number: “${a.street}” has no house number.`, { value: a.street }));
    } else {
      out.push(message('street', 'house_number', 'warning', `Street and house number: “${a.street}” has no house number; check the address is complete.`, { value: a.street }));
    }
  }
  return out;
}

function safeValid(postcode: string, country: string): boolean {
  try {
    return postcodeValidator(postcode, country);
  } catch {
    return false;
  }
}

/** The embedded rules' full answer. */
export function checkAddressRules(address: Address | null, now = new Date()): AddressCheckResult {
  const checked_at = now.toISOString();
  if (!address) {
    return { status: 'failed', provider: 'embedded', checked_at, formatted: [], messages: [message('street', 'required', 'error', 'There is no shipping address.')] };
  }
  const a = normaliseAddress(address);
  const messages = addressMessages(a);
  const failed = messages.some((m) => m.severity === 'error');
  return {
    status: failed ? 'failed' : messages.length ? 'warning' : 'passed',
    provider: 'embedded',
    checked_at,
    messages,
    formatted: failed ? [] : formatAddress(a)
  };
}
