// Issue #14 (F44): running the shop without PocketBase's dashboard, in a real browser.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { completeFirstRun, startEmptyShop } from './empty-shop';
import { signIn, superuser, useBrowser } from '../support/browser';

const browser = useBrowser();
const demo = inject('demo');
const baseUrl = inject('baseUrl');

describe('#14 F44 staff management', () => {
  it('a manager deactivates a staff member and that member’s open browser is signed out at once', async () => {
    const pb = await superuser();
    const password = `pw-${randomBytes(8).toString('hex')}`;
    const email = `clerk-${Date.now()}@packbench.test`;
    await pb.collection('staff').create({ email, name: 'Clara Clerk', role: 'office', active: true, locale: 'en', password, passwordConfirm: password });

    const clerk = await (await browser().newContext()).newPage();
    await signIn(clerk, { email, password });
    await clerk.locator('tr[data-order]').first().waitFor();
    await clerk.getByText('Live', { exact: true }).waitFor(); // its socket is connected

    const manager = await (await browser().newContext()).newPage();
    await signIn(manager, demo.manager);
    await manager.getByRole('group', { name: 'Shop' }).getByRole('link', { name: 'Staff' }).click();
    await manager.waitForURL(/\/staff$/);
    const row = manager.locator(`tr[data-staff="${email}"]`);
    await row.waitFor();
    await row.getByRole('button', { name: 'Deactivate' }).click();
    await manager.locator(`tr[data-staff="${email}"][data-active="false"]`).waitFor();
    await manager.getByTestId('staff-audit').getByText('deactivated Clara Clerk').waitFor();

    // the clerk's browser: signed out without touching anything
    await expect.poll(() => clerk.url(), { timeout: 10_000 }).toMatch(/\/signin\?expired=1$/);
    // and stays out: the old cookie opens nothing
    await clerk.goto(`${baseUrl}/orders`);
    await clerk.waitForURL(/\/signin/);
    await clerk.context().close();
    await manager.context().close();
  });
});

describe('#14 F44 correcting a name or e-mail', () => {
  it('a manager corrects a typo in a name and e-mail; a taken address is named beside the field and nothing typed is lost', async () => {
    const pb = await superuser();
    const password = `pw-${randomBytes(8).toString('hex')}`;
    const tag = randomBytes(3).toString('hex');
    const email = `paket-${tag}@packbench.test`;
    await pb.collection('staff').create({ email, name: 'Pia Paketr', role: 'packer', active: true, locale: 'en', password, passwordConfirm: password });

    const manager = await (await browser().newContext()).newPage();
    await signIn(manager, demo.manager);
    await manager.goto(`${baseUrl}/staff`);
    const row = manager.locator(`tr[data-staff="${email}"]`);
    await row.getByRole('button', { name: 'Edit' }).click();
    const form = row.getByRole('form', { name: 'Name and e-mail of Pia Paketr' });
    await form.locator('input[name="name"]').fill('Pia Paketer');
    await form.locator('input[name="email"]').fill(demo.office.email);
    await form.getByRole('button', { name: 'Save' }).click();
    await form.getByText('Someone already uses this e-mail address.').waitFor();
    // what was typed is still there
    expect(await form.locator('input[name="name"]').inputValue()).toBe('Pia Paketer');
    await form.locator('input[name="email"]').fill(`pia.paketer-${tag}@packbench.test`);
    await form.getByRole('button', { name: 'Save' }).click();
    const renamed = manager.locator(`tr[data-staff="pia.paketer-${tag}@packbench.test"]`);
    await renamed.getByText('Pia Paketer', { exact: true }).waitFor();
    await manager.getByTestId('staff-audit').getByText('corrected the name or e-mail of Pia Paketer').waitFor();
    expect((await pb.collection('staff').getFirstListItem(`email = 'pia.paketer-${tag}@packbench.test'`)).name).toBe('Pia Paketer');
    await manager.context().close();
  });
});

