import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const AXE_SOURCE = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: unknown[]; failureSummary?: string }>;
}

/**
 * Runs axe-core (WCAG 2.x A and AA rules, and best practices) on the page as it is now, and
 * fails with every violation listed: rule, impact, what to fix and where.
 */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  // Evaluated through the DevTools protocol rather than added as a <script> (addScriptTag): the
  // UI's Content-Security-Policy refuses inline scripts, and the test keeps that policy on.
  await page.evaluate(`${AXE_SOURCE}\n;undefined`);
  // A string, so this file needs no DOM types; it runs in the page.
  const violations = (await page.evaluate(
    `axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations)`,
  )) as AxeViolation[];
  if (violations.length === 0) return;
  const lines = violations.map(
    (v) =>
      `- ${v.id} (${v.impact ?? 'unknown'}): ${v.help}\n${v.nodes
        .map((n) => `    at ${JSON.stringify(n.target)}: ${n.failureSummary ?? ''}`)
        .join('\n')}`,
  );
  throw new Error(`axe found accessibility violations on ${what}:\n${lines.join('\n')}`);
}
