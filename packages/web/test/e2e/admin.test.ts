import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { SlipwayClient, isSlipwayError } from '@slipway/sdk';
import { expectAccessible } from './support/axe.js';
import { launchBrowser, openPage, screenshot } from './support/browser.js';
import type { ExpectedHttpError, WatchedPage } from './support/browser.js';
import { ADMIN_PASSWORD, ADMIN_USER, startWebServer } from './support/web-server.js';
import type { WebServer } from './support/web-server.js';

/** With auth on, the page first asks who it is without credentials: 401 by design. */
const ANONYMOUS_WHOAMI: ExpectedHttpError = { path: '/api/v1/auth/whoami', status: 401 };
const USER = 'casey';
const FIRST_PASSWORD = 'casey-password-123';
const PASSWORD = 'casey-new-password-456';
const EXPERIMENT = 'churn-analysis';
const MODEL = 'fraud-scorer';
/** These tests walk several pages each, signing in with scrypt on a shared, busy machine. */
const LONG = 120_000;

async function signIn(page: Page, url: string, username: string, password: string) {
  await page.goto(`${url}/login`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/experiments$/u);
}

async function errorCode(call: Promise<unknown>): Promise<unknown> {
  const err = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  return isSlipwayError(err) ? err.code : err;
}

/** Confirms the modal dialog a button opened, by its confirming button. */
async function confirmDialog(page: Page, title: string, confirm: string): Promise<void> {
  const dialog = page.getByRole('dialog', { name: title });
  await dialog.waitFor();
  await dialog.getByRole('button', { name: confirm, exact: true }).click();
  await dialog.waitFor({ state: 'hidden' });
}

/** The text of one column of the audit table, event rows only. */
function auditColumn(page: Page, column: number): Promise<string[]> {
  return page
    .locator(`.audit-table tbody tr:not(.details-row) > td:nth-child(${column})`)
    .allTextContents();
}

