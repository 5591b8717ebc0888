import { join, resolve } from 'node:path';
import type { z } from 'zod';
import {
  SERVER_SETTINGS,
  findServerSetting,
  invalidArgument,
  serverConfigSchema,
  settingEnvName,
  settingFlagName,
} from '@slipway/core';
import type { ServerSettings, ServerSettingsInput } from '@slipway/core';

// The settings themselves (schema, env names, flags, help) are described once in core.
export { serverConfigSchema };

export type ServerConfigInput = ServerSettingsInput;

/**
 * The server's whole configuration, parsed once from flags and SLIPWAY_* environment variables
 * (flags win), with the embedded locations under dataDir resolved. Nothing else in the server
 * reads process.env.
 */
export interface ServerConfig extends ServerSettings {
  backendStoreUri: string;
  artifactsUri: string;
  modelCacheDir: string;
}

/** Merges env and flags (flags win), validates, and derives the embedded defaults under dataDir. */
export function loadServerConfig(
  flags: Partial<Record<keyof ServerConfigInput, unknown>>,
  env: Record<string, string | undefined>,
): ServerConfig {
  const merged: Record<string, unknown> = {};
  for (const setting of SERVER_SETTINGS) {
    const value = env[settingEnvName(setting)];
    // An empty variable is how shells and compose files leave a setting unset.
    if (value !== undefined && value !== '') merged[setting.key] = value;
  }
  for (const [field, value] of Object.entries(flags)) {
    if (value !== undefined) merged[field] = value;
  }
  const parsed = serverConfigSchema.safeParse(merged);
  if (!parsed.success) {
    throw invalidArgument(
      `Invalid server configuration: ${parsed.error.issues.map(describeIssue).join('; ')}`,
    );
  }
  const dataDir = resolve(parsed.data.dataDir);
  return {
    ...parsed.data,
    dataDir,
    backendStoreUri: parsed.data.backendStoreUri ?? `sqlite:${join(dataDir, 'slipway.db')}`,
    artifactsUri: parsed.data.artifactsUri ?? `file:${join(dataDir, 'artifacts')}`,
    modelCacheDir: resolve(parsed.data.modelCacheDir ?? join(dataDir, 'model-cache')),
  };
}

/**
 * `key: message (--flag / SLIPWAY_ENV)`: the user set a flag or a variable, not a config key, so
 * both are named. Values are never echoed here, since some settings are secret.
 */
function describeIssue(issue: z.core.$ZodIssue): string {
  const key = String(issue.path[0] ?? '');
  const setting = findServerSetting(key);
  if (setting === undefined) return `${issue.path.join('.')}: ${issue.message}`;
  const names = [settingFlagName(setting), settingEnvName(setting)].filter((n) => n !== undefined);
  return `${key}: ${issue.message} (${names.join(' / ')})`;
}
