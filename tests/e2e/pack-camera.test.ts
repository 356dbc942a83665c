// E2E (a): the tablet camera scans a real product barcode into the pick list. Chromium's fake
// camera plays a video made here from the demo product's EAN-13 (bwip-js -> PNG -> sharp ->
// YUV 4:2:0 frames in a .y4m file).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import bwipjs from 'bwip-js';
import sharp from 'sharp';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser';
import { baseUrl, demoPackerPin, expectPicked, handOver, handScan, paidOrder, pickLine, registerTablet, superuser, unlock } from './pack-tablet';

const WIDTH = 1280;
const HEIGHT = 720;

/** RGB(A) pixels -> one I420 frame (BT.601): full-size Y, then quarter-size U and V. */
function toI420(rgb: Buffer, width: number, height: number, channels: number): Buffer {
  const y = Buffer.alloc(width * height);
  const u = Buffer.alloc((width / 2) * (height / 2));
  const v = Buffer.alloc((width / 2) * (height / 2));
  for (let row = 0; row < height; row++) {
    for (let col = 0; col < width; col++) {
      const i = (row * width + col) * channels;
      const [r, g, b] = [rgb[i], rgb[i + 1], rgb[i + 2]];
      y[row * width + col] = Math.round(0.257 * r + 0.504 * g + 0.098 * b + 16);
      if (row % 2 === 0 && col % 2 === 0) {
        const j = (row / 2) * (width / 2) + col / 2;
        u[j] = Math.round(-0.148 * r - 0.291 * g + 0.439 * b + 128);
        v[j] = Math.round(0.439 * r - 0.368 * g - 0.071 * b + 128);
      }
    }
  }
  return Buffer.concat([y, u, v]);
}

/** A few seconds of "video" of the barcode held in the middle of the camera's view. */
async function barcodeVideo(ean: string, file: string) {
  const png = await bwipjs.toBuffer!({ bcid: 'ean13', text: ean, scale: 5, height: 22, includetext: true, paddingwidth: 12, paddingheight: 8, backgroundcolor: 'FFFFFF' });
  const code = await sharp(png).resize({ width: Math.round(WIDTH * 0.5) }).toBuffer();
  const meta = await sharp(code).metadata();
  const frame = await sharp({ create: { width: WIDTH, height: HEIGHT, channels: 3, background: { r: 236, g: 232, b: 224 } } })
    .composite([{ input: code, left: Math.round((WIDTH - meta.width!) / 2), top: Math.round((HEIGHT - meta.height!) / 2) }])
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const i420 = toI420(frame.data, WIDTH, HEIGHT, frame.info.channels);
  const header = Buffer.from(`YUV4MPEG2 W${WIDTH} H${HEIGHT} F10:1 Ip A1:1 C420jpeg\n`);
  const frames = Array.from({ length: 20 }, () => [Buffer.from('FRAME\n'), i420]).flat();
  writeFileSync(file, Buffer.concat([header, ...frames]));
}

let browser: Browser;
let dir: string;
let ean: string;
let order: Awaited<ReturnType<typeof paidOrder>>;

beforeAll(async () => {
  const pb = await superuser();
  // Earl Grey from the demo catalogue: its EAN-13 is what the camera will see
  order = await paidOrder(pb, [{ sku: 'TEA-EARL-200', qty: 2 }, { sku: 'HONIG-500', qty: 1 }]);
  ean = order.lines[0].ean;
  dir = mkdtempSync(join(tmpdir(), 'pack-camera-'));
  const video = join(dir, 'earl-grey.y4m');
  await barcodeVideo(ean, video);
  browser = await launchBrowser(['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-video-capture=${video}`]);
});
afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('camera scanning on the tablet (F13)', () => {
  it('scans the product barcode seen by the camera into the pick list, once per item held up', async () => {
    expect(ean).toMatch(/^\d{13}$/);
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await registerTablet(page, `Camera bench ${order.number}`);
    await handOver(page);
    await unlock(page, 'Paul Packer', demoPackerPin());
    await page.goto(`${baseUrl()}/pack/order/${order.order.id}`);
    await page.getByTestId('pick-list').waitFor();
    await expectPicked(page, 'TEA-EARL-200', 0);

    await page.getByRole('button', { name: 'Camera scanner on' }).click();
    await page.locator('video').waitFor();
    await expectPicked(page, 'TEA-EARL-200', 1, 20_000);
    const feedback = page.getByTestId('scan-feedback');
    await expect.poll(() => feedback.getAttribute('data-kind')).toBe('ok');
    await expect.poll(() => feedback.textContent()).toContain('Earl Grey, 200 g: 1 of 2');

    // the same item still in front of the camera is not counted again: the scanner reads it
    // again and again meanwhile and holds each read back (it says how often); after five the
    // pick must still be one
    await expect.poll(async () => Number(await page.locator('.camera-scanner').getAttribute('data-held-back')), { timeout: 20_000 }).toBeGreaterThanOrEqual(5);
    expect(await pickLine(page, 'TEA-EARL-200').getAttribute('data-picked')).toBe('1');
    const pb = await superuser();
    const line = await pb.collection('order_lines').getOne(order.lines[0].line.id);
    expect(line.picked).toBe(1);
    await context.close();
  });

  it('without camera permission the packer is told why, and the hand scanner still works', async () => {
    const denied = await launchBrowser(['--use-fake-device-for-media-stream', '--deny-permission-prompts']);
    try {
      const context = await denied.newContext({ viewport: { width: 1024, height: 1366 } }); // portrait tablet
      const page = await context.newPage();
      await registerTablet(page, `No camera bench ${order.number}`);
      await handOver(page);
      await unlock(page, 'Paul Packer', demoPackerPin());
      await page.goto(`${baseUrl()}/pack/order/${order.order.id}`);
      await page.getByTestId('pick-list').waitFor();
      await page.getByRole('button', { name: 'Camera scanner on' }).click();
      await page.getByRole('alert').getByText(/camera is blocked/i).waitFor({ timeout: 10_000 });
      await handScan(page, 'HONIG-500');
      await expectPicked(page, 'HONIG-500', 1);
      await context.close();
    } finally {
      await denied.close();
    }
  });
});
