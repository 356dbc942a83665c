// Issue #12, finding 9: reading order numbers out of remittance text must be linear in the
// text length (100 KB once took 1.25 s), and must find the same numbers and keywords as before.
import { describe, expect, it } from 'vitest';
import { orderNumbersIn } from './match';

/** the former matcher, which tested the keyword against the whole text before each number */
function quadraticReference(text: string): { number: number; keyword: boolean }[] {
  const keyword = /(?:#|nr\.?|no\.?|best(?:ellung|\.)?|order|auftrag|rechnung|invoice)\s*:?\s*$/i;
  const found: { number: number; keyword: boolean }[] = [];
  for (const m of text.matchAll(/(?<!\d)(\d{1,9})(?!\d)/g)) {
    const number = Number(m[1]);
    if (number < 1 || found.some((f) => f.number === number)) continue;
    found.push({ number, keyword: keyword.test(text.slice(0, m.index)) });
  }
  return found;
}

function remittance(bytes: number): string {
  const parts: string[] = [];
  let length = 0;
  for (let i = 0; length < bytes; i++) {
    const part = `Bestellung ${1000 + i} Rechnung:  ${i} IBAN DE89370400440532013000 Nr.\t${i * 7}   `;
    parts.push(part);
    length += part.length;
  }
  return parts.join('');
}

/** the best of a few runs, so a busy machine slows a run down but not the figure */
function fastestMs(text: string): number {
  let best = Infinity;
  for (let run = 0; run < 3; run++) {
    const start = performance.now();
    orderNumbersIn(text);
    best = Math.min(best, performance.now() - start);
  }
  return best;
}

describe('remittance text matching is linear (issue #12 finding 9, F09)', () => {
  it('finds the same numbers and keywords as the former matcher', () => {
    const pieces = ['Bestellung', 'best.', 'Nr.', 'no', '#', 'order', 'Rechnung', 'invoice', ':', ' ', '  ', '\n', 'x', 'RE-', '1005', '0', '42', '1234567890', 'Danke'];
    let seed = 12;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let sample = 0; sample < 2000; sample++) {
      const text = Array.from({ length: 1 + Math.floor(random() * 12) }, () => pieces[Math.floor(random() * pieces.length)]).join('');
      expect(orderNumbersIn(text), text).toEqual(quadraticReference(text));
    }
  });

  it('takes about twenty times as long for 1 MB as for 50 KB, not four hundred times', () => {
    const small = remittance(50 * 1024);
    const large = remittance(1024 * 1024);
    expect(orderNumbersIn(large).length).toBeGreaterThan(orderNumbersIn(small).length * 10);
    fastestMs(small); // warm the JIT up first
    const ratio = fastestMs(large) / Math.max(fastestMs(small), 0.5);
    // linear gives about 20, quadratic about 400: the bound leaves room for a busy machine
    // (a complexity check, not a speed goal; the speed is in the reconcile benchmark)
    expect(ratio).toBeLessThan(150);
  });
});
