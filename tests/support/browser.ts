// Real Chromium through playwright-core: Debian's /usr/bin/chromium or CHROME_PATH.
import { existsSync } from 'node:fs';
import type PocketBase from 'pocketbase';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, inject } from 'vitest';
import { superuserClient } from './payments';

export function chromePath(): string {
  const candidates = [process.env.CHROME_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].filter(Boolean) as string[];
  const found = candidates.find((p) => existsSync(p));
  if (!found) {
    throw new Error(
      `No Chromium found (looked at ${candidates.join(', ')}). Install it with \`apt-get install chromium\` or set CHROME_PATH. ` +
        'E2E tests are never skipped silently.'
    );
  }
  return found;
}

export function launchBrowser(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: chromePath(),
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', ...extraArgs]
  });
}

export async function signIn(page: Page, who: { email: string; password: string }) {
  await page.goto(`${inject('baseUrl')}/signin`);
  await page.getByLabel(/e-mail/i).fill(who.email);
  await page.getByLabel(/password|passwort/i).fill(who.password);
  await page.getByRole('button', { name: /sign in|anmelden/i }).click();
  // office roles land on the queue, packers in the tablet app
  await page.waitForURL(/\/(orders|pack)/);
}

/** Each person signed in, in a browser context of their own, on `url`; close with page.context().close(). */
export function signedInOn(browser: Browser, url: string, ...people: { email: string; password: string }[]): Promise<Page[]> {
  return Promise.all(
    people.map(async (who) => {
      const page = await (await browser.newContext()).newPage();
      await signIn(page, who);
      await page.goto(url);
      return page;
    })
  );
}

/** The E2E stack's PocketBase as superuser, to arrange data and check what the app wrote. */
export function superuser(): Promise<PocketBase> {
  return superuserClient(inject('pocketbase'));
}

/** One Chromium for the file's tests; call the returned function inside a test. */
export function useBrowser(extraArgs: string[] = []): () => Browser {
  let browser: Browser | null = null;
  beforeAll(async () => {
    browser = await launchBrowser(extraArgs);
  });
  afterAll(async () => {
    await browser?.close();
  });
  return () => {
    if (!browser) throw new Error('useBrowser(): the browser is only there inside tests');
    return browser;
  };
}
