import { describe, expect, it } from 'vitest';
import { SERVER_SETTINGS, settingEnvName, settingFlagName } from '@slipway/core';
import { loadServerConfig } from '@slipway/server';
import { serverCommand, settingFlags } from '../src/commands/server-commands.js';
import { runCli } from './cli-harness.js';

const io = { stdout: { write: () => true }, stderr: { write: () => true }, env: {} };

/** Parses `slipway server <args>` with the real option definitions, without starting a server. */
async function parseServerOptions(args: string[]): Promise<Record<string, unknown>> {
  const command = serverCommand(io).action(() => undefined);
  await command.parseAsync(args, { from: 'user' });
  return command.opts();
}

describe('slipway server --help', () => {
  it('lists the flag of every setting that has one and the variable of every setting', async () => {
    const { code, stdout } = await runCli(['server', '--help'], {});
    expect(code).toBe(0);
    for (const setting of SERVER_SETTINGS) {
      const flag = settingFlagName(setting);
      if (flag !== undefined) expect(stdout).toContain(`${flag} <`);
      expect(stdout.replaceAll(/\s+/gu, ' ')).toContain(settingEnvName(setting));
    }
  });

  it('says SLIPWAY_ADMIN_PASSWORD is read from the environment only', async () => {
    const { stdout } = await runCli(['server', '--help'], {});
    expect(stdout).not.toContain('--admin-password');
    const envOnly = stdout.slice(stdout.indexOf('Environment only:'));
    expect(envOnly).toMatch(/^Environment only:\n(?:.*\n)*\s+SLIPWAY_ADMIN_PASSWORD\s+password/u);
    expect(stdout.indexOf('Environment only:')).toBeGreaterThan(stdout.indexOf('--metrics-auth'));
  });

  it('offers db upgrade the storage location flags only', async () => {
    const { stdout } = await runCli(['db', 'upgrade', '--help'], {});
    expect(stdout).toContain('--backend-store-uri <uri>');
    expect(stdout).toContain('--data-dir <dir>');
    expect(stdout).not.toContain('--port');
  });
});

describe('slipway server options', () => {
  it('brings --s3-force-path-style false to the config as false', async () => {
    const flags = settingFlags(await parseServerOptions(['--s3-force-path-style', 'false']));
    expect(flags).toEqual({ s3ForcePathStyle: 'false' });
    const env = { SLIPWAY_S3_FORCE_PATH_STYLE: 'true' };
    expect(loadServerConfig(flags, env).s3ForcePathStyle).toBe(false);
  });

  it('maps flags that differ from their key, and leaves unset ones to the environment', async () => {
    const options = await parseServerOptions([
      '--deployment-sync-interval',
      '0',
      '--metrics-auth',
      'off',
      '--default-permission',
      'EDIT',
    ]);
    const flags = settingFlags(options);
    expect(flags).toEqual({
      deploymentSyncIntervalMs: '0',
      metricsAuth: 'off',
      defaultPermission: 'EDIT',
    });
    const config = loadServerConfig(flags, { SLIPWAY_PORT: '6001' });
    expect(config).toMatchObject({
      deploymentSyncIntervalMs: 0,
      metricsAuth: false,
      defaultPermission: 'EDIT',
      port: 6001,
    });
  });

  it('refuses a bad value as a usage error naming the flag and the variable', async () => {
    // The bad port too, so that a regression accepting `maybe` still never starts a server.
    const args = ['server', '--s3-force-path-style', 'maybe', '--port', 'none'];
    const { code, stderr } = await runCli(args, {});
    expect(code).toBe(2);
    expect(stderr).toContain('--s3-force-path-style / SLIPWAY_S3_FORCE_PATH_STYLE');
    expect(stderr).toContain('port: must be a number (--port / SLIPWAY_PORT)');
  });
});
