import { describe, expect, it } from 'vitest';
import { renderPickList } from './index';
import { pdfPages, pdfText, qpdfCheck } from '../../../tests/support/documents/pdf';
import { aPickItem, aPickListInput } from '../../../tests/support/documents/factories';

describe('renderPickList', () => {
  it('walks the bins in order and says which tote gets how many', async () => {
    const pdf = await renderPickList(aPickListInput());
    await qpdfCheck(pdf);
    const text = await pdfText(pdf);
    expect(text).toContain('Pickliste');
    expect(text).toMatch(/2\s+1043\s+Şükrü Yılmaz/);
    expect(text).toMatch(/3\s+1044\s+Antonín Dvořák/);
    const bins = ['A-2 ', 'A-03', 'A-10', 'C-01'].map((bin) => text.indexOf(bin));
    expect(bins.every((at) => at > 0)).toBe(true);
    expect(bins).toEqual([...bins].sort((a, b) => a - b));
    // Torba: 1 for tote 1, 2 for tote 3, 3 in all.
    expect(text).toMatch(/A-10\s+Torba Łódź żółta\s+3\s+1: 1/);
    expect(text).toMatch(/^\s+BAG-PL\s+3: 2/m);
    expect(text).toMatch(/Menge\s+10 Stück/);
  });

  it('fits a thermal roll and runs over pages on a sheet', async () => {
    const thermal = await pdfText(await renderPickList(aPickListInput({ format: 'thermal80', locale: 'en' })));
    expect(thermal).toContain('Pick list');
    expect(thermal).toContain('Hrnek Řeřicha');

    const items = Array.from({ length: 120 }, (_, i) => aPickItem({ bin: `B-${i}`, sku: `SKU-${i}`, name: `Teil ${i}` }));
    const pages = await pdfPages(await renderPickList(aPickListInput({ items, locale: 'en' })));
    expect(pages.length).toBeGreaterThan(2);
    expect(pages.at(-1)).toContain(`Page ${pages.length} of ${pages.length}`);
    expect(pages[1]).toContain('Barcode');
  });
});
