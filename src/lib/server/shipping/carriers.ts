// Carriers staff can choose for a parcel entered by hand (F20): the link to the carrier's own
// tracking page and a check of the number's usual format. The check only warns: carriers
// change formats, and the person holding the receipt may override it.

export type CarrierCode = 'dhl' | 'dpd' | 'hermes' | 'gls' | 'ups' | 'deutsche_post' | 'nz_post' | 'australia_post' | 'other';

export interface Carrier {
  code: CarrierCode;
  name: string;
  /** `{n}` stands for the URI-encoded tracking number; null: no public tracking page */
  urlPattern: string | null;
  /** what the usual format looks like, for the warning */
  example: string;
  check: (n: string) => boolean;
}

/** UPU S10 (RR123456785DE): two letters, eight digits, a mod-11 check digit, the country. */
export function isS10(n: string, country?: string): boolean {
  const m = /^([A-Z]{2})(\d{8})(\d)([A-Z]{2})$/.exec(n);
  if (!m || (country && m[4] !== country)) return false;
  const weights = [8, 6, 4, 2, 3, 5, 9, 7];
  const sum = [...m[2]].reduce((s, d, i) => s + Number(d) * weights[i], 0);
  const check = 11 - (sum % 11);
  return Number(m[3]) === (check === 10 ? 0 : check === 11 ? 5 : check);
}

const digits = (...lengths: number[]) => (n: string) => /^\d+$/.test(n) && lengths.includes(n.length);

export const CARRIERS: readonly Carrier[] = [
  {
    code: 'dhl',
    name: 'DHL',
    urlPattern: 'https://www.dhl.de/de/privatkunden/pakete-empfangen/verfolgen.html?piececode={n}',
    example: '00340434161094042557',
    check: (n) => digits(12, 20)(n) || /^JJD\d{18,20}$/.test(n) || isS10(n)
  },
  { code: 'dpd', name: 'DPD', urlPattern: 'https://tracking.dpd.de/status/de_DE/parcel/{n}', example: '01234567890123', check: (n) => /^\d{14}[A-Z]?$/.test(n) },
  {
    code: 'hermes',
    name: 'Hermes',
    urlPattern: 'https://www.myhermes.de/empfangen/sendungsverfolgung/sendungsinformation/#{n}',
    example: '12345678901234',
    check: (n) => digits(14, 16)(n) || /^H\d{19}$/.test(n)
  },
  { code: 'gls', name: 'GLS', urlPattern: 'https://gls-group.com/DE/de/paketverfolgung?match={n}', example: '12345678901', check: (n) => digits(11, 12)(n) || /^[A-Z0-9]{8}$/.test(n) },
  { code: 'ups', name: 'UPS', urlPattern: 'https://www.ups.com/track?tracknum={n}', example: '1Z999AA10123456784', check: (n) => /^1Z[A-Z0-9]{16}$/.test(n) },
  {
    code: 'deutsche_post',
    name: 'Deutsche Post',
    urlPattern: 'https://www.deutschepost.de/de/s/sendungsverfolgung.html?piececode={n}',
    example: 'RR123456785DE',
    check: (n) => isS10(n) || digits(12, 20)(n)
  },
  { code: 'nz_post', name: 'NZ Post', urlPattern: 'https://www.nzpost.co.nz/tools/tracking?trackid={n}', example: 'LA123456785NZ', check: (n) => isS10(n) || (/^[A-Z0-9]{10,24}$/.test(n) && /\d/.test(n)) },
  {
    code: 'australia_post',
    name: 'Australia Post',
    urlPattern: 'https://auspost.com.au/mypost/track/details/{n}',
    example: '33AB12345678',
    check: (n) => isS10(n) || (/^[A-Z0-9]{10,23}$/.test(n) && /\d/.test(n))
  },
  { code: 'other', name: 'Other', urlPattern: null, example: '', check: () => true }
];

export function carrier(code: string): Carrier | null {
  return CARRIERS.find((c) => c.code === code) ?? null;
}

/** People paste numbers with spaces and lower case; carriers print them grouped. */
export function normaliseTrackingNumber(raw: string): string {
  return raw.replace(/[\s-]+/g, '').toUpperCase();
}

export function carrierTrackingUrl(code: string, trackingNumber: string): string {
  const c = carrier(code);
  if (!c?.urlPattern || !trackingNumber) return '';
  return c.urlPattern.replace('{n}', encodeURIComponent(trackingNumber));
}

export function looksValid(code: string, trackingNumber: string): boolean {
  return carrier(code)?.check(trackingNumber) ?? false;
}
