// Issue #12 finding 7: pages are served with a Content-Security-Policy (SvelteKit's, with a
// nonce for its boot script), frame-ancestors, nosniff and a referrer policy, and the app
// still works under it: sign-in, the live socket, the shop. A CSP violation shows up as a
// `securitypolicyviolation` event and a console error; neither may happen.
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { startAppServer } from '../../scripts/lib/app-server.js';
import { freePort } from '../../scripts/lib/pocketbase.js';
import { useBrowser } from '../support/browser';

const browser = useBrowser();
const baseUrl = inject('baseUrl');
const demo = inject('demo');
const pocketbase = inject('pocketbase');

/** Records every CSP violation of the page, from the first script on. */
async function watchViolations(page: Page) {
  const violations: string[] = [];
  await page.exposeFunction('__cspViolation', (v: string) => violations.push(v));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => (window as unknown as { __cspViolation(v: string): void }).__cspViolation(`${e.violatedDirective} ${e.blockedURI}`));
  });
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
  return violations;
}

describe('issue #12 finding 7: security headers and CSP', () => {
  it('/signin carries the CSP and the other headers, and signing in (with the live socket) works under it', async () => {
    const page = await (await browser().newContext()).newPage();
    const violations = await watchViolations(page);
    const response = (await page.goto(`${baseUrl}/signin`))!;
    const headers = response.headers();
    const csp = headers['content-security-policy'];
    expect(csp).toMatch(/script-src 'self' 'wasm-unsafe-eval' 'nonce-[^']+'/);
    expect(csp).toContain("frame-ancestors 'self'");
    expect(csp).toContain("default-src 'self'");
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['referrer-policy']).toBe('same-origin');
    // plain http here: no HSTS (it is set only over https)
    expect(headers['strict-transport-security']).toBeUndefined();

    // listen from the socket's first frame on (the next one would be a ping 25 s later)
    const socketTalks = new Promise<void>((resolve) =>
      page.on('websocket', (ws) => {
        if (ws.url().includes('/socket.io/')) ws.on('framereceived', () => resolve());
      })
    );
    await page.getByLabel(/e-mail/i).fill(demo.office.email);
    await page.getByLabel(/password|passwort/i).fill(demo.office.password);
    await page.getByRole('button', { name: /sign in|anmelden/i }).click();
    await page.waitForURL(/\/orders/);
    await page.locator('tr[data-order]').first().waitFor();
    await socketTalks;
    expect(violations).toEqual([]);
    await page.context().close();
  });

  it('the shop works under the CSP: products load and the cart fills', async () => {
    const page = await (await browser().newContext()).newPage();
    const violations = await watchViolations(page);
    const response = (await page.goto(`${baseUrl}/shop`))!;
    expect(response.headers()['content-security-policy']).toContain("default-src 'self'");
    const tea = page.locator('[data-sku="TEA-EARL-200"]');
    await tea.getByRole('button', { name: 'Add to cart' }).click();
    await page.getByTestId('cart-link').getByText(/Cart \(1 item/).waitFor();
    expect(violations).toEqual([]);
    await page.context().close();
  });

  it('sends HSTS only when a trusted proxy says the request came over https (PROTOCOL_HEADER)', async () => {
    const app = startAppServer({
      env: { POCKETBASE_URL: pocketbase.url, PB_SUPERUSER_EMAIL: pocketbase.email, PB_SUPERUSER_PASSWORD: pocketbase.password, PROTOCOL_HEADER: 'x-forwarded-proto' },
      port: await freePort(),
      stdio: 'ignore'
    });
    try {
      await app.ready;
      const viaHttps = await fetch(`${app.url}/signin`, { headers: { 'x-forwarded-proto': 'https' } });
      expect(viaHttps.headers.get('strict-transport-security')).toBe('max-age=31536000');
      const viaHttp = await fetch(`${app.url}/signin`, { headers: { 'x-forwarded-proto': 'http' } });
      expect(viaHttp.headers.get('strict-transport-security')).toBeNull();
    } finally {
      await app.stop();
    }
  });
});
