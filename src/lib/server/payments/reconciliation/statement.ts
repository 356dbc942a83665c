// Reads a bank statement file: CAMT.053 XML or a CSV export, told apart by their first character.
import { parseCamt053 } from './camt053';
import { parseCsvStatement } from './csv';
import type { StatementLine } from './types';

export type StatementFormat = 'csv' | 'camt053';

export function detectFormat(content: string): StatementFormat {
  return content.replace(/^\uFEFF/, '').trimStart().startsWith('<') ? 'camt053' : 'csv';
}

export function parseStatement(content: string, defaultCurrency = 'EUR'): { format: StatementFormat; lines: StatementLine[] } {
  const format = detectFormat(content);
  const lines = format === 'camt053' ? parseCamt053(content) : parseCsvStatement(content, defaultCurrency);
  return { format, lines };
}
