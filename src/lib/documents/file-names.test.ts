import { describe, expect, it } from 'vitest';
import { documentFileName } from './index';
import { aCreditNoteInput, aDocumentInput, anOrder, aPickListInput } from '../../../tests/support/documents/factories';

describe('documentFileName', () => {
  it('names single documents after their number', () => {
    expect(documentFileName('invoice', aDocumentInput())).toBe('invoice-2024-000123.pdf');
    expect(documentFileName('packing-slip', aDocumentInput())).toBe('packing-slip-1042.pdf');
    expect(documentFileName('receipt', aDocumentInput())).toBe('receipt-1042.pdf');
    expect(documentFileName('credit-note', aCreditNoteInput())).toBe('credit-note-GS-2024-0007.pdf');
    expect(documentFileName('pick-list', aPickListInput())).toBe('pick-list-1042-1044.pdf');
  });

  it('keeps names safe for file systems and mail clients', () => {
    const input = aDocumentInput({ order: anOrder({ invoiceNumber: 'RE/2024 #7' }) });
    expect(documentFileName('invoice', input)).toBe('invoice-RE-2024-7.pdf');
  });

  it('names a combined PDF by its first and last document', () => {
    const inputs = [1042, 1043, 1099].map((number) => aDocumentInput({ order: anOrder({ number }) }));
    expect(documentFileName('packing-slip', inputs)).toBe('packing-slips-1042_1099.pdf');
  });
});
