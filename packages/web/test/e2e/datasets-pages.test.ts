import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { expectAccessible } from './support/axe.js';
import { launchBrowser, openPage, screenshot } from './support/browser.js';
import { startWebServer } from './support/web-server.js';
import type { WebServer } from './support/web-server.js';

/** Pages load their data after navigation; allow more than expect.poll's 1 s default. */
const POLL = { timeout: 10_000 };
const V1 = 'id,city,amount\n1,Oslo,10\n2,Bergen,20\n3,Oslo,\n';
const V2 = 'id,city,amount\n1,Oslo,10\n2,Bergen,20\n3,Oslo,30\n4,Oslo,40\n';
const NOTES = '{"note":"a"}\n{"note":"b"}\n';

/** The text of one figure of a column's profile row. */
const figure = (page: Page, file: string, column: string, name: string) =>
  page
    .locator(`[data-profile="${file}"] tr[data-column="${column}"] [data-figure="${name}"]`)
    .textContent();

describe('datasets pages', () => {
  let server: WebServer;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startWebServer(), launchBrowser()]);
    const { admin } = server;
    await admin.datasets.add('transactions', [{ path: 'train.csv', body: V1 }], {
      description: 'March export',
    });
    await admin.datasets.add('transactions', [
      { path: 'train.csv', body: V2 },
      { path: 'notes/extra.jsonl', body: NOTES },
    ]);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('lists datasets and a dataset’s versions, newest first', async () => {
    const w = await openPage(browser);
    const { page } = w;
    await page.goto(`${server.url}/experiments`);
    await page.getByRole('link', { name: 'Datasets', exact: true }).click();
    const row = page.locator('tr[data-dataset="transactions"]');
    await expect.poll(() => row.locator('td').nth(1).textContent(), POLL).toContain('2');
    await expectAccessible(page, 'the datasets page');
    await row.getByRole('link', { name: 'transactions', exact: true }).click();
    await page.waitForURL('**/datasets/transactions');
    const versions = page.locator('tr[data-version]');
    await expect.poll(() => versions.count(), POLL).toBe(2);
    expect(await versions.first().getAttribute('data-version')).toBe('2');
    const v1 = page.locator('tr[data-version="1"]');
    expect(await v1.textContent()).toContain('March export');
    // Rows, size and files of version 1: three rows, one file of V1's bytes.
    const cells = await v1.locator('td').allTextContents();
    expect(cells[2]).toBe('3');
    expect(cells[3]).toBe(`${V1.length} bytes`);
    expect(cells[4]).toBe('1');
    expect(cells[6]).toBe('anonymous');
    await expectAccessible(page, 'a dataset’s versions');
    await screenshot(page, 'dataset-versions');
    await w.close();
  });

  it('shows a version’s files, schema and profile, and downloads a file', async () => {
    const w = await openPage(browser);
    const { page } = w;
    await page.goto(`${server.url}/datasets/transactions/versions/1`);
    await expect
      .poll(() => page.locator('tr[data-file="train.csv"]').textContent(), POLL)
      .toContain('csv');
    const schema = await page.locator('.ds-schema tbody tr').allTextContents();
    expect(schema).toEqual(['idinteger', 'citystring', 'amountinteger']);
    // amount: 2 values and 1 null; the mean of 10 and 20.
    expect(await figure(page, 'train.csv', 'amount', 'count')).toBe('2');
    expect(await figure(page, 'train.csv', 'amount', 'nulls')).toContain('1');
    expect(await figure(page, 'train.csv', 'amount', 'min')).toBe('10');
    expect(await figure(page, 'train.csv', 'amount', 'max')).toBe('20');
    expect(await figure(page, 'train.csv', 'amount', 'mean')).toBe('15');
    // city: its categories, the most frequent first.
    const top = await figure(page, 'train.csv', 'city', 'top');
    expect(top).toMatch(/Oslo × 2.*Bergen × 1/u);
    await expectAccessible(page, 'a dataset version');
    await screenshot(page, 'dataset-version');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download train.csv' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('train.csv');
    expect(await readFile((await download.path())!, 'utf8')).toBe(V1);

    // Version 2: two files, each profiled on its own.
    await page.goto(`${server.url}/datasets/transactions/versions/2`);
    await expect.poll(() => page.locator('tr[data-file]').count(), POLL).toBe(2);
    await expect.poll(() => figure(page, 'train.csv', 'amount', 'mean'), POLL).toBe('25');
    expect(await page.locator('[data-profile="notes/extra.jsonl"]').textContent()).toContain(
      'note',
    );
    await expectAccessible(page, 'a two-file dataset version');
    await w.close();
  });
});
