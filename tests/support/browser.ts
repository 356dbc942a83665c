// Real Chromium through playwright-core: Debian's /usr/bin/chromium or CHROME_PATH.
import { existsSync } from 'node:fs';
import PocketBase from 'pocketbase';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, inject } from 'vitest';

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

/** The E2E stack's PocketBase as superuser, to arrange data and check what the app wrote. */
export async function superuser(): Promise<PocketBase> {
  const { url, email, password } = inject('pocketbase');
  const pb = new PocketBase(url);
  pb.autoCancellation(false);
  await pb.collection('_superusers').authWithPassword(email, password);
  return pb;
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
