import { describe, expect, it } from 'vitest';
import { redactServerConfig } from './redact-server-config.js';
import { isEnvOnly, settingEnvName, settingFlagName } from './server-setting.js';
import { findServerSetting, SERVER_SETTINGS, serverConfigSchema } from './server-settings.js';

function setting(key: string) {
  const found = findServerSetting(key);
  if (found === undefined) throw new Error(`no setting ${key}`);
  return found;
}

function parse(input: Record<string, unknown>) {
  return serverConfigSchema.safeParse(input);
}

describe('server settings names', () => {
  it('derives SLIPWAY_UPPER_SNAKE env names and --kebab-case flags from the key', () => {
    expect(settingEnvName(setting('s3ForcePathStyle'))).toBe('SLIPWAY_S3_FORCE_PATH_STYLE');
    expect(settingFlagName(setting('s3ForcePathStyle'))).toBe('--s3-force-path-style');
    expect(settingEnvName(setting('backendStoreUri'))).toBe('SLIPWAY_BACKEND_STORE_URI');
    expect(settingFlagName(setting('dataDir'))).toBe('--data-dir');
    expect(settingEnvName(setting('adminUser'))).toBe('SLIPWAY_ADMIN_USER');
  });

  it('keeps the names that predate the rule', () => {
    const sync = setting('deploymentSyncIntervalMs');
    expect(settingEnvName(sync)).toBe('SLIPWAY_DEPLOYMENT_SYNC_INTERVAL_MS');
    expect(settingFlagName(sync)).toBe('--deployment-sync-interval');
  });

  it('gives secrets read from the environment no flag', () => {
    const password = setting('adminPassword');
    expect(isEnvOnly(password)).toBe(true);
    expect(settingFlagName(password)).toBeUndefined();
    expect(settingEnvName(password)).toBe('SLIPWAY_ADMIN_PASSWORD');
    expect(password.secret).toBe(true);
    expect(setting('s3SecretAccessKey').secret).toBe(true);
  });

  it('has unique env names, unique flags, unique keys and a description for every setting', () => {
    const envs = SERVER_SETTINGS.map((s) => settingEnvName(s));
    const flags = SERVER_SETTINGS.map((s) => settingFlagName(s)).filter((f) => f !== undefined);
    const keys = SERVER_SETTINGS.map((s) => s.key);
    expect(new Set(envs).size).toBe(envs.length);
    expect(new Set(flags).size).toBe(flags.length);
    expect(new Set(keys).size).toBe(keys.length);
    for (const s of SERVER_SETTINGS) {
      expect(s.description.length, s.key).toBeGreaterThan(10);
      expect(s.description, s.key).not.toMatch(/\.$/u);
    }
  });
});

describe('server settings values', () => {
  it.each(['false', 'FALSE', '0', 'off', 'no', ' No ', false])('reads %j as false', (value) => {
    expect(parse({ s3ForcePathStyle: value }).data?.s3ForcePathStyle).toBe(false);
    expect(parse({ metricsAuth: value }).data?.metricsAuth).toBe(false);
  });

  it.each(['true', 'TRUE', '1', 'on', 'yes', true])('reads %j as true', (value) => {
    expect(parse({ s3ForcePathStyle: value }).data?.s3ForcePathStyle).toBe(true);
  });

  it('refuses other boolean words, naming the accepted ones', () => {
    for (const value of ['maybe', '', 2]) {
      const result = parse({ s3ForcePathStyle: value });
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.path).toEqual(['s3ForcePathStyle']);
      expect(result.error?.issues[0]?.message).toMatch(
        /must be one of true, yes, on, 1, false, no, off, 0/u,
      );
    }
    expect(parse({ s3ForcePathStyle: 'maybe' }).error?.issues[0]?.message).toContain('"maybe"');
  });

  it('applies the defaults', () => {
    const parsed = serverConfigSchema.parse({});
    expect(parsed).toMatchObject({
      host: '127.0.0.1',
      port: 5050,
      s3ForcePathStyle: true,
      adminUser: 'admin',
      defaultPermission: 'READ',
      metricsAuth: true,
      deploymentSyncIntervalMs: 2_000,
    });
    expect(parsed.auth).toBeUndefined();
    expect(parsed.adminPassword).toBeUndefined();
  });

  it('refuses an admin password shorter than 12 characters', () => {
    const short = parse({ adminPassword: 'short-pass1' });
    expect(short.error?.issues[0]?.message).toBe('must be at least 12 characters');
    expect(parse({ adminPassword: 'long-enough-1' }).data?.adminPassword).toBe('long-enough-1');
  });

  it('accepts only the known default permissions and auth modes', () => {
    for (const permission of ['READ', 'EDIT', 'MANAGE', 'NO_PERMISSIONS']) {
      expect(parse({ defaultPermission: permission }).data?.defaultPermission).toBe(permission);
    }
    expect(parse({ defaultPermission: 'WRITE' }).error?.issues[0]?.message).toBe(
      'must be one of READ, EDIT, MANAGE, NO_PERMISSIONS',
    );
    expect(parse({ auth: 'off' }).data?.auth).toBe('off');
    expect(parse({ auth: 'maybe' }).success).toBe(false);
  });

  it('words number errors for the person editing the value', () => {
    const message = (input: Record<string, unknown>) => parse(input).error?.issues[0]?.message;
    expect(parse({ port: '8080', dbPoolSize: 4 }).data).toMatchObject({
      port: 8080,
      dbPoolSize: 4,
    });
    expect(message({ port: '' })).toBe('must be a number');
    expect(message({ port: '70000' })).toBe('must be between 0 (any free port) and 65535');
    expect(message({ shutdownGraceMs: '1.5' })).toBe('must be a whole number of milliseconds');
    expect(message({ deploymentSyncIntervalMs: 'soon' })).toBe('must be a number of milliseconds');
    expect(message({ dbPoolSize: '0' })).toBe('must be between 1 and 200 connections');
    expect(parse({ predictionRetentionDays: '0.5' }).data?.predictionRetentionDays).toBe(0.5);
  });

  it('redacts secrets that are set and leaves the rest', () => {
    const redacted = redactServerConfig({
      host: 'h',
      adminPassword: 'long-enough-1',
      s3SecretAccessKey: undefined,
    });
    expect(redacted).toEqual({ host: 'h', adminPassword: '***', s3SecretAccessKey: undefined });
  });
});
