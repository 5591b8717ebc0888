// Prints the README's server settings table, or with --write replaces the README section between
// the settings markers. The table itself comes from renderSettingsTable so a test can check it.
import { readFile, writeFile } from 'node:fs/promises';
// The source, not @slipway/core: the table must match the descriptors as they are, built or not.
import { renderSettingsTable } from '../packages/core/src/config/settings-table.js';

const README = new URL('../README.md', import.meta.url);
const START = '<!-- settings:start -->';
const END = '<!-- settings:end -->';

const table = renderSettingsTable();
if (!process.argv.includes('--write')) {
  process.stdout.write(table);
} else {
  const readme = await readFile(README, 'utf8');
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) {
    process.stderr.write(`README.md needs ${START} and, after it, ${END}\n`);
    process.exit(1);
  }
  const updated = `${readme.slice(0, start + START.length)}\n\n${table}\n${readme.slice(end)}`;
  if (updated === readme) {
    process.stdout.write('README.md settings table is up to date.\n');
  } else {
    await writeFile(README, updated);
    process.stdout.write('README.md settings table rewritten.\n');
  }
}
