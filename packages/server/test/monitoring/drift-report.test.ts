import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { categoricalDistribution, numericalDistribution } from '@slipway/core';
import { chromium } from 'playwright-core';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MonitorRunResult } from '@slipway/core';
import { renderDriftReport } from '../../src/monitoring/report/drift-report-html.js';
import { renderMonitorRunReport } from '../../src/monitoring/report/monitor-run-report-html.js';
import type { DriftReportInput } from '../../src/monitoring/report/drift-report-html.js';

const EVIL = '</script><img src=x onerror="window.__pwned=1">';

function input(): DriftReportInput {
  const ref = Float64Array.from({ length: 500 }, (_, i) => Math.sin(i) * 10);
  const cur = Float64Array.from({ length: 400 }, (_, i) => Math.sin(i) * 10 + 4);
  return {
    referenceName: 'train.csv',
    currentName: 'today.csv',
    referenceRows: 500,
    currentRows: 400,
    datasetDrift: true,
    driftShare: 0.5,
    driftShareThreshold: 0.5,
    generatedAt: new Date('2026-12-07T12:00:00Z'),
    columns: [
      {
        column: 'calm',
        type: 'numerical',
        stattest: 'ks',
        scoreKind: 'p_value',
        score: 0.8,
        threshold: 0.05,
        driftDetected: false,
        distribution: numericalDistribution(ref, ref),
      },
      {
        column: 'shifted',
        type: 'numerical',
        stattest: 'wasserstein',
        scoreKind: 'distance',
        score: 0.9,
        threshold: 0.1,
        driftDetected: true,
        distribution: numericalDistribution(ref, cur),
      },
      {
        column: EVIL,
        type: 'categorical',
        stattest: 'chisquare',
        scoreKind: 'p_value',
        score: 0.01,
        threshold: 0.05,
        driftDetected: true,
        distribution: categoricalDistribution(['a', EVIL, 'b'], ['b', 'b', EVIL]),
      },
      {
        column: 'notes',
        type: 'text',
        driftDetected: false,
        skipped: 'text columns are not tested',
      },
    ],
  };
}

function storedRun(): MonitorRunResult {
  const drift = (shift: number) => {
    const columns = input().columns.slice(0, 3);
    const drifted = shift > 0;
    return {
      datasetDrift: drifted,
      driftShare: drifted ? 2 / 3 : 0,
      driftShareThreshold: 0.5,
      numberOfColumns: 3,
      numberOfDriftedColumns: drifted ? 2 : 0,
      columns: columns.map((c) => ({
        column: c.column,
        type: c.type as 'numerical' | 'categorical',
        stattest: c.stattest as 'ks',
        scoreKind: c.scoreKind!,
        score: c.score!,
        threshold: c.threshold!,
        driftDetected: drifted && c.driftDetected,
        referenceCount: 500,
        currentCount: 400,
        distribution: c.distribution,
      })),
    };
  };
  return {
    id: 'run-1',
    monitor: 'fraud-drift',
    deployment: 'fraud',
    time: Date.UTC(2026, 11, 7, 12),
    windowStart: Date.UTC(2026, 11, 7, 11),
    windowEnd: Date.UTC(2026, 11, 7, 12),
    trigger: 'schedule',
    results: [
      { version: '2', rows: 400, judged: true, drift: drift(1) },
      { version: null, rows: 800, judged: true, drift: drift(0) },
      { version: '3', rows: 4, judged: false, skipped: '4 predictions, fewer than minRows (30).' },
    ],
  };
}

describe('the HTML drift report', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'slipway-report-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** Opens the report in a real browser with no network at all: the file must not need any. */
  async function inBrowser(
    html: string,
    check: (page: Page, errors: string[]) => Promise<void>,
  ): Promise<void> {
    const path = join(dir, 'report.html');
    await writeFile(path, html);
    const browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      await page.route('**', (route) =>
        route.request().url().startsWith('file:') ? route.continue() : route.abort(),
      );
      await page.goto(pathToFileURL(path).href);
      await check(page, errors);
    } finally {
      await browser.close();
    }
  }

  it('is one file that draws every distribution in a real browser, strongest drift first', async () => {
    const html = await renderDriftReport(input());
    expect(html).not.toMatch(/<script[^>]+src=/u);
    expect(html).not.toMatch(/<link[^>]+href=/u);
    await inBrowser(html, async (page, errors) => {
      await expect.poll(() => page.locator('.chart canvas').count()).toBe(3);
      expect(errors).toEqual([]);
      expect(await page.evaluate('window.__pwned')).toBeUndefined();
      const order = await page.locator('tbody tr td:first-child').allTextContents();
      // wasserstein 0.9 / 0.1 = 9x its threshold; chisquare 0.05 / 0.01 = 5x; ks not drifted; skipped last.
      expect(order).toEqual(['shifted', EVIL, 'calm', 'notes']);
      await expect
        .poll(() => page.locator('.verdict').textContent())
        .toContain('Dataset drift detected: 2 of 3 columns drifted');
      expect(await page.locator('section#col-3').textContent()).toContain(
        'Skipped: text columns are not tested',
      );
    });
  });

  it('draws a stored monitor run per version, all traffic first, from its stored distributions', async () => {
    const html = await renderMonitorRunReport({ run: storedRun() });
    expect(html).not.toMatch(/<script[^>]+src=/u);
    await inBrowser(html, async (page, errors) => {
      // Two judged versions of three drawn columns each.
      await expect.poll(() => page.locator('.chart canvas').count()).toBe(6);
      expect(errors).toEqual([]);
      expect(await page.evaluate('window.__pwned')).toBeUndefined();
      expect(await page.locator('article h2').allTextContents()).toEqual([
        'All traffic 800 predictions',
        'Version 2 400 predictions',
        'Version 3 4 predictions',
      ]);
      expect(await page.locator('#v1 tbody tr td:first-child').allTextContents()).toEqual([
        'shifted',
        EVIL,
        'calm',
      ]);
      expect(await page.locator('#v1 .verdict').textContent()).toContain(
        'Dataset drift detected: 2 of 3 columns drifted',
      );
      expect(await page.locator('#v2').textContent()).toContain('Not judged: 4 predictions');
      expect(await page.locator('#v1-col-0 h5').textContent()).toContain('shifted');
    });
  });
});
