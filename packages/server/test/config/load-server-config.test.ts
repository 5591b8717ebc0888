import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadServerConfig } from '../../src/config/config.js';

describe('loadServerConfig', () => {
  it('reads SLIPWAY_S3_FORCE_PATH_STYLE=false as false', () => {
    expect(loadServerConfig({}, { SLIPWAY_S3_FORCE_PATH_STYLE: 'false' }).s3ForcePathStyle).toBe(
      false,
    );
    expect(loadServerConfig({}, { SLIPWAY_S3_FORCE_PATH_STYLE: 'Off' }).s3ForcePathStyle).toBe(
      false,
    );
    expect(loadServerConfig({}, {}).s3ForcePathStyle).toBe(true);
  });

  it('lets flags win over the environment', () => {
    const env = { SLIPWAY_PORT: '6000', SLIPWAY_S3_FORCE_PATH_STYLE: 'true', SLIPWAY_HOST: '::1' };
    const config = loadServerConfig({ port: '7000', s3ForcePathStyle: 'no' }, env);
    expect(config.port).toBe(7000);
    expect(config.s3ForcePathStyle).toBe(false);
    expect(config.host).toBe('::1');
  });

  it('reads SLIPWAY_ARTIFACT_LIMIT_BYTES and the access-control settings', () => {
    const config = loadServerConfig(
      {},
      {
        SLIPWAY_ARTIFACT_LIMIT_BYTES: '1048576',
        SLIPWAY_AUTH: 'on',
        SLIPWAY_ADMIN_USER: 'root',
        SLIPWAY_ADMIN_PASSWORD: 'correct horse battery',
        SLIPWAY_DEFAULT_PERMISSION: 'NO_PERMISSIONS',
        SLIPWAY_METRICS_AUTH: 'off',
      },
    );
    expect(config).toMatchObject({
      artifactLimitBytes: 1_048_576,
      auth: 'on',
      adminUser: 'root',
      adminPassword: 'correct horse battery',
      defaultPermission: 'NO_PERMISSIONS',
      metricsAuth: false,
    });
  });

  it('names the flag and the environment variable of an invalid value', () => {
    expect(() => loadServerConfig({}, { SLIPWAY_S3_FORCE_PATH_STYLE: 'maybe' })).toThrow(
      /^Invalid server configuration: s3ForcePathStyle: must be one of true, yes, on, 1, false, no, off, 0 .*\(--s3-force-path-style \/ SLIPWAY_S3_FORCE_PATH_STYLE\)$/u,
    );
    expect(() => loadServerConfig({ deploymentSyncIntervalMs: '-5' }, {})).toThrow(
      'deploymentSyncIntervalMs: must be 0 (off) or a positive number of milliseconds (--deployment-sync-interval / SLIPWAY_DEPLOYMENT_SYNC_INTERVAL_MS)',
    );
  });

  it('names only the variable of a setting without a flag, and never echoes a secret', () => {
    const attempt = () => loadServerConfig({}, { SLIPWAY_ADMIN_PASSWORD: 'hunter2' });
    expect(attempt).toThrow(
      'adminPassword: must be at least 12 characters (SLIPWAY_ADMIN_PASSWORD)',
    );
    expect(attempt).not.toThrow(/hunter2/u);
  });

  it('reports every invalid setting at once', () => {
    expect(() => loadServerConfig({ port: 'x', dbPoolSize: '0' }, {})).toThrow(
      /port: must be a number .*; dbPoolSize: must be between 1 and 200 connections/u,
    );
  });

  it('ignores empty environment values', () => {
    const config = loadServerConfig(
      {},
      { SLIPWAY_PORT: '', SLIPWAY_S3_FORCE_PATH_STYLE: '', SLIPWAY_ADMIN_PASSWORD: '' },
    );
    expect(config.port).toBe(5050);
    expect(config.s3ForcePathStyle).toBe(true);
    expect(config.adminPassword).toBeUndefined();
  });

  it('derives the embedded locations under dataDir', () => {
    const config = loadServerConfig({}, { SLIPWAY_DATA_DIR: 'some/where' });
    const dataDir = resolve('some/where');
    expect(config.dataDir).toBe(dataDir);
    expect(config.backendStoreUri).toBe(`sqlite:${join(dataDir, 'slipway.db')}`);
    expect(config.artifactsUri).toBe(`file:${join(dataDir, 'artifacts')}`);
    expect(config.modelCacheDir).toBe(join(dataDir, 'model-cache'));
    const explicit = loadServerConfig(
      { backendStoreUri: 'postgresql://u@h/db', artifactsUri: 's3://bucket/p' },
      { SLIPWAY_DATA_DIR: 'some/where' },
    );
    expect(explicit.backendStoreUri).toBe('postgresql://u@h/db');
    expect(explicit.artifactsUri).toBe('s3://bucket/p');
  });
});
