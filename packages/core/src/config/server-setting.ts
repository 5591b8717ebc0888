import type { z } from 'zod';

/** Sections of `slipway server --help` and of the README table, in the order they appear. */
export const SERVER_SETTING_GROUPS = {
  server: 'Server',
  storage: 'Storage',
  serving: 'Serving',
  auth: 'Access control',
} as const;

export type ServerSettingGroup = keyof typeof SERVER_SETTING_GROUPS;

/**
 * One server setting, described once: the config field, how its value is parsed, and what help
 * and the README say about it. The environment variable and the flag derive from the key.
 */
export interface ServerSetting<K extends string = string, S extends z.ZodType = z.ZodType> {
  /** The field of the server configuration, camelCase. */
  readonly key: K;
  /** Parses the value from a string (environment, command line) or from a typed value. */
  readonly schema: S;
  /** What the setting does: a lower-case phrase, no final period, since help appends the default. */
  readonly description: string;
  /**
   * The default as help shows it, when the schema's own default is not the whole story (derived
   * from another setting, computed, or absent meaning off). Omitted: the schema's default value.
   */
  readonly default?: string;
  /**
   * The command-line flag, when it is not `--kebab-case(key)`; `false` for a setting read from the
   * environment only (a password on the command line is visible to every user of the machine).
   */
  readonly flag?: `--${string}` | false;
  /** The environment variable, when it is not `SLIPWAY_` + UPPER_SNAKE(key). */
  readonly env?: string;
  /** The placeholder after the flag in help, e.g. `<ms>`; default `<value>`. */
  readonly valueName?: string;
  /** Help and README section; default `server`. */
  readonly group?: ServerSettingGroup;
  /** Never printed: no default shown, and redactServerConfig hides its value. */
  readonly secret?: boolean;
}

/** `SLIPWAY_` + UPPER_SNAKE(key), unless the setting names its own variable. */
export function settingEnvName(setting: ServerSetting): string {
  return setting.env ?? `SLIPWAY_${splitWords(setting.key).join('_').toUpperCase()}`;
}

/** `--kebab-case(key)` unless overridden; undefined for a setting read from the environment only. */
export function settingFlagName(setting: ServerSetting): string | undefined {
  if (setting.flag === false) return undefined;
  return setting.flag ?? `--${splitWords(setting.key).join('-').toLowerCase()}`;
}

export function isEnvOnly(setting: ServerSetting): boolean {
  return setting.flag === false;
}

export function settingValueName(setting: ServerSetting): string {
  return setting.valueName ?? '<value>';
}

export function settingGroup(setting: ServerSetting): ServerSettingGroup {
  return setting.group ?? 'server';
}

/** The default as help shows it, or undefined when there is none to show (or it is secret). */
export function settingDefaultText(setting: ServerSetting): string | undefined {
  if (setting.default !== undefined) return setting.default;
  if (setting.secret === true) return undefined;
  // The schema's default is the one that applies, so help cannot drift from it.
  const parsed = setting.schema.safeParse(undefined);
  return parsed.success && parsed.data !== undefined ? String(parsed.data) : undefined;
}

/** `s3EndpointUrl` -> [s3, Endpoint, Url]: a word starts at each capital letter. */
function splitWords(key: string): string[] {
  return key.split(/(?=[A-Z])/u);
}
