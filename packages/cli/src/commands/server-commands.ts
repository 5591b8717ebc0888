import { Command, Help, Option } from 'commander';
import {
  SERVER_SETTINGS,
  SERVER_SETTING_GROUPS,
  isEnvOnly,
  settingDefaultText,
  settingEnvName,
  settingFlagName,
  settingGroup,
  settingValueName,
} from '@slipway/core';
import type { ServerSetting, ServerSettingKey } from '@slipway/core';
import type { ServerConfig } from '@slipway/server';
import type { CliIo } from '../cli-io.js';
import { toJson } from '../output.js';
import { UsageError } from '../usage-error.js';

// The settings `db upgrade` needs to find the database (and nothing about serving).
const DB_UPGRADE_KEYS: readonly ServerSettingKey[] = ['dataDir', 'backendStoreUri', 'artifactsUri'];
const DB_UPGRADE_SETTINGS = SERVER_SETTINGS.filter((s) => DB_UPGRADE_KEYS.includes(s.key));

type LoadConfig = (
  flags: Record<string, unknown>,
  env: Record<string, string | undefined>,
) => ServerConfig;

export function serverCommand(io: CliIo): Command {
  return addSettingOptions(new Command('server'), SERVER_SETTINGS)
    .description('Run the Slipway server until SIGTERM or SIGINT')
    .addHelpText('after', envOnlyHelp(SERVER_SETTINGS))
    .action(async (options: Record<string, unknown>) => {
      // Loaded only here so client commands never pay for (or need) the server's dependencies.
      const server = await import('@slipway/server');
      const config = loadConfig(server.loadServerConfig, settingFlags(options), io);
      await server.serveUntilSignal(config, (running) => {
        io.stdout.write(`Slipway server listening on ${running.url}\n`);
        if (running.grpcPort !== undefined) {
          io.stdout.write(`Inference gRPC listening on port ${running.grpcPort}\n`);
        }
      });
    });
}

export function dbCommand(io: CliIo): Command {
  const db = new Command('db').description('Database maintenance');
  addSettingOptions(db.command('upgrade'), DB_UPGRADE_SETTINGS)
    .description('Apply pending schema migrations')
    .option('--json', 'print machine-readable JSON')
    .action(async (options: Record<string, unknown>) => {
      const server = await import('@slipway/server');
      const flags = settingFlags(options, DB_UPGRADE_SETTINGS);
      const config = loadConfig(server.loadServerConfig, flags, io);
      const report = await server.upgradeDatabase(config.backendStoreUri);
      const store = redact(config.backendStoreUri);
      if (options['json'] === true) {
        io.stdout.write(`${toJson({ backendStoreUri: store, applied: report.applied })}\n`);
      } else if (report.applied.length === 0) {
        io.stdout.write(`Database ${store} is up to date.\n`);
      } else {
        io.stdout.write(
          [
            `Applied ${report.applied.length} migration(s) to ${store}:`,
            ...report.applied.map((m) => `  ${m}`),
          ].join('\n') + '\n',
        );
      }
    });
  return db;
}

/**
 * Parsed commander options back to config keys, for loadServerConfig. Options left out stay out, so
 * the SLIPWAY_* variables still apply: no option has a commander default for that reason.
 */
export function settingFlags(
  options: Record<string, unknown>,
  settings: readonly ServerSetting[] = SERVER_SETTINGS,
): Record<string, unknown> {
  const flags: Record<string, unknown> = {};
  for (const setting of settings) {
    const flag = settingFlagName(setting);
    if (flag === undefined) continue;
    // Commander's own naming rule, so a flag that differs from its key still maps back.
    const value = options[new Option(flag).attributeName()];
    if (value !== undefined) flags[setting.key] = value;
  }
  return flags;
}

function addSettingOptions(command: Command, settings: readonly ServerSetting[]): Command {
  for (const setting of settings) {
    const flag = settingFlagName(setting);
    if (flag === undefined) continue;
    const option = new Option(`${flag} ${settingValueName(setting)}`, settingHelp(setting));
    command.addOption(option.helpGroup(`${SERVER_SETTING_GROUPS[settingGroup(setting)]} options:`));
  }
  return command;
}

function settingHelp(setting: ServerSetting): string {
  const fallback = settingDefaultText(setting);
  const env = `env ${settingEnvName(setting)}`;
  return `${setting.description} (${fallback === undefined ? env : `default ${fallback}, ${env}`})`;
}

/** Settings without a flag still belong in --help, or nobody finds them. */
function envOnlyHelp(settings: readonly ServerSetting[]): string {
  const envOnly = settings.filter(isEnvOnly);
  if (envOnly.length === 0) return '';
  const help = new Help();
  const width = Math.max(...envOnly.map((s) => settingEnvName(s).length));
  const items = envOnly.map((s) => help.formatItem(settingEnvName(s), width, s.description, help));
  return ['', 'Environment only:', ...items].join('\n');
}

function loadConfig(load: LoadConfig, flags: Record<string, unknown>, io: CliIo): ServerConfig {
  try {
    return load(flags, io.env);
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
}

/** Hides a password in a database URI before printing it. */
function redact(uri: string): string {
  return uri.replace(/^([a-z][\w+.-]*:\/\/[^:/@]+:)[^@]*@/iu, '$1***@');
}
