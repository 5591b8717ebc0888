import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';

/** Debian's chromium (`apt-get install chromium`): never a browser a tool downloaded. */
export const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOTS = fileURLToPath(
  new URL('../../../../../test-artifacts/screenshots/', import.meta.url),
);

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/** A request the test expects to fail, e.g. the anonymous who-am-I call when auth is on. */
export interface ExpectedHttpError {
  /** The request's path, e.g. `/api/v1/auth/whoami`. */
  path: string;
  status: number;
}

export interface WatchedPage {
  page: Page;
  context: BrowserContext;
  /** Console errors and uncaught page errors seen so far. */
  problems: string[];
  /** Fails the test if the page logged an error or threw; then closes its context. */
  close(): Promise<void>;
}

/**
 * A page in a fresh context (its own sessionStorage) that records every console error and
 * uncaught exception, so a test fails on them even when what it checks looks right.
 */
export async function openPage(
  browser: Browser,
  expected: ExpectedHttpError[] = [],
): Promise<WatchedPage> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    // Chromium logs every 4xx answer to a fetch as a console error; only the declared ones pass.
    const failed = /^Failed to load resource: the server responded with a status of (\d+)/u.exec(
      message.text(),
    );
    const path = new URL(message.location().url || 'about:blank').pathname;
    if (
      failed !== null &&
      expected.some((e) => e.path === path && String(e.status) === failed[1])
    ) {
      return;
    }
    problems.push(`console error: ${message.text()} (${message.location().url})`);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  return {
    page,
    context,
    problems,
    async close() {
      await context.close();
      if (problems.length > 0) {
        throw new Error(`The page reported errors:\n${problems.join('\n')}`);
      }
    },
  };
}

/** Saves a full-page screenshot as test-artifacts/screenshots/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOTS, { recursive: true });
  const file = `${name.replace(/[^\w.-]+/gu, '-')}.png`;
  await page.screenshot({ path: join(SCREENSHOTS, file), fullPage: true });
}