describe('#14 F44 a new staff member', () => {
  it('a manager adds someone, passes on the one-time password once, and they choose their own at the first sign-in', async () => {
    const email = `new-${Date.now()}@packbench.test`;
    const manager = await (await browser().newContext()).newPage();
    await signIn(manager, demo.manager);
    await manager.goto(`${baseUrl}/staff`);
    const form = manager.getByTestId('staff-form');
    await form.getByLabel(/^Name/).fill('Nora New');
    await form.getByLabel(/^E-mail/).fill(email);
    await form.getByLabel('Role').selectOption('office');
    await form.getByLabel('Show a one-time password now').check();
    await form.getByRole('button', { name: 'Add' }).click();
    const shown = manager.getByTestId('one-time-password');
    await shown.waitFor();
    const password = (await shown.locator('code').textContent())!.trim();
    expect(password).toMatch(/^\w{5}-\w{5}-\w{5}$/);
    await manager.locator(`tr[data-staff="${email}"]`).waitFor();
    await shown.getByRole('button').click();
    expect(await manager.getByTestId('one-time-password').count()).toBe(0);

    const nora = await (await browser().newContext()).newPage();
    await nora.goto(`${baseUrl}/signin`);
    await nora.getByLabel(/e-mail/i).fill(email);
    await nora.getByLabel(/password/i).fill(password);
    await nora.getByRole('button', { name: /sign in/i }).click();
    await nora.waitForURL(/\/account\/password/);
    await nora.getByLabel(/^Current/).fill(password);
    await nora.getByLabel(/^New password \(/).fill('noras-own-password');
    await nora.getByLabel('New password again').fill('noras-own-password');
    await nora.getByRole('button', { name: 'Save password' }).click();
    await nora.waitForURL(/\/orders$/);
    await nora.locator('tr[data-order]').first().waitFor();
    await nora.context().close();
    await manager.context().close();
  });
});

describe('#14 first run on an empty shop', () => {
  let shop: Awaited<ReturnType<typeof startEmptyShop>>;

  beforeAll(async () => {
    shop = await startEmptyShop();
  });
  afterAll(async () => {
    await shop?.stop();
  });

  it('F39 the first visit leads to /setup; the owner is created and signed in; afterwards /setup is refused', async () => {
    const page = await (await browser().newContext()).newPage();
    await page.goto(`${shop.app.url}/orders`);
    await page.waitForURL(/\/setup$/);
    await completeFirstRun(page);
    expect(await page.getByTestId('signed-in-as').textContent()).toContain('Frieda First');
    expect(await page.getByLabel('Shop name').inputValue()).toBe('Laden am Markt');
    // the settings hub saves a section on its own, and it stays saved
    const shipping = page.locator('section#shipping');
    await shipping.getByLabel('Shipping fee').fill('5,90');
    await shipping.getByRole('button', { name: 'Save' }).click();
    await shipping.getByRole('status').getByText('Saved.').waitFor();
    await page.reload();
    await page.locator('[data-ready="true"]').waitFor();
    expect(await page.locator('section#shipping').getByLabel('Shipping fee').inputValue()).toBe('5.90');
    // F39: the return window; a wrong entry is named beside the field and kept
    const returns = page.locator('section#returns');
    expect(await returns.getByLabel(/Return window in days/).inputValue()).toBe('30');
    await returns.getByLabel(/Return window in days/).fill('two weeks');
    await returns.getByRole('button', { name: 'Save' }).click();
    await returns.getByText('Enter whole days, e.g. 14 or 30, or leave it empty.').waitFor();
    expect(await returns.getByLabel(/Return window in days/).inputValue()).toBe('two weeks');
    await returns.getByLabel(/Return window in days/).fill('14');
    await returns.getByRole('button', { name: 'Save' }).click();
    await returns.getByRole('status').getByText('Saved.').waitFor();
    await page.reload();
    await page.locator('[data-ready="true"]').waitFor();
    expect(await page.locator('section#returns').getByLabel(/Return window in days/).inputValue()).toBe('14');

    const other = await (await browser().newContext()).newPage();
    await other.goto(`${shop.app.url}/setup`);
    await other.waitForURL(/\/signin$/);
    await other.getByRole('button', { name: /sign in/i }).waitFor();
    await other.context().close();
    await page.context().close();
  });
});

describe('#14 F44 inviting by e-mail', () => {
  it('a manager invites a packer; the e-mailed link sets their password and opens the tablet app; the link works once', async () => {
    const pb = await superuser();
    const email = `invite-${randomBytes(3).toString('hex')}@packbench.test`;
    const manager = await (await browser().newContext()).newPage();
    await signIn(manager, demo.manager);
    await manager.goto(`${baseUrl}/staff`);
    const form = manager.getByTestId('staff-form');
    await form.getByLabel(/^Name/).fill('Ivo Invited');
    await form.getByLabel(/^E-mail/).fill(email);
    await form.getByLabel('Role').selectOption('packer');
    await form.getByRole('button', { name: 'Send invitation' }).click();
    await manager.getByTestId('staff-notice').getByText(`Invitation sent to ${email}.`).waitFor();
    await manager.locator(`tr[data-staff="${email}"] [data-invitation="open"]`).waitFor();

    // the e-mail (no SMTP in the E2E stack: the mailbox) and its one-time link
    const filter = pb.filter('recipient = {:to} && topic = "staff_invitation"', { to: email });
    await expect.poll(async () => (await pb.collection('mailbox').getList(1, 1, { filter })).totalItems, { timeout: 15_000 }).toBe(1);
    const mail = await pb.collection('mailbox').getFirstListItem(filter);
    const token = /\/invite\/([A-Za-z0-9_-]{43})/.exec(mail.text)![1];

    const ivo = await (await browser().newContext()).newPage();
    await ivo.goto(`${baseUrl}/invite/${token}`);
    const page = ivo.getByTestId('invitation');
    await page.getByText(`Choose the password for Ivo Invited (${email}).`).waitFor();
    await page.getByLabel('Password (at least 10 characters)').fill('kurz');
    await page.getByLabel('Password again').fill('kurz');
    await page.getByRole('button', { name: 'Save password and sign in' }).click();
    await page.locator('[aria-invalid="true"][name="password"]').waitFor();
    await page.getByLabel('Password (at least 10 characters)').fill('ivos-eigenes-passwort');
    await page.getByLabel('Password again').fill('ivos-eigenes-passwort');
    await page.getByRole('button', { name: 'Save password and sign in' }).click();
    await ivo.waitForURL(/\/pack/);

    // the link is spent: a second visit says so
    const again = await (await browser().newContext()).newPage();
    await again.goto(`${baseUrl}/invite/${token}`);
    await again.getByRole('alert').getByText(/does not work \(any more\)/).waitFor();

    // the manager's list (read again on focus) no longer waits for Ivo; the audit says he accepted
    await manager.reload();
    await manager.locator(`tr[data-staff="${email}"]`).waitFor();
    expect(await manager.locator(`tr[data-staff="${email}"] [data-invitation]`).count()).toBe(0);
    await manager.getByTestId('staff-audit').getByText('accepted the invitation and chose a password (Ivo Invited)').waitFor();
    for (const p of [manager, ivo, again]) await p.context().close();
  });
});
