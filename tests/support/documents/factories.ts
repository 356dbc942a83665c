/** Small factories for document input; override what a test is about, inherit the rest. */
import type {
  Address,
  AddressLabelInput,
  CreditNoteInput,
  DocLine,
  DocOrder,
  DocPayment,
  DocumentInput,
  PickListInput,
  PickListItem,
  ShopInfo
} from '../../../src/lib/documents/types';

export function anAddress(overrides: Partial<Address> = {}): Address {
  return { name: 'Jürgen Weiß', street: 'Grüner Weg 12', postcode: '50667', city: 'Köln', country: 'DE', ...overrides };
}

export function aShop(overrides: Partial<ShopInfo> = {}): ShopInfo {
  return {
    name: 'Packbench Versand GmbH',
    address: anAddress({ name: 'Packbench Versand GmbH', street: 'Lagerstraße 5', postcode: '10115', city: 'Berlin' }),
    email: 'hallo@packbench.example',
    phone: '+49 30 1234567',
    vatId: 'DE123456789',
    bankDetails: 'IBAN DE89 3704 0044 0532 0130 00, BIC COBADEFFXXX',
    paymentTermsDays: 14,
    timeZone: 'Europe/Berlin',
    currency: 'EUR',
    openingHours: 'Mo–Fr 9–18 Uhr, Sa 10–14 Uhr',
    ...overrides
  };
}

let skuCounter = 0;

export function aLine(overrides: Partial<DocLine> = {}): DocLine {
  skuCounter += 1;
  return {
    sku: `SKU-${String(skuCounter).padStart(4, '0')}`,
    name: `Artikel ${skuCounter}`,
    qty: 1,
    unitPriceCents: 1999,
    taxRateBp: 1900,
    bin: `A-${String(skuCounter % 40).padStart(2, '0')}`,
    ...overrides
  };
}

/** Mixed tax rates, umlauts, a Polish and a Czech product name. */
export function someLines(): DocLine[] {
  return [
    aLine({ sku: 'MUG-BLU', name: 'Kaffeebecher „Größe XL“', qty: 2, unitPriceCents: 1290, bin: 'B-12', gtin: '4006381333931' }),
    aLine({ sku: 'TEA-GRN', name: 'Grüner Tee – 250 g', qty: 3, unitPriceCents: 499, taxRateBp: 700, bin: 'A-03' }),
    aLine({ sku: 'BAG-PL', name: 'Torba Łódź żółta', qty: 1, unitPriceCents: 2450, bin: 'A-10' }),
    aLine({ sku: 'KRT-CZ', name: 'Hrnek Řeřicha – Dvořák', qty: 1, unitPriceCents: 890, taxRateBp: 700, bin: 'C-01' })
  ];
}

export function manyLines(count: number): DocLine[] {
  return Array.from({ length: count }, (_, i) =>
    aLine({ sku: `BULK-${i + 1}`, name: `Schraube M${(i % 12) + 2} Edelstahl, Packung ${i + 1}`, bin: `R${1 + (i % 9)}-${i + 1}` })
  );
}

export function anOrder(overrides: Partial<DocOrder> = {}): DocOrder {
  const shippingAddress = anAddress({ name: 'Łukasz Żółkiewski', street: 'ul. Świętokrzyska 7/12', postcode: '00-360', city: 'Warszawa', country: 'PL' });
  return {
    number: 1042,
    // 00:30 on 6 March in Berlin: dates must come out in the shop's time zone.
    placedAt: '2024-03-05T23:30:00Z',
    customerName: 'Łukasz Żółkiewski',
    email: 'lukasz@example.pl',
    shippingAddress,
    billingAddress: shippingAddress,
    fulfilmentMethod: 'ship',
    paymentMethod: 'Kreditkarte',
    invoiceNumber: '2024-000123',
    currency: 'EUR',
    shippingCents: 495,
    notes: ['Geschenkverpackung, bitte Preisetiketten entfernen', 'Zerbrechlich – extra Polster'],
    ...overrides
  };
}

export function aPayment(overrides: Partial<DocPayment> = {}): DocPayment {
  return { method: 'online_banking', amountCents: 0, paidAt: '2024-03-06T08:15:00Z', bankReference: 'TRX-88412-ZX', ...overrides };
}

export function aDocumentInput(overrides: Partial<DocumentInput> = {}): DocumentInput {
  return { shop: aShop(), order: anOrder(), lines: someLines(), locale: 'de', format: 'a4', ...overrides };
}

/** A receipt for an order paid in full. */
export function aPaidInput(overrides: Partial<DocumentInput> = {}): DocumentInput {
  const input = aDocumentInput({ format: 'thermal80', ...overrides });
  const total = input.lines.reduce((sum, l) => sum + l.qty * l.unitPriceCents, 0) + input.order.shippingCents;
  return { payments: [aPayment({ amountCents: total })], ...input };
}

export function aPickItem(overrides: Partial<PickListItem> = {}): PickListItem {
  return { bin: 'A-01', sku: 'SKU-1', name: 'Artikel', picks: [{ tote: 1, qty: 1 }], ...overrides };
}

export function aPickListInput(overrides: Partial<PickListInput> = {}): PickListInput {
  return {
    shop: aShop(),
    locale: 'de',
    format: 'a4',
    createdAt: '2024-03-06T07:00:00Z',
    totes: [
      { tote: 1, orderNumber: 1042, customerName: 'Łukasz Żółkiewski' },
      { tote: 2, orderNumber: 1043, customerName: 'Şükrü Yılmaz' },
      { tote: 3, orderNumber: 1044, customerName: 'Antonín Dvořák' }
    ],
    items: [
      aPickItem({ bin: 'C-01', sku: 'KRT-CZ', name: 'Hrnek Řeřicha', picks: [{ tote: 3, qty: 1 }] }),
      aPickItem({ bin: 'A-10', sku: 'BAG-PL', name: 'Torba Łódź żółta', picks: [{ tote: 1, qty: 1 }, { tote: 3, qty: 2 }] }),
      aPickItem({ bin: 'A-03', sku: 'TEA-GRN', name: 'Grüner Tee – 250 g', gtin: '4006381333931', picks: [{ tote: 2, qty: 3 }] }),
      aPickItem({ bin: 'A-2', sku: 'MUG-BLU', name: 'Kaffeebecher XL', picks: [{ tote: 1, qty: 2 }, { tote: 2, qty: 1 }] })
    ],
    ...overrides
  };
}

export function aLabelInput(overrides: Partial<AddressLabelInput> = {}): AddressLabelInput {
  return { shop: aShop(), order: anOrder(), locale: 'de', format: 'label4x6', ...overrides };
}

export function aCreditNoteInput(overrides: Partial<CreditNoteInput> = {}): CreditNoteInput {
  return {
    shop: aShop(),
    order: anOrder(),
    lines: [aLine({ sku: 'MUG-BLU', name: 'Kaffeebecher „Größe XL“', qty: 1, unitPriceCents: 1290 })],
    reason: 'Ware beschädigt angekommen',
    creditNoteNumber: 'GS-2024-0007',
    shippingCents: 0,
    issuedAt: '2024-03-12T10:00:00Z',
    locale: 'de',
    format: 'a4',
    ...overrides
  };
}
