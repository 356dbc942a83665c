// An app server on an empty PocketBase in production mode (no demo data), for the E2E files that
// start a shop from nothing (#14), and the first run's form as a new merchant fills it in.
import type { Page } from 'playwright-core';
import { startAppServer } from '../../scripts/lib/app-server.js';
import { freePort, startTestPocketBase } from '../../scripts/lib/pocketbase.js';

export async function startEmptyShop() {
  const pb = await startTestPocketBase();
  const app = startAppServer({
    env: { PACKBENCH_MODE: 'production', POCKETBASE_URL: pb.url, PB_SUPERUSER_EMAIL: pb.email, PB_SUPERUSER_PASSWORD: pb.password },
    port: await freePort(),
    stdio: process.env.E2E_LOG ? 'inherit' : 'ignore'
  });
  await app.ready;
  return {
    pb,
    app,
    stop: async () => {
      await app.stop();
      await pb.stop();
    }
  };
}

/** The owner of the first run and the password they choose. */
export const FIRST_OWNER = { name: 'Frieda First', email: 'frieda@laden.example', password: 'a-long-password' };

/** Fills in the first run on `page` (at /setup) and waits for the settings hub it leads to. */
export async function completeFirstRun(page: Page) {
  await page.getByLabel('Your name').fill(FIRST_OWNER.name);
  await page.getByLabel('Your e-mail (to sign in)').fill(FIRST_OWNER.email);
  await page.getByLabel(/^Password/).fill(FIRST_OWNER.password);
  await page.getByLabel('Shop name').fill('Laden am Markt');
  await page.getByLabel(/^Shop e-mail/).fill('laden@laden.example');
  await page.getByLabel('VAT ID').fill('DE123456789');
  await page.getByLabel(/^Time zone/).fill('Europe/Berlin');
  await page.getByLabel('Street').fill('Markt 1');
  await page.getByLabel('Postcode').fill('04109');
  await page.getByLabel('City').fill('Leipzig');
  await page.getByLabel(/^Country/).fill('DE');
  await page.getByRole('button', { name: 'Create the shop' }).click();
  await page.waitForURL(/\/settings$/);
  await page.locator('[data-ready="true"]').waitFor();
}
