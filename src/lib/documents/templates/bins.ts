/** Walk order through the warehouse: bins in natural order ("A2" before "A10"), unbinned items last. */
const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

export function byBin<T extends { bin?: string; sku: string }>(a: T, b: T): number {
  if (!a.bin !== !b.bin) return a.bin ? -1 : 1;
  return collator.compare(a.bin ?? '', b.bin ?? '') || collator.compare(a.sku, b.sku);
}
