import { beforeEach, describe, expect, it } from 'vitest';
import { ReadConfirmer, scanIdentity } from './confirm';
import type { ScanRead } from './decode';

const soap: ScanRead = { text: '5030159003930', format: 'ean13', gtin14: '05030159003930' };
const soapAsUpc: ScanRead = { text: '5030159003930', format: 'upca', gtin14: '05030159003930' };
const tea: ScanRead = { text: '12345670', format: 'ean8', gtin14: '00000012345670' };
const sku: ScanRead = { text: 'PB-10452', format: 'code128' };
const badCheckDigit: ScanRead = { text: '5030159003931', format: 'ean13', gtin14: '05030159003931' };

describe('ReadConfirmer', () => {
  let clock = 0;
  let confirmer: ReadConfirmer;
  /** One camera frame, `ms` after the previous one. */
  const frame = (read: ScanRead | null, ms = 150) => {
    clock += ms;
    return confirmer.offer(read);
  };

  beforeEach(() => {
    clock = 0;
    confirmer = new ReadConfirmer({ now: () => clock });
  });

  it('confirms a code read in two consecutive frames, not after one', () => {
    expect(frame(soap)).toBeNull();
    expect(frame(soap)).toBe(soap);
  });

  it('treats UPC-A and EAN-13 reads of the same GTIN as the same code', () => {
    expect(frame(soap)).toBeNull();
    expect(frame(soapAsUpc)).toBe(soapAsUpc);
  });

  it('starts over when a different code is read in between', () => {
    expect(frame(soap)).toBeNull();
    expect(frame(tea)).toBeNull();
    expect(frame(soap)).toBeNull();
    expect(frame(soap)).toBe(soap);
  });

  it('lets frames without a read pass without breaking the streak', () => {
    expect(frame(soap)).toBeNull();
    expect(frame(null)).toBeNull();
    expect(frame(soap)).toBe(soap);
  });

  it('requires the reads to fall within the window', () => {
    expect(frame(soap)).toBeNull();
    expect(frame(soap, 1200)).toBeNull();
    expect(frame(soap, 100)).toBe(soap);
  });

  it('never confirms a product code whose check digit is wrong', () => {
    for (let i = 0; i < 5; i++) expect(frame(badCheckDigit)).toBeNull();
  });

  it('counts an item held in front of the camera once', () => {
    frame(soap);
    expect(frame(soap)).toBe(soap);
    for (let i = 0; i < 40; i++) expect(frame(soap, 150)).toBeNull(); // 6 s in view
    // each of those reads was held back, and says so (the camera E2E waits for this count)
    expect(confirmer.heldBack).toBe(40);
  });

  it('counts the same item again once it has been out of view for the debounce time', () => {
    frame(soap);
    frame(soap);
    expect(frame(null, 1000)).toBeNull();
    expect(frame(soap, 100)).toBeNull(); // only 1.1 s away: same pick
    expect(frame(null, 1600)).toBeNull();
    expect(frame(soap)).toBeNull();
    expect(frame(soap)).toBe(soap);
  });

  it('confirms a different item right away', () => {
    frame(soap);
    frame(soap);
    expect(frame(tea)).toBeNull();
    expect(frame(tea)).toBe(tea);
  });

  it('honours framesNeeded and debounceMs', () => {
    confirmer = new ReadConfirmer({ framesNeeded: 3, debounceMs: 500, now: () => clock });
    expect(frame(sku)).toBeNull();
    expect(frame(sku)).toBeNull();
    expect(frame(sku)).toBe(sku);
    expect(frame(null, 600)).toBeNull();
    frame(sku);
    frame(sku);
    expect(frame(sku)).toBe(sku);
  });

  it('reset() forgets the streak and the debounce', () => {
    frame(soap);
    frame(soap);
    confirmer.reset();
    expect(frame(soap)).toBeNull();
    expect(frame(soap)).toBe(soap);
    frame(tea);
    confirmer.reset();
    expect(frame(tea)).toBeNull();
  });
});

describe('scanIdentity', () => {
  it.each([
    [soap, '05030159003930'],
    [sku, 'PB-10452'],
    [badCheckDigit, null],
    [{ text: '5030159003930', format: 'ean13' }, null], // product read without a GTIN
    [{ text: '5030159003931', format: 'code128' }, null], // GTIN-length digits, bad check digit
    [{ text: '12345670', format: 'code128' }, '00000012345670']
  ] as [ScanRead, string | null][])('%o -> %s', (read, identity) => {
    expect(scanIdentity(read)).toBe(identity);
  });
});
