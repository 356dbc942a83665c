// UI strings through i18next (English, German), reactive through a rune so switching the
// language re-renders every string. Money and dates go through Intl.
import i18next, { type TOptions } from 'i18next';
import { formatMoney } from '$lib/money';

export type Locale = 'en' | 'de';
export const LOCALES: readonly Locale[] = ['en', 'de'];

/**
 * locales/<lng>/core.json holds the shared keys at the top level; every other file is one
 * domain's strings under its file name (locales/en/shop.json -> t('shop.…')), so features
 * can add their strings without touching each other's files.
 */
export function buildResources(files: Record<string, unknown>) {
  const resources: Record<string, { translation: Record<string, unknown> }> = {};
  for (const [path, content] of Object.entries(files)) {
    const m = path.match(/locales\/(\w+)\/([\w-]+)\.json$/);
    if (!m) continue;
    const [, lng, ns] = m;
    const translation = (resources[lng] ??= { translation: {} }).translation;
    if (ns === 'core') Object.assign(translation, content);
    else translation[ns] = content;
  }
  return resources;
}

const instance = i18next.createInstance();
instance.init({
  resources: buildResources(import.meta.glob('./locales/*/*.json', { eager: true, import: 'default' })),
  lng: 'en',
  fallbackLng: 'en',
  initAsync: false,
  showSupportNotice: false,
  interpolation: { escapeValue: false } // Svelte escapes
});
// "{{maxCents, money}}" in a string: minor units of the `currency` given with it (server messages' params)
instance.services.formatter?.add('money', (value, lng, options) =>
  typeof value === 'number' && typeof options?.currency === 'string' ? formatMoney(value, options.currency, lng === 'de' ? 'de-DE' : 'en-GB') : String(value)
);

class I18n {
  locale = $state<Locale>('en');
  timeZone = $state('Europe/Berlin');

  t = (key: string, options?: TOptions): string => {
    const translate = instance.t as (key: string, options: TOptions) => string;
    return translate(key, { ...options, lng: this.locale });
  };

  has = (key: string): boolean => instance.exists(key, { lng: this.locale });

  /**
   * A key any feature may contribute: `timeline.paid` in core.json, else `<ns>.timeline.paid`
   * in some feature's file (e.g. documents.json's timeline.invoice_issued). Null when none has it.
   */
  feature = (key: string, options?: TOptions): string | null => {
    if (this.has(key)) return this.t(key, options);
    const translation = instance.getResourceBundle(this.locale, 'translation') as Record<string, unknown> | undefined;
    for (const ns of Object.keys(translation ?? {})) if (this.has(`${ns}.${key}`)) return this.t(`${ns}.${key}`, options);
    return null;
  };

  set(locale: string | null | undefined) {
    if (locale === 'en' || locale === 'de') {
      this.locale = locale;
      if (typeof document !== 'undefined') document.documentElement.lang = locale;
    }
  }

  /** integer cents with the currency beside them */
  /** `cents`: minor units of `currency` (JPY has none), as everywhere */
  money = (cents: number, currency: string): string => formatMoney(cents, currency, this.locale === 'de' ? 'de-DE' : 'en-GB');

  /** a date-time in the shop's time zone */
  dateTime = (iso: string | Date, style: 'short' | 'medium' = 'short'): string => {
    const d = typeof iso === 'string' ? new Date(iso.replace(' ', 'T')) : iso;
    if (Number.isNaN(d.getTime())) return '';
    return new Intl.DateTimeFormat(this.locale === 'de' ? 'de-DE' : 'en-GB', {
      dateStyle: style,
      timeStyle: 'short',
      timeZone: this.timeZone
    }).format(d);
  };

  /** "3 minutes ago" */
  relative = (iso: string, now = Date.now()): string => {
    const seconds = Math.round((new Date(iso.replace(' ', 'T')).getTime() - now) / 1000);
    const rtf = new Intl.RelativeTimeFormat(this.locale, { numeric: 'auto' });
    const abs = Math.abs(seconds);
    if (abs < 60) return rtf.format(seconds, 'second');
    if (abs < 3600) return rtf.format(Math.round(seconds / 60), 'minute');
    if (abs < 86400) return rtf.format(Math.round(seconds / 3600), 'hour');
    return rtf.format(Math.round(seconds / 86400), 'day');
  };
}

export const i18n = new I18n();
export const t = i18n.t;
