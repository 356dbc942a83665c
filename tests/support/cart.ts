// The web shop's cart without a browser (F01): storage kept in memory, two products to put in it.
export class MemoryStorage {
  data = new Map<string, string>();
  getItem = (k: string) => this.data.get(k) ?? null;
  setItem = (k: string, v: string) => void this.data.set(k, v);
}

export const tea = { id: 'prodtea00000001', sku: 'TEA-1', name: 'Assam', priceCents: 899 };
export const pot = { id: 'prodpot00000001', sku: 'POT-1', name: 'Glaskanne', priceCents: 2490 };
