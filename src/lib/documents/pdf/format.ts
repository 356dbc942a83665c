/** Locale-aware percent and date text for documents; money is $lib/money. */

// Building an Intl formatter costs far more than formatting with one (every e-mail and
// document formats several dates); they are kept per locale, zone and style.
const formatters = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();
function cached<F extends Intl.DateTimeFormat | Intl.NumberFormat>(key: string, make: () => F): F {
  let f = formatters.get(key) as F | undefined;
  if (!f) {
    if (formatters.size > 500) formatters.clear();
    f = make();
    formatters.set(key, f);
  }
  return f;
}

/** 1900 basis points -> "19%" / "19 %". */
export function formatPercent(basisPoints: number, locale: string): string {
  return cached(`%|${locale}`, () => new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 2 })).format(basisPoints / 10000);
}

export function formatDate(iso: string, locale: string, timeZone: string): string {
  return cached(`d|${locale}|${timeZone}`, () => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone })).format(new Date(iso));
}

export function formatDateTime(iso: string, locale: string, timeZone: string): string {
  return cached(`dt|${locale}|${timeZone}`, () => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone })).format(new Date(iso));
}

/**
 * The calendar date `days` after `iso` as seen in `timeZone`. Works on the local
 * calendar date rather than adding 24 h steps, which a DST change would skew.
 */
export function formatDatePlusDays(iso: string, days: number, locale: string, timeZone: string): string {
  const parts = cached(`ymd|${timeZone}`, () => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }))
    .formatToParts(new Date(iso))
    .reduce<Record<string, number>>((acc, part) => ({ ...acc, [part.type]: Number(part.value) }), {});
  const due = new Date(Date.UTC(parts.year, parts.month - 1, parts.day + days, 12));
  return cached(`d|${locale}|UTC`, () => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' })).format(due);
}
