/**
 * Document rendering in Node: one A4 invoice (cold and warm), one thermal
 * receipt, and one combined PDF of 200 packing slips for bulk printing.
 *   npx tsx bench/documents.ts      -> table on stdout, bench-results/documents.json
 */
import { writeResult } from './_lib';
import { renderCombined, renderInvoice, renderReceipt } from '../src/lib/documents/index';
import { aDocumentInput, aLine, anOrder, aPaidInput, someLines } from '../tests/support/documents/factories';

const WARM_RUNS = 30;
const GOAL = { invoice_ms: 50, bulk200_s: 5, bulk200_mb: 10 };

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};
const round = (x: number, digits = 1): number => Math.round(x * 10 ** digits) / 10 ** digits;

async function time(run: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await run();
  return performance.now() - t0;
}

/** First call in the process, then the median of warm calls. */
async function coldAndWarm(run: () => Promise<unknown>): Promise<{ cold: number; warm: number }> {
  const cold = await time(run);
  const warm: number[] = [];
  for (let i = 0; i < WARM_RUNS; i++) warm.push(await time(run));
  return { cold, warm: median(warm) };
}

/** 200 different orders: own number, a handful of lines each, some with notes. */
function bulkSlips(): ReturnType<typeof aDocumentInput>[] {
  return Array.from({ length: 200 }, (_, i) =>
    aDocumentInput({
      order: anOrder({ number: 20000 + i, notes: i % 3 ? [] : ['Bitte ohne Rechnung versenden'] }),
      lines: [...someLines(), ...Array.from({ length: i % 5 }, () => aLine())]
    })
  );
}

async function main(): Promise<void> {
  const invoice = await coldAndWarm(() => renderInvoice(aDocumentInput()));
  const thermal = await coldAndWarm(() => renderReceipt(aPaidInput()));

  const inputs = bulkSlips();
  const t0 = performance.now();
  const bulk = await renderCombined('packing-slip', inputs);
  const bulkSeconds = (performance.now() - t0) / 1000;
  const bulkMb = bulk.byteLength / 1024 / 1024;

  const rows = {
    'A4 invoice (warm)': { value: `${round(invoice.warm)} ms`, cold: `${round(invoice.cold)} ms`, goal: `< ${GOAL.invoice_ms} ms` },
    'thermal receipt (warm)': { value: `${round(thermal.warm)} ms`, cold: `${round(thermal.cold)} ms`, goal: '' },
    '200 packing slips, one PDF': { value: `${round(bulkSeconds, 2)} s`, cold: '', goal: `< ${GOAL.bulk200_s} s` },
    '200 packing slips, size': { value: `${round(bulkMb, 2)} MB`, cold: '', goal: `< ${GOAL.bulk200_mb} MB` }
  };
  console.log('\nDocuments (Node %s, warm = median of %d runs)', process.version, WARM_RUNS);
  console.table(rows);

  const report = writeResult('documents', {
    goal: GOAL,
    invoice_ms: round(invoice.warm),
    invoice_cold_ms: round(invoice.cold),
    thermal_ms: round(thermal.warm),
    thermal_cold_ms: round(thermal.cold),
    bulk200_s: round(bulkSeconds, 2),
    bulk200_mb: round(bulkMb, 2),
    bulk200_pages: inputs.length
  });
  const failed =
    report.invoice_ms >= GOAL.invoice_ms || report.bulk200_s >= GOAL.bulk200_s || report.bulk200_mb >= GOAL.bulk200_mb;
  if (failed) {
    console.log('GOAL MISSED');
    process.exitCode = 1;
  }
}

await main();
