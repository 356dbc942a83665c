import { describe, expect, it } from 'vitest';
import { DocumentDataError, renderAddressLabel } from './index';
import { pageSizes, pdfText, qpdfCheck } from '../../../tests/support/documents/pdf';
import { aLabelInput, anAddress, anOrder } from '../../../tests/support/documents/factories';

describe('renderAddressLabel', () => {
  it('is 4×6 in with the ship-to address, the sender and the order number', async () => {
    const order = anOrder({ shippingAddress: anAddress({ name: 'Antonín Dvořák', company: 'Řemeslná dílna s.r.o.', street: 'Náměstí Míru 9', postcode: '120 00', city: 'Praha 2', country: 'CZ' }) });
    const pdf = await renderAddressLabel(aLabelInput({ order }));
    await qpdfCheck(pdf);
    expect(await pageSizes(pdf)).toEqual([{ width: 288, height: 432 }]);
    const text = await pdfText(pdf);
    expect(text).toContain('Antonín Dvořák');
    expect(text).toContain('Řemeslná dílna s.r.o.');
    expect(text).toContain('120 00 Praha 2');
    expect(text).toContain('TSCHECHIEN');
    expect(text).toContain('Absender: Packbench Versand GmbH · Lagerstraße 5 · 10115 Berlin');
    expect(text).toContain('Bestellung 1042');
  });

  it('needs a shipping address for a shipped order', async () => {
    const order = anOrder({ shippingAddress: null });
    const error = await renderAddressLabel(aLabelInput({ order })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DocumentDataError);
    expect((error as DocumentDataError).missing).toEqual(['order.shippingAddress']);
  });

  it('labels a collection order with the customer name', async () => {
    const order = anOrder({ fulfilmentMethod: 'collect', shippingAddress: null });
    const text = await pdfText(await renderAddressLabel(aLabelInput({ order, locale: 'en' })));
    expect(text).toContain('FOR COLLECTION');
    expect(text).toContain('Łukasz Żółkiewski');
  });
});
