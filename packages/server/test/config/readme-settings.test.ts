import { readFile } from 'node:fs/promises';
import { expect, it } from 'vitest';
import { renderSettingsTable } from '@slipway/core';

const README = new URL('../../../../README.md', import.meta.url);
const START = '<!-- settings:start -->';
const END = '<!-- settings:end -->';

it('README lists every server setting as the descriptor list describes it', async () => {
  const readme = await readFile(README, 'utf8');
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  expect(start, `README.md has no ${START} marker`).toBeGreaterThanOrEqual(0);
  expect(end, `README.md has no ${END} marker after ${START}`).toBeGreaterThan(start);
  const section = readme.slice(start + START.length, end).trim();
  expect(section, 'README settings table is stale: run npm run docs:settings').toBe(
    renderSettingsTable().trim(),
  );
});
