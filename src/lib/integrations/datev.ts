// The DATEV booking batch ("Buchungsstapel", EXTF format 700, category 21) that German
// accountants import (F43). Pure: bookings in, file text out. Amounts in cents become
// "1234,56"; dates DDMM within the batch's period; text fields quoted, ";" separated, CRLF.
// The file is Windows-1252 (the caller encodes; characters outside it become "?").

export interface DatevBooking {
  /** positive, in cents */
  amountCents: number;
  side: 'S' | 'H';
  currency: string;
  account: number;
  contraAccount: number;
  /** YYYY-MM-DD */
  date: string;
  /** the document number (invoice number, payment reference), at most 36 characters */
  document: string;
  text: string;
}

export interface DatevHeader {
  advisorNumber: number;
  clientNumber: number;
  /** YYYY-MM-DD */
  fiscalYearStart: string;
  accountLength: number;
  /** YYYY-MM-DD */
  from: string;
  to: string;
  description: string;
  currency: string;
  createdAt: Date;
}

const q = (s: string) => `"${s.replace(/"/g, '""')}"`;
const ymd = (d: string) => d.replaceAll('-', '');
const stamp = (d: Date) => d.toISOString().replace(/[-:TZ.]/g, '').slice(0, 17);

export const DATEV_COLUMNS = [
  'Umsatz (ohne Soll/Haben-Kz)',
  'Soll/Haben-Kennzeichen',
  'WKZ Umsatz',
  'Kurs',
  'Basis-Umsatz',
  'WKZ Basis-Umsatz',
  'Konto',
  'Gegenkonto (ohne BU-Schlüssel)',
  'BU-Schlüssel',
  'Belegdatum',
  'Belegfeld 1',
  'Belegfeld 2',
  'Skonto',
  'Buchungstext'
];

export function datevAmount(cents: number): string {
  const abs = Math.abs(cents);
  return `${Math.floor(abs / 100)},${String(abs % 100).padStart(2, '0')}`;
}

export function datevCsv(h: DatevHeader, bookings: DatevBooking[]): string {
  const header = [
    q('EXTF'), '700', '21', q('Buchungsstapel'), '13', stamp(h.createdAt), '', q('PB'), q('Packbench'), q(''),
    String(h.advisorNumber), String(h.clientNumber), ymd(h.fiscalYearStart), String(h.accountLength), ymd(h.from), ymd(h.to),
    q(h.description.slice(0, 30)), q(''), '1', '0', '0', q(h.currency), '', q(''), '', '', q('03'), '', '', q(''), q('')
  ].join(';');
  const rows = bookings.map((b) =>
    [
      datevAmount(b.amountCents), q(b.side), q(b.currency), '', '', q(''), String(b.account), String(b.contraAccount), q(''),
      b.date.slice(8, 10) + b.date.slice(5, 7), q(b.document.slice(0, 36)), q(''), '', q(b.text.slice(0, 60))
    ].join(';')
  );
  return [header, DATEV_COLUMNS.map(q).join(';'), ...rows].join('\r\n') + '\r\n';
}
