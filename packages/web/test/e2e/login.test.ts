import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { SlipwayClient, isSlipwayError } from '@slipway/sdk';
import { expectAccessible } from './support/axe.js';
import { launchBrowser, openPage, screenshot } from './support/browser.js';
import type { ExpectedHttpError } from './support/browser.js';
import { ADMIN_PASSWORD, ADMIN_USER, startWebServer } from './support/web-server.js';
import type { WebServer } from './support/web-server.js';

const TOKEN_KEY = 'slipway.session-token';
/** With auth on, the page first asks who it is without credentials: 401 by design. */
const ANONYMOUS_WHOAMI: ExpectedHttpError = { path: '/api/v1/auth/whoami', status: 401 };

async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

async function expectUnauthenticated(call: Promise<unknown>): Promise<void> {
  const err = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isSlipwayError(err) ? err.code : err).toBe('UNAUTHENTICATED');
}

/** The UI against a server with authentication on: login, roles, logout, expired sessions. */
describe('web UI, authentication on', () => {
  let server: WebServer;
  let browser: Browser;
  let experimentId: string;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startWebServer({ auth: true }), launchBrowser()]);
    await server.admin.users.create({ username: 'ada', password: 'ada-password-123' });
    experimentId = (await server.admin.experiments.create({ name: 'risk-scores' })).experimentId;
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('serves a deep link, asks for a login, refuses a wrong password and then goes there', async () => {
    const w = await openPage(browser, [ANONYMOUS_WHOAMI, { path: '/api/v1/tokens', status: 401 }]);
    const { page } = w;
    const response = await page.goto(`${server.url}/experiments/${experimentId}`);
    expect(response?.status()).toBe(200);
    await page.waitForURL(/\/login\?next=/u);
    await page.getByRole('heading', { name: 'Sign in to Slipway' }).waitFor();
    await expectAccessible(page, 'the login page');
    await screenshot(page, 'login-page');

    await signIn(page, 'ada', 'not-the-password');
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('UNAUTHENTICATED');
    await expectAccessible(page, 'the login page with an error');

    await signIn(page, 'ada', 'ada-password-123');
    await page.waitForURL(new RegExp(`/experiments/${experimentId}$`, 'u'));
    await page.getByRole('heading', { name: 'risk-scores' }).waitFor();
    expect(await page.getByTestId('username').textContent()).toBe('ada');
    const nav = page.getByRole('navigation', { name: 'Main' });
    expect(await nav.getByRole('link').allTextContents()).toEqual([
      'Experiments',
      'Models',
      'Deployments',
      'Pipelines',
      'Datasets',
    ]);
    await expectAccessible(page, 'an experiment page, signed in');
    await w.close();
  });

  it('keeps an expiring token in sessionStorage, and logout revokes it', async () => {
    const w = await openPage(browser, [ANONYMOUS_WHOAMI]);
    const { page } = w;
    await page.goto(`${server.url}/experiments`);
    await signIn(page, 'ada', 'ada-password-123');
    await page.getByRole('link', { name: 'risk-scores' }).waitFor();
    const token = (await page.evaluate(`sessionStorage.getItem('${TOKEN_KEY}')`)) as string | null;
    expect(token).toMatch(/^slw_/u);
    expect(await page.evaluate(`localStorage.length`)).toBe(0);
    expect(await w.context.cookies()).toEqual([]);
    const session = new SlipwayClient({ baseUrl: server.url, token: token ?? '' });
    expect((await session.auth.whoAmI()).username).toBe('ada');
    const stored = (await server.admin.tokens.list({ username: 'ada' })).find((t) =>
      t.name.startsWith('web session '),
    );
    expect(stored?.expiresAt).toBeDefined();
    expect((stored?.expiresAt ?? Infinity) - Date.now()).toBeLessThanOrEqual(86_400_000);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to Slipway' }).waitFor();
    expect(await page.evaluate(`sessionStorage.getItem('${TOKEN_KEY}')`)).toBeNull();
    await expectUnauthenticated(session.auth.whoAmI());
    await w.close();
  });

  it('sends the user back to the login page when the API answers 401', async () => {
    const w = await openPage(browser, [
      ANONYMOUS_WHOAMI,
      { path: '/api/v1/experiments', status: 401 },
    ]);
    const { page } = w;
    await page.goto(`${server.url}/experiments/${experimentId}`);
    await signIn(page, 'ada', 'ada-password-123');
    await page.getByRole('heading', { name: 'risk-scores' }).waitFor();
    // The session's token is revoked behind the page's back (an admin, or another tab).
    for (const t of await server.admin.tokens.list({ username: 'ada' })) {
      if (t.revokedAt === undefined) await server.admin.tokens.revoke(t.id);
    }
    await page.getByRole('link', { name: 'Experiments', exact: true }).first().click();
    await page.getByRole('heading', { name: 'Sign in to Slipway' }).waitFor();
    expect(new URL(page.url()).searchParams.get('next')).toBe('/experiments');
    await w.close();
  });

  it('shows administrators the Admin section', async () => {
    const w = await openPage(browser, [ANONYMOUS_WHOAMI]);
    const { page } = w;
    await page.goto(`${server.url}/login`);
    await signIn(page, ADMIN_USER, ADMIN_PASSWORD);
    await page.waitForURL(/\/experiments$/u);
    await page.getByText('admin', { exact: true }).first().waitFor();
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Admin' }).click();
    await page.getByRole('heading', { name: 'Administration' }).waitFor();
    await expectAccessible(page, 'the admin page');
    await screenshot(page, 'admin-page');
    await w.close();
  });
});