/** Administration with authentication on: users, permissions, tokens and the audit log. */
describe('web UI administration', () => {
  let server: WebServer;
  let browser: Browser;
  let experimentId: string;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startWebServer({ auth: true }), launchBrowser()]);
    experimentId = (await server.admin.experiments.create({ name: EXPERIMENT })).experimentId;
    await server.admin.models.create({ name: MODEL });
    await server.admin.users.create({ username: 'temp-user', password: 'temp-user-password' });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function asAdmin(expected: ExpectedHttpError[] = []): Promise<WatchedPage> {
    const w = await openPage(browser, [ANONYMOUS_WHOAMI, ...expected]);
    await signIn(w.page, server.url, ADMIN_USER, ADMIN_PASSWORD);
    return w;
  }

  it(
    'lets the admin create users, set passwords and roles, and delete with a confirmation',
    async () => {
      const w = await asAdmin([{ path: '/api/v1/users', status: 409 }]);
      const { page } = w;
      await page
        .getByRole('navigation', { name: 'Main' })
        .getByRole('link', { name: 'Admin' })
        .click();
      await page.getByRole('heading', { name: 'Administration', level: 1 }).waitFor();
      await page.getByRole('table', { name: 'Latest changes' }).waitFor();
      await expectAccessible(page, 'the administration overview');
      await screenshot(page, 'admin-overview');

      const adminNav = page.getByRole('navigation', { name: 'Administration' });
      await adminNav.getByRole('link', { name: 'Users' }).click();
      await page.waitForURL(/\/admin\/users$/u);
      const users = page.getByRole('table', { name: 'Users' });
      await users.getByRole('rowheader', { name: /temp-user/u }).waitFor();

      await page.getByLabel('Username').fill(USER);
      await page.getByLabel('Password', { exact: true }).fill(FIRST_PASSWORD);
      await page.getByRole('button', { name: 'Create user' }).click();
      await page.getByText(`Created the user ${USER}.`).waitFor();
      await users.getByRole('rowheader', { name: USER }).waitFor();
      expect((await server.admin.users.get(USER)).isAdmin).toBe(false);

      // The server's refusal is shown as it said it.
      await page.getByLabel('Username').fill(USER);
      await page.getByLabel('Password', { exact: true }).fill(FIRST_PASSWORD);
      await page.getByRole('button', { name: 'Create user' }).click();
      const alert = page.getByRole('alert');
      await alert.waitFor();
      expect(await alert.textContent()).toContain('ALREADY_EXISTS');

      // Self-protection: the admin's own admin flag and account are not offered for removal.
      expect(
        await page.getByRole('button', { name: `Delete user ${ADMIN_USER}` }).isDisabled(),
      ).toBe(true);
      expect(
        await page
          .getByRole('button', { name: `Remove admin rights of ${ADMIN_USER}` })
          .isDisabled(),
      ).toBe(true);
      await page.getByText('You cannot remove your own admin rights').waitFor();

      await page.getByRole('button', { name: `Set password of ${USER}` }).click();
      const passwordDialog = page.getByRole('dialog', { name: `New password for ${USER}` });
      await passwordDialog.getByLabel('New password').fill(PASSWORD);
      await expectAccessible(page, 'the set-password dialog');
      await passwordDialog.getByRole('button', { name: 'Set password' }).click();
      await page.getByText(`Set a new password for ${USER}.`).waitFor();
      const casey = new SlipwayClient({ baseUrl: server.url, username: USER, password: PASSWORD });
      expect((await casey.auth.whoAmI()).username).toBe(USER);

      await page.getByRole('button', { name: `Make admin (${USER})` }).click();
      await confirmDialog(page, `Make ${USER} an admin?`, 'Make admin');
      await page.getByText(`${USER} is now an admin.`).waitFor();
      expect((await server.admin.users.get(USER)).isAdmin).toBe(true);
      await page.getByRole('button', { name: `Remove admin rights of ${USER}` }).click();
      await confirmDialog(page, `Remove ${USER}'s admin rights?`, 'Remove admin');
      await page.getByText(`${USER} is no longer an admin.`).waitFor();
      expect((await server.admin.users.get(USER)).isAdmin).toBe(false);

      // Cancelling keeps the user; confirming deletes them.
      await page.getByRole('button', { name: 'Delete user temp-user' }).click();
      const deleteDialog = page.getByRole('dialog', { name: 'Delete the user temp-user?' });
      await deleteDialog.waitFor();
      await expectAccessible(page, 'the delete confirmation');
      await screenshot(page, 'admin-users-confirm-delete');
      await deleteDialog.getByRole('button', { name: 'Cancel' }).click();
      await deleteDialog.waitFor({ state: 'hidden' });
      expect((await server.admin.users.get('temp-user')).username).toBe('temp-user');
      await page.getByRole('button', { name: 'Delete user temp-user' }).click();
      await confirmDialog(page, 'Delete the user temp-user?', 'Delete user');
      await page.getByText('Deleted the user temp-user.').waitFor();
      await users.getByRole('rowheader', { name: /temp-user/u }).waitFor({ state: 'detached' });
      expect(await errorCode(server.admin.users.get('temp-user'))).toBe('NOT_FOUND');

      await expectAccessible(page, 'the users page');
      await screenshot(page, 'admin-users');
      await w.close();
    },
    LONG,
  );

  it(
    'grants, shows, changes and revokes permissions on an experiment and a model',
    async () => {
      const w = await asAdmin();
      const { page } = w;
      await page.goto(`${server.url}/admin/permissions`);
      await page.getByRole('heading', { name: 'Permissions', level: 1 }).waitFor();
      await page.getByLabel('Name contains').fill('churn');
      await page.getByRole('button', { name: 'Search', exact: true }).click();
      await page
        .getByRole('list', { name: 'Matching experiments' })
        .getByRole('link', { name: EXPERIMENT })
        .click();
      const onExperiment = `Permissions on experiment “${EXPERIMENT}”`;
      await page.getByRole('heading', { name: onExperiment }).waitFor();
      expect(new URL(page.url()).searchParams.get('id')).toBe(experimentId);
      // The creator holds MANAGE from the start.
      const grants = page.getByRole('table', { name: onExperiment });
      await grants.getByRole('rowheader', { name: ADMIN_USER }).waitFor();
      expect(await page.getByLabel(`Permission of ${ADMIN_USER}`).inputValue()).toBe('MANAGE');
      await page.getByLabel('User', { exact: true }).selectOption(USER);
      await page.getByLabel('Permission', { exact: true }).selectOption('READ');
      await page.getByRole('button', { name: 'Grant' }).click();
      await page.getByText(`Gave ${USER} READ on experiment “${EXPERIMENT}”.`).waitFor();
      expect(await page.getByLabel(`Permission of ${USER}`).inputValue()).toBe('READ');
      await expectAccessible(page, 'the permissions of an experiment');
      await screenshot(page, 'admin-permissions-experiment');

      await page.getByLabel('Resource type').selectOption('registered_model');
      await page
        .getByRole('list', { name: 'Matching registered models' })
        .getByRole('link', { name: MODEL })
        .click();
      await page
        .getByRole('heading', { name: `Permissions on registered model “${MODEL}”` })
        .waitFor();
      await page.getByLabel('User', { exact: true }).selectOption(USER);
      await page.getByLabel('Permission', { exact: true }).selectOption('EDIT');
      await page.getByRole('button', { name: 'Grant' }).click();
      await page.getByText(`Gave ${USER} EDIT on registered model “${MODEL}”.`).waitFor();
      expect(await page.getByLabel(`Permission of ${USER}`).inputValue()).toBe('EDIT');
      expect(await server.admin.permissions.list('registered_model', MODEL)).toContainEqual(
        expect.objectContaining({ username: USER, permission: 'EDIT' }),
      );

      // Change the experiment's READ to MANAGE: a shared URL opens the same resource.
      await page.goto(`${server.url}/admin/permissions?type=experiment&id=${experimentId}`);
      await page.getByRole('heading', { name: onExperiment }).waitFor();
      const level = page.getByLabel(`Permission of ${USER}`);
      expect(await level.inputValue()).toBe('READ');
      await level.selectOption('MANAGE');
      await page.getByRole('button', { name: `Save permission of ${USER}` }).click();
      await page
        .getByText(
          `Changed ${USER}'s permission on experiment “${EXPERIMENT}” from READ to MANAGE.`,
        )
        .waitFor();
      expect(await server.admin.permissions.list('experiment', experimentId)).toContainEqual(
        expect.objectContaining({ username: USER, permission: 'MANAGE' }),
      );

      // Revoke the model's EDIT.
      await page.goto(`${server.url}/admin/permissions?type=registered_model&id=${MODEL}`);
      await page.getByRole('button', { name: `Revoke permission of ${USER}` }).click();
      await confirmDialog(
        page,
        `Revoke ${USER}'s EDIT on registered model “${MODEL}”?`,
        'Revoke permission',
      );
      await page.getByText(`Revoked ${USER}'s EDIT on registered model “${MODEL}”.`).waitFor();
      await page
        .getByRole('table', { name: `Permissions on registered model “${MODEL}”` })
        .getByRole('rowheader', { name: USER })
        .waitFor({ state: 'detached' });
      expect(await server.admin.permissions.list('registered_model', MODEL)).toEqual([
        expect.objectContaining({ username: ADMIN_USER, permission: 'MANAGE' }),
      ]);
      await expectAccessible(page, 'the permissions of a model');
      await screenshot(page, 'admin-permissions-model');
      await w.close();
    },
    LONG,
  );

  it(
    'lets a user create a token on /settings/tokens, see its secret once, and revoke it; no Admin for them',
    async () => {
      const w = await openPage(browser, [ANONYMOUS_WHOAMI]);
      const { page, context } = w;
      await signIn(page, server.url, USER, PASSWORD);
      const main = page.getByRole('navigation', { name: 'Main' });
      expect(await main.getByRole('link').allTextContents()).toEqual([
        'Experiments',
        'Models',
        'Deployments',
        'Pipelines',
        'Datasets',
      ]);

      await page.getByRole('link', { name: 'API tokens' }).click();
      await page.waitForURL(/\/settings\/tokens$/u);
      await page.getByRole('heading', { name: 'Your API tokens' }).waitFor();
      await page.getByRole('table', { name: `Active tokens of ${USER}` }).waitFor();
      await expectAccessible(page, 'the own-tokens page');

      await page.getByLabel('Token name').fill('notebook');
      await page.getByLabel('Expires after').selectOption('7');
      await page.getByRole('button', { name: 'Create token' }).click();
      const secretField = page.getByLabel('Token secret');
      await secretField.waitFor();
      const secret = await secretField.inputValue();
      expect(secret).toMatch(/^slw_/u);
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], {
        origin: server.url,
      });
      await page.getByRole('button', { name: 'Copy' }).click();
      await page.getByText('Copied to the clipboard.').waitFor();
      expect(await page.evaluate('navigator.clipboard.readText()')).toBe(secret);
      await expectAccessible(page, 'a new token with its secret');
      await screenshot(page, 'own-tokens-new-secret');

      const withToken = new SlipwayClient({ baseUrl: server.url, token: secret });
      expect((await withToken.auth.whoAmI()).username).toBe(USER);
      const stored = (await server.admin.tokens.list({ username: USER })).find(
        (t) => t.name === 'notebook',
      );
      const days = ((stored?.expiresAt ?? 0) - (stored?.createdAt ?? 0)) / 86_400_000;
      expect(days).toBeCloseTo(7, 3);

      // Shown once: gone after Done, and not there after a reload either.
      await page.getByRole('button', { name: 'Done' }).click();
      await secretField.waitFor({ state: 'detached' });
      await page.reload();
      const active = page.getByRole('table', { name: `Active tokens of ${USER}` });
      await active.getByRole('rowheader', { name: 'notebook' }).waitFor();
      expect(await page.content()).not.toContain(secret);

      await page.getByRole('button', { name: 'Revoke token notebook' }).click();
      await confirmDialog(page, 'Revoke the token “notebook”?', 'Revoke token');
      await page.getByText('Revoked the token “notebook”.').waitFor();
      await page.getByText('Revoked and expired tokens (1)').waitFor();
      expect(await errorCode(withToken.auth.whoAmI())).toBe('UNAUTHENTICATED');
      await expectAccessible(page, 'the own-tokens page after a revocation');
      await screenshot(page, 'own-tokens');

      // Typed admin URLs say "not allowed"; the API refuses anyway.
      for (const path of ['/admin', '/admin/users', '/admin/audit?action=user.']) {
        await page.goto(`${server.url}${path}`);
        await page.getByText('Only administrators can open this page.').waitFor();
      }
      await expectAccessible(page, 'the not-allowed page');
      await screenshot(page, 'admin-not-allowed');
      const asUser = new SlipwayClient({ baseUrl: server.url, username: USER, password: PASSWORD });
      expect(await errorCode(asUser.users.list())).toBe('PERMISSION_DENIED');
      await w.close();
    },
    LONG,
  );

  it(
    "lets the admin see and revoke any user's tokens",
    async () => {
      const w = await asAdmin();
      const { page } = w;
      await page.goto(`${server.url}/admin/tokens`);
      await page.getByText('Choose a user to see their tokens.').waitFor();
      const user = page.getByLabel('User', { exact: true });
      await user.selectOption(USER);
      expect(await user.inputValue()).toBe(USER);
      await expect.poll(() => new URL(page.url()).search).toBe(`?user=${USER}`);
      const active = page.getByRole('table', { name: `Active tokens of ${USER}` });
      const session = active.getByRole('rowheader', { name: /^web session / });
      await session.waitFor();
      const sessionName = (await session.textContent()) ?? '';
      await page.getByText('Revoked and expired tokens (1)').click();
      await page
        .getByRole('table', { name: `Revoked and expired tokens of ${USER}` })
        .getByRole('rowheader', { name: 'notebook' })
        .waitFor();
      await expectAccessible(page, "a user's tokens");
      await screenshot(page, 'admin-tokens');

      await page.getByRole('button', { name: `Revoke token ${sessionName}` }).click();
      await confirmDialog(page, `Revoke the token “${sessionName}”?`, 'Revoke token');
      await page.getByText(`Revoked the token “${sessionName}”.`).waitFor();
      await page.getByText('No active tokens.').waitFor();
      const left = await server.admin.tokens.list({ username: USER });
      expect(left.filter((t) => t.revokedAt === undefined)).toEqual([]);
      await w.close();
    },
    LONG,
  );

  it(
    'shows these actions in the audit log, filtered by action and user in the URL',
    async () => {
      const w = await asAdmin();
      const { page } = w;
      await page
        .getByRole('navigation', { name: 'Main' })
        .getByRole('link', { name: 'Admin' })
        .click();
      await page
        .getByRole('navigation', { name: 'Administration' })
        .getByRole('link', { name: 'Audit log' })
        .click();
      await page.getByRole('heading', { name: 'Audit log' }).waitFor();
      await page.getByRole('table', { name: 'Audit events' }).waitFor();
      const actions = await auditColumn(page, 3);
      for (const action of [
        'user.create',
        'user.update',
        'user.delete',
        'permission.set',
        'permission.delete',
      ]) {
        expect(actions).toContain(action);
      }
      expect(await auditColumn(page, 2)).toContain(ADMIN_USER);
      await expectAccessible(page, 'the audit log');

      await page.getByLabel('Action').fill('permission.set');
      await page.getByRole('button', { name: 'Apply filters' }).click();
      await page.waitForURL(/[?&]action=permission\.set/u);
      await expect.poll(() => auditColumn(page, 3)).toEqual(Array(3).fill('permission.set'));
      expect(new Set(await auditColumn(page, 2))).toEqual(new Set([ADMIN_USER]));
      await page.reload();
      await expect.poll(() => auditColumn(page, 3)).toEqual(Array(3).fill('permission.set'));
      expect(await page.getByLabel('Action').inputValue()).toBe('permission.set');

      // The change READ -> MANAGE, its details opened.
      const resources = await auditColumn(page, 5);
      const changed = resources.indexOf(`experiment/${experimentId}/${USER}`);
      expect(changed).toBe(0);
      await page
        .getByRole('button', {
          name: `Show details of permission.set on experiment/${experimentId}/${USER}`,
        })
        .first()
        .click();
      const details = page.locator('.details-row');
      await details.getByText('Before', { exact: true }).waitFor();
      expect(await details.textContent()).toContain('"permission": "READ"');
      expect(await details.textContent()).toContain('"permission": "MANAGE"');
      await expectAccessible(page, 'the audit log with details open');
      await screenshot(page, 'admin-audit-details');

      await page.getByLabel('Action').fill('');
      await page.getByLabel('User').fill(USER);
      await page.getByRole('button', { name: 'Apply filters' }).click();
      await page.waitForURL(
        (url) => url.searchParams.get('actor') === USER && !url.searchParams.has('action'),
      );
      await expect.poll(async () => new Set(await auditColumn(page, 2))).toEqual(new Set([USER]));
      const userActions = await auditColumn(page, 3);
      expect(userActions).toContain('token.create');
      expect(userActions).toContain('token.revoke');
      await page.reload();
      await expect.poll(async () => new Set(await auditColumn(page, 2))).toEqual(new Set([USER]));
      expect(await page.getByLabel('User').inputValue()).toBe(USER);
      await screenshot(page, 'admin-audit');
      await w.close();
    },
    LONG,
  );
});

/** With authentication off everyone is the anonymous admin: the pages work, tokens are moot. */
describe('web UI administration, authentication off', () => {
  let server: WebServer;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startWebServer(), launchBrowser()]);
    await server.admin.experiments.create({ name: 'open-experiment' });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('opens the admin pages and explains that tokens are not needed', async () => {
    const w = await openPage(browser);
    const { page } = w;
    await page.goto(`${server.url}/admin/users`);
    await page.getByText('No users yet.').waitFor();
    await page.goto(`${server.url}/admin/audit?type=experiment`);
    await page.getByRole('table', { name: 'Audit events' }).waitFor();
    expect(await page.getByLabel('Resource type').inputValue()).toBe('experiment');
    expect(await auditColumn(page, 2)).toContain('anonymous');
    expect(await page.getByRole('link', { name: 'API tokens' }).count()).toBe(0);
    await page.goto(`${server.url}/settings/tokens`);
    await page.getByText('This server runs with authentication off').waitFor();
    await expectAccessible(page, 'the own-tokens page with authentication off');
    await w.close();
  });
});
