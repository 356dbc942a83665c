/** Looks inside generated PDFs with poppler and qpdf (installed on dev machines and CI). */
import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export async function writeTempPdf(pdf: Uint8Array, name = 'document.pdf'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'packbench-documents-'));
  const path = join(dir, name);
  await writeFile(path, pdf);
  return path;
}

/**
 * Extracted text, laid out (a label and its value stay on one line), with the
 * no-break spaces Intl puts into money made plain.
 */
export async function pdfText(pdf: Uint8Array): Promise<string> {
  const path = await writeTempPdf(pdf);
  const { stdout } = await run('pdftotext', ['-layout', path, '-']);
  return stdout.replace(/[\u00a0\u202f]/g, ' ');
}

/** Text of each page, in order. */
export async function pdfPages(pdf: Uint8Array): Promise<string[]> {
  return (await pdfText(pdf)).split('\f').slice(0, -1);
}

/** Throws with qpdf's complaint unless the file is structurally sound. */
export async function qpdfCheck(pdf: Uint8Array): Promise<string> {
  const path = await writeTempPdf(pdf);
  const { stdout } = await run('qpdf', ['--check', path]);
  return stdout;
}

/** Page sizes in points, from pdfinfo. */
export async function pageSizes(pdf: Uint8Array): Promise<{ width: number; height: number }[]> {
  const path = await writeTempPdf(pdf);
  const { stdout } = await run('pdfinfo', ['-f', '1', '-l', '9999', path]);
  return [...stdout.matchAll(/Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts/g)].map((m) => ({
    width: Number(m[1]),
    height: Number(m[2])
  }));
}

export interface WordBox {
  word: string;
  xMin: number;
  xMax: number;
  yMin: number;
  yMax: number;
}

/** Every word with its box in points, per page (pdftotext -bbox). */
export async function wordBoxes(pdf: Uint8Array): Promise<{ width: number; height: number; words: WordBox[] }[]> {
  const path = await writeTempPdf(pdf);
  const { stdout } = await run('pdftotext', ['-bbox', path, '-'], { maxBuffer: 64 * 1024 * 1024 });
  return stdout.split('<page ').slice(1).map((page) => {
    const size = /width="([\d.]+)" height="([\d.]+)"/.exec(page);
    const words = [...page.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].map(
      (m) => ({ xMin: Number(m[1]), yMin: Number(m[2]), xMax: Number(m[3]), yMax: Number(m[4]), word: m[5] })
    );
    return { width: Number(size?.[1]), height: Number(size?.[2]), words };
  });
}

/** Renders one page to PNG at `dpi`; returns the PNG path. */
export async function rasterise(pdf: Uint8Array, page = 1, dpi = 200): Promise<string> {
  const path = await writeTempPdf(pdf);
  const prefix = path.replace(/\.pdf$/, `-p${page}`);
  await run('pdftoppm', ['-r', String(dpi), '-png', '-f', String(page), '-l', String(page), '-singlefile', path, prefix]);
  return `${prefix}.png`;
}

export const MM = 72 / 25.4;
