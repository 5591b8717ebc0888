import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SlipwayError } from '@slipway/core';
import { LocalArtifactStore } from '../../src/storage/artifacts/local-artifact-store.js';
import { openArtifactStore } from '../../src/storage/artifacts/open-artifact-store.js';
import { S3ArtifactStore } from '../../src/storage/artifacts/s3-artifact-store.js';

const run = promisify(execFile);
const FACTORY = fileURLToPath(
  new URL('../../src/storage/artifacts/open-artifact-store.ts', import.meta.url),
);

/**
 * Opens a store in a fresh Node process and reports whether the AWS SDK got loaded. The SDK is
 * CommonJS (no exports map), so even when imported from ESM it shows up in require.cache.
 */
async function sdkLoadedAfterOpening(uri: string): Promise<boolean> {
  const script = `
    import { createRequire } from 'node:module';
    const { openArtifactStore } = await import(${JSON.stringify(FACTORY)});
    const store = await openArtifactStore(${JSON.stringify(uri)}, { region: 'us-east-1' });
    await store.close();
    const cache = createRequire(import.meta.url).cache;
    console.log(JSON.stringify(Object.keys(cache).some((k) => k.includes('@aws-sdk'))));
  `;
  const { stdout } = await run(
    process.execPath,
    ['--conditions=slipway-source', '--import', 'tsx', '--input-type=module', '-e', script],
    { cwd: fileURLToPath(new URL('../../../..', import.meta.url)) },
  );
  return JSON.parse(stdout.trim().split('\n').pop() ?? '') as boolean;
}

describe('openArtifactStore', () => {
  let base: string;
  beforeAll(() => {
    base = mkdtempSync(join(tmpdir(), 'slipway-open-artifacts-'));
  });
  afterAll(() => rmSync(base, { recursive: true, force: true }));

  it('opens local stores for file: URIs and plain paths', async () => {
    for (const uri of [`file:${join(base, 'a')}`, `file://${join(base, 'b')}`, join(base, 'c')]) {
      const store = await openArtifactStore(uri);
      expect(store).toBeInstanceOf(LocalArtifactStore);
      await store.close();
    }
    const relative = await openArtifactStore('file:./rel', { baseDir: base });
    expect((relative as LocalArtifactStore).root).toBe(join(base, 'rel'));
  });

  it('opens an S3 store for s3:// URIs with the given options', async () => {
    const store = await openArtifactStore('s3://some-bucket/some/prefix', {
      endpoint: 'http://127.0.0.1:1',
      region: 'us-east-1',
      accessKeyId: 'id',
      secretAccessKey: 'secret',
      forcePathStyle: true,
    });
    expect(store).toBeInstanceOf(S3ArtifactStore);
    expect((store as S3ArtifactStore).bucket).toBe('some-bucket');
    expect((store as S3ArtifactStore).prefix).toBe('some/prefix');
    await store.close();
  });

  it('rejects half a credential pair and unknown schemes', async () => {
    await expect(
      openArtifactStore('s3://some-bucket', { accessKeyId: 'id', region: 'us-east-1' }),
    ).rejects.toThrow(SlipwayError);
    await expect(openArtifactStore('azure://container')).rejects.toThrow(/not supported/);
  });

  it('never loads the AWS SDK for a local store, but does for S3', async () => {
    expect(await sdkLoadedAfterOpening(`file:${join(base, 'lazy')}`)).toBe(false);
    // The same probe must see the SDK when it is used, or the check above proves nothing.
    expect(await sdkLoadedAfterOpening('s3://lazy-bucket/prefix')).toBe(true);
  });
});
