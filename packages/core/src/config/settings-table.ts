import {
  SERVER_SETTING_GROUPS,
  settingDefaultText,
  settingEnvName,
  settingFlagName,
  settingGroup,
  settingValueName,
} from './server-setting.js';
import type { ServerSetting } from './server-setting.js';
import { SERVER_SETTINGS } from './server-settings.js';

const GROUP_ORDER = Object.keys(SERVER_SETTING_GROUPS);

/**
 * The README's settings table (Markdown), one row per setting: flag, environment variable, default,
 * description. Kept pure so a test can compare it with the README without the script's file I/O.
 */
export function renderSettingsTable(settings: readonly ServerSetting[] = SERVER_SETTINGS): string {
  const ordered = [...settings].sort(
    (a, b) => GROUP_ORDER.indexOf(settingGroup(a)) - GROUP_ORDER.indexOf(settingGroup(b)),
  );
  const rows = ordered.map((setting) => {
    const flag = settingFlagName(setting);
    const cells = [
      flag === undefined ? 'environment only' : code(`${flag} ${settingValueName(setting)}`),
      code(settingEnvName(setting)),
      defaultCell(setting),
      sentence(setting.description),
    ];
    return `| ${cells.join(' | ')} |`;
  });
  return ['| flag | environment | default | description |', '| --- | --- | --- | --- |', ...rows]
    .join('\n')
    .concat('\n');
}

/** A value the schema itself defaults to is a literal; a written default is prose. */
function defaultCell(setting: ServerSetting): string {
  const text = settingDefaultText(setting);
  if (text === undefined) return '';
  return setting.default === undefined ? code(text) : prose(text);
}

function sentence(text: string): string {
  return prose(text.charAt(0).toUpperCase() + text.slice(1));
}

// In a table cell `|` ends the cell even inside a code span, and `<dir>` outside one is an HTML tag.
function code(text: string): string {
  return `\`${text.replaceAll('|', '\\|')}\``;
}

function prose(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('|', '\\|');
}
