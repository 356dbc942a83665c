// Issue #12, finding 2: a packer's view carries no customer contact, price, payment or token.
// Walks a response and lists every key path that names such a field.
const SENSITIVE = /^(e-?mail|phone|recipient)$|price|cents|amount|payment|token|trackingpath|paypath/i;

export function sensitiveKeys(value: unknown, path = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => sensitiveKeys(v, `${path}[${i}]`));
  if (value === null || typeof value !== 'object' || value instanceof Date) return [];
  return Object.entries(value).flatMap(([k, v]) => [...(SENSITIVE.test(k) ? [`${path}.${k}`] : []), ...sensitiveKeys(v, `${path}.${k}`)]);
}
