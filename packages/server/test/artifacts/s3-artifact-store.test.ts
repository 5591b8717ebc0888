import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SlipwayError } from '@slipway/core';
import { S3ArtifactStore } from '../../src/storage/artifacts/s3-artifact-store.js';
import type { S3ArtifactStoreOptions } from '../../src/storage/artifacts/s3-artifact-store.js';
import { S3RVER_CREDENTIALS, startS3rver } from './s3rver-server.js';
import type { RunningS3rver } from './s3rver-server.js';
import { generatedStream, readAll, sha256Of } from './stream-helpers.js';

const BUCKET = 'slipway-s3-tests';

async function errorOf(promise: Promise<unknown>): Promise<SlipwayError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(SlipwayError);
  return err as SlipwayError;
}

/** A loopback port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

describe('S3ArtifactStore against s3rver', () => {
  let s3: RunningS3rver;
  let raw: S3Client;
  const stores: S3ArtifactStore[] = [];
  const open = (options: Partial<S3ArtifactStoreOptions> = {}): S3ArtifactStore => {
    const store = new S3ArtifactStore({
      bucket: BUCKET,
      endpoint: s3.endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      ...S3RVER_CREDENTIALS,
      ...options,
    });
    stores.push(store);
    return store;
  };

  beforeAll(async () => {
    s3 = await startS3rver([BUCKET]);
    raw = new S3Client({
      endpoint: s3.endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: S3RVER_CREDENTIALS,
    });
  });
  afterAll(async () => {
    await Promise.all(stores.map((store) => store.close()));
    raw.destroy();
    await s3.stop();
  });

  it('keeps stores with neighbouring prefixes apart and maps paths to keys under the prefix', async () => {
    const one = open({ prefix: 'iso/p1' });
    const other = open({ prefix: 'iso/p1x' });
    await one.put('model/a.txt', Buffer.from('one'));
    await other.put('model/a.txt', Buffer.from('other'));
    await raw.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'iso/p1-outside.txt', Body: 'x' }));

    const key = await raw.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'iso/p1/model/a.txt' }));
    expect(await key.Body?.transformToString()).toBe('one');
    expect(await one.list('')).toEqual([{ path: 'model', isDir: true }]);
    await one.delete('model');
    expect(await one.list('')).toEqual([]);
    expect((await readAll(await other.get('model/a.txt'))).toString()).toBe('other');
  });

  it('skips keys that no artifact path can address (written by other tools)', async () => {
    const store = open({ prefix: 'odd' });
    // (Keys with '//' would be worth a case too, but s3rver cannot list them.)
    for (const key of [
      'odd/dir/back\\slash.txt',
      'odd/dir/ctl\u0001.txt',
      'odd/dir/',
      'odd/dir/ok.txt',
    ]) {
      await raw.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: 'ok' }));
    }
    expect(await store.list('dir')).toEqual([{ path: 'dir/ok.txt', isDir: false, fileSize: 2 }]);
  });

  it("works with checksums 'when_required' as well as with the SDK defaults", async () => {
    const store = open({ prefix: 'checksums', checksums: 'when_required' });
    const generated = generatedStream(11 * 1024 * 1024);
    await store.put('big.bin', generated.stream);
    expect((await sha256Of(await store.get('big.bin'))).hex).toBe(generated.sha256());
  });

  it('reports a missing bucket as FAILED_PRECONDITION', async () => {
    const store = open({ bucket: 'no-such-bucket' });
    for (const call of [
      () => store.put('a.txt', Buffer.from('x')),
      () => store.get('a.txt'),
      () => store.list(''),
    ]) {
      const error = await errorOf(call());
      expect(error.code).toBe('FAILED_PRECONDITION');
      expect(error.message).toContain('s3://no-such-bucket/');
      expect(error.message).toContain('bucket does not exist');
    }
  });

  it('reports refused credentials as PERMISSION_DENIED', async () => {
    const store = open({ accessKeyId: 'WRONG', secretAccessKey: 'WRONG' });
    const error = await errorOf(store.list(''));
    expect(error.code).toBe('PERMISSION_DENIED');
  });

  it('reports an unreachable endpoint as UNAVAILABLE', async () => {
    const store = open({ endpoint: `http://127.0.0.1:${await closedPort()}` });
    const error = await errorOf(store.exists('a.txt'));
    expect(error.code).toBe('UNAVAILABLE');
    expect(error.message).toContain('ECONNREFUSED');
  });

  it('validates its options', () => {
    expect(() => open({ bucket: 'ab' })).toThrow(/bucket name/);
    expect(() => open({ partSizeBytes: 1024 })).toThrow(/at least/);
    expect(() => open({ listPageSize: 5000 })).toThrow(/at most 1000/);
    expect(() => open({ prefix: '../up' })).toThrow(/'\.\.'/);
    expect(() => open({ accessKeyId: 'only-id', secretAccessKey: undefined })).toThrow(/both/);
  });
});
