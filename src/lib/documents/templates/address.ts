/** Postal address lines in the order the destination country expects. */
import type { Address, DocOrder, Locale } from '../types';

/** Countries that write the postcode after the town. */
const POSTCODE_AFTER_CITY = new Set(['GB', 'IE', 'US', 'CA', 'AU', 'NZ']);

const regionNames = new Map<Locale, Intl.DisplayNames>();

export function countryName(code: string, locale: Locale): string {
  let names = regionNames.get(locale);
  if (!names) {
    names = new Intl.DisplayNames([locale], { type: 'region' });
    regionNames.set(locale, names);
  }
  try {
    return names.of(code.toUpperCase()) ?? code;
  } catch {
    return code;
  }
}

export function cityLine(address: Address): string {
  return POSTCODE_AFTER_CITY.has(address.country.toUpperCase())
    ? `${address.city} ${address.postcode}`
    : `${address.postcode} ${address.city}`;
}

/**
 * Name, company, street, town and — when it is abroad from `homeCountry` — the
 * country, upper-cased as postal services ask for.
 */
export function addressLines(address: Address, locale: Locale, homeCountry?: string): string[] {
  const lines = [address.name, address.company, address.street, cityLine(address)].filter(
    (line): line is string => Boolean(line?.trim())
  );
  if (!homeCountry || homeCountry.toUpperCase() !== address.country.toUpperCase()) {
    lines.push(countryName(address.country, locale).toLocaleUpperCase(locale));
  }
  return lines;
}

/** "Packbench GmbH · Lagerstraße 5 · 10115 Berlin" for the sender line above a window address. */
export function senderLine(name: string, address: Address): string {
  return [name, address.street, cityLine(address)].join(' · ');
}

/** Bill-to and ship-to blocks for an order; ship-to only when it differs or the order is collected. */
export function orderAddresses(
  order: DocOrder,
  homeCountry: string | undefined,
  locale: Locale,
  labels: { billTo: string; shipTo: string; collect: string }
): { label: string; lines: string[] }[] {
  const billing = order.billingAddress ?? order.shippingAddress;
  const blocks = [{ label: labels.billTo, lines: billing ? addressLines(billing, locale, homeCountry) : [order.customerName] }];
  if (order.fulfilmentMethod === 'collect') {
    blocks.push({ label: labels.shipTo, lines: [labels.collect] });
  } else if (order.shippingAddress && !sameAddress(order.shippingAddress, billing)) {
    blocks.push({ label: labels.shipTo, lines: addressLines(order.shippingAddress, locale, homeCountry) });
  }
  return blocks;
}

function sameAddress(a: Address, b: Address | null): boolean {
  return !!b && (Object.keys(a) as (keyof Address)[]).every((key) => (a[key] ?? '') === (b[key] ?? ''));
}
