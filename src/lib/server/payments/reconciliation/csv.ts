// CSV bank exports as German and European banks write them: ";" or "," or tab separated,
// decimal commas, a byte-order mark, quoted fields (with "" inside and line breaks), and
// sometimes a few lines about the account before the header.
import { CsvError, parse } from 'csv-parse/sync';
import { parseAmount, parseBookingDate } from './amounts';
import { derivedReference, StatementFormatError, type StatementLine } from './types';

interface Row {
  line: number;
  cells: string[];
}

function detectSeparator(text: string): string {
  const firstLines = text.split(/\r?\n/).filter((l) => l.trim()).slice(0, 10);
  const count = (sep: string) => firstLines.reduce((n, l) => n + l.replace(/"[^"]*"/g, '').split(sep).length - 1, 0);
  const candidates = [';', '\t', ','].map((sep) => ({ sep, n: count(sep) }));
  // ";" first on ties: German exports use it because "," is their decimal mark
  return candidates.reduce((best, c) => (c.n > best.n ? c : best)).sep;
}

const breaks = (s: string) => s.split('\n').length - 1;
const leadingBreaks = (s: string) => s.length - s.replace(/^\n+/, '').length;

/**
 * RFC 4180 records (csv-parse) with the line each starts on. Line endings are made "\n"
 * first, so a record's raw text tells how many lines it spans; records of blank cells only
 * are dropped.
 */
export function readCsvRows(content: string, sep: string): Row[] {
  const text = content.replace(/\r\n?/g, '\n');
  const rows: Row[] = [];
  let consumed = 0; // characters of `text` before the current record
  let line = 1; // the line at `consumed`
  try {
    parse(text, {
      delimiter: sep,
      relax_column_count: true, // preamble lines about the account are narrower than the table
      relax_quotes: true, // a quote inside an unquoted cell is a character (12" screen)
      trim: true,
      skip_empty_lines: true,
      raw: true,
      // with `raw`, each record arrives as { record, raw }
      on_record: (rec: unknown) => {
        const { record: cells, raw } = rec as { record: string[]; raw: string };
        rows.push({ line: line + leadingBreaks(raw), cells });
        consumed += raw.length;
        line += breaks(raw);
        return null;
      }
    });
  } catch (e) {
    if (e instanceof CsvError && e.code === 'CSV_QUOTE_NOT_CLOSED') {
      throw new StatementFormatError(line + leadingBreaks(text.slice(consumed)), 'quote');
    }
    throw e;
  }
  return rows.filter((r) => r.cells.some((c) => c.trim() !== ''));
}

const norm = (s: string) => s.toLowerCase().normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/[^a-z0-9]+/g, ' ').trim();

// Column names in the order we prefer them (booking date before value date, ...).
const COLUMNS = {
  bankReference: ['bank reference', 'bankreferenz', 'transaction reference', 'transaktionsreferenz', 'transaction id', 'transaktions id', 'acctsvcrref', 'bank ref'],
  date: ['booking date', 'buchungstag', 'buchungsdatum', 'date', 'datum', 'buchung', 'value date', 'valutadatum', 'valuta', 'wertstellung'],
  amount: ['amount', 'betrag', 'umsatz', 'betrag eur', 'amount eur', 'credit amount'],
  text: ['reference', 'verwendungszweck', 'referenz', 'remittance information', 'remittance', 'purpose', 'description', 'beschreibung', 'buchungstext', 'text'],
  currency: ['currency', 'wahrung', 'waehrung', 'whrg', 'wahrungscode'],
  counterparty: ['name', 'payer', 'counterparty', 'auftraggeber', 'zahlungspflichtiger', 'name zahlungsbeteiligter', 'beguenstigter zahlungspflichtiger', 'begunstigter zahlungspflichtiger', 'auftraggeber empfanger', 'auftraggeber empfaenger']
} as const;
type Column = keyof typeof COLUMNS;

function findColumns(cells: string[]): Partial<Record<Column, number>> | null {
  const names = cells.map(norm);
  const taken = new Set<number>();
  const found: Partial<Record<Column, number>> = {};
  for (const col of Object.keys(COLUMNS) as Column[]) {
    for (const alias of COLUMNS[col]) {
      const i = names.findIndex((n, idx) => !taken.has(idx) && (n === alias || n.startsWith(`${alias} `)));
      if (i >= 0) {
        found[col] = i;
        taken.add(i);
        break;
      }
    }
  }
  return found.date !== undefined && found.amount !== undefined && found.text !== undefined ? found : null;
}

export function parseCsvStatement(content: string, defaultCurrency: string): StatementLine[] {
  const text = content.replace(/^\uFEFF/, '');
  const rows = readCsvRows(text, detectSeparator(text));
  if (!rows.length) throw new StatementFormatError(1, 'empty');

  // the header may follow a few lines about the account; without one: date, amount, reference
  let headerIndex = rows.slice(0, 20).findIndex((r) => findColumns(r.cells));
  let columns: Partial<Record<Column, number>>;
  if (headerIndex >= 0) columns = findColumns(rows[headerIndex].cells)!;
  else {
    const first = rows[0];
    if (first.cells.length < 3) throw new StatementFormatError(first.line, 'header');
    try {
      parseBookingDate(first.cells[0], first.line);
    } catch {
      throw new StatementFormatError(first.line, 'header');
    }
    columns = { date: 0, amount: 1, text: 2 };
    headerIndex = -1;
  }
  const needed = Math.max(...Object.values(columns)) + 1;

  const lines: StatementLine[] = [];
  for (const row of rows.slice(headerIndex + 1)) {
    const cell = (c: Column) => (columns[c] === undefined ? '' : (row.cells[columns[c]!] ?? '').trim());
    // opening/closing balance lines and the like lack a booking date or an amount
    if (!cell('date') || !cell('amount')) continue;
    if (row.cells.length < needed) throw new StatementFormatError(row.line, 'columns', { expected: needed, found: row.cells.length });
    const bookingDate = parseBookingDate(cell('date'), row.line);
    const signed = parseAmount(cell('amount'), row.line);
    const currency = (cell('currency') || defaultCurrency).toUpperCase();
    if (!/^[A-Z]{3}$/.test(currency)) throw new StatementFormatError(row.line, 'currency', { value: cell('currency') });
    const textValue = cell('text').replace(/\s+/g, ' ');
    const counterparty = cell('counterparty');
    lines.push({
      line: row.line,
      bookingDate,
      amountCents: Math.abs(signed),
      credit: signed > 0,
      currency,
      text: textValue,
      bankReference: cell('bankReference') || derivedReference(bookingDate, Math.abs(signed), signed > 0, textValue, counterparty),
      counterparty,
      booked: true
    });
  }
  if (!lines.length) throw new StatementFormatError(rows[rows.length - 1].line, 'empty');
  return lines;
}
