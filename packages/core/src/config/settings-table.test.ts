import { describe, expect, it } from 'vitest';
import { settingEnvName } from './server-setting.js';
import { SERVER_SETTINGS } from './server-settings.js';
import { renderSettingsTable } from './settings-table.js';

describe('renderSettingsTable', () => {
  const table = renderSettingsTable();
  const lines = table.trimEnd().split('\n');

  it('has one row per setting with four cells each', () => {
    expect(lines).toHaveLength(SERVER_SETTINGS.length + 2);
    for (const line of lines) {
      expect(line.replaceAll('\\|', '').split('|'), line).toHaveLength(6);
    }
    for (const setting of SERVER_SETTINGS) {
      expect(table).toContain(`\`${settingEnvName(setting)}\``);
    }
  });

  it('escapes what Markdown would eat in a table cell', () => {
    expect(table).toContain(
      '| `--s3-force-path-style <true\\|false>` | `SLIPWAY_S3_FORCE_PATH_STYLE` | `true` |',
    );
    expect(table).toContain('| sqlite:&lt;data-dir>/slipway.db |');
    expect(table).toMatch(/\| environment only \| `SLIPWAY_ADMIN_PASSWORD` \| {2}\|/u);
  });
});
