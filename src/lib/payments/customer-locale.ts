import { i18n } from '$lib/i18n/index.svelte';

/** Public pages speak the customer's language: their earlier choice, else the browser's. */
export function useCustomerLocale() {
  i18n.set(localStorage.getItem('packbench.locale') ?? (navigator.language.toLowerCase().startsWith('de') ? 'de' : 'en'));
}
