import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SlipwayError } from '@slipway/core';
import { parseArtifactStoreUri } from './open-artifact-store.js';
import type { ArtifactStoreLocation } from './open-artifact-store.js';

const BASE = '/srv/slipway';

describe('parseArtifactStoreUri', () => {
  it.each<[string, ArtifactStoreLocation]>([
    [
      'file:./slipway-data/artifacts',
      { kind: 'file', root: '/srv/slipway/slipway-data/artifacts' },
    ],
    ['file:artifacts', { kind: 'file', root: '/srv/slipway/artifacts' }],
    ['file:../shared/artifacts', { kind: 'file', root: '/srv/shared/artifacts' }],
    ['file:/var/lib/slipway', { kind: 'file', root: '/var/lib/slipway' }],
    ['file:///var/lib/slipway', { kind: 'file', root: '/var/lib/slipway' }],
    ['file://localhost/var/lib/slipway', { kind: 'file', root: '/var/lib/slipway' }],
    ['file:///var/lib/with%20space', { kind: 'file', root: '/var/lib/with space' }],
    ['FILE:///upper/case', { kind: 'file', root: '/upper/case' }],
    ['/abs/plain/path', { kind: 'file', root: '/abs/plain/path' }],
    ['relative/plain', { kind: 'file', root: '/srv/slipway/relative/plain' }],
    ['./dot/relative', { kind: 'file', root: '/srv/slipway/dot/relative' }],
    ['s3://my-bucket', { kind: 's3', bucket: 'my-bucket', prefix: '' }],
    ['s3://my-bucket/', { kind: 's3', bucket: 'my-bucket', prefix: '' }],
    [
      's3://my-bucket/slipway/artifacts/',
      { kind: 's3', bucket: 'my-bucket', prefix: 'slipway/artifacts' },
    ],
    ['s3://my.bucket-2/a', { kind: 's3', bucket: 'my.bucket-2', prefix: 'a' }],
  ])('parses %s', (uri, expected) => {
    expect(parseArtifactStoreUri(uri, BASE)).toEqual(expected);
  });

  it('resolves relative paths against the working directory by default', () => {
    expect(parseArtifactStoreUri('file:./x')).toEqual({ kind: 'file', root: resolve('x') });
  });

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['file:', 'no path'],
    ['file://fileserver/share', 'only local files'],
    ['s3://', 'bucket'],
    ['s3://ab', 'bucket'],
    ['s3://My_Bucket/x', 'bucket'],
    ['s3://bucket/../escape', "'..'"],
    ['s3://bucket/a\\b', 'backslash'],
    ['s3://bucket/prefix?endpoint=http://x', 'without query'],
    ['s3:bucket/prefix', 's3://<bucket>'],
    ['gs://bucket/prefix', 's3://<bucket>/<prefix>'],
    ['http://example.com/artifacts', 'scheme "http:" is not supported'],
    ['mlflow-artifacts:/x', 'not supported'],
  ])('rejects %j with INVALID_ARGUMENT mentioning %s', (uri, fragment) => {
    let caught: unknown;
    try {
      parseArtifactStoreUri(uri, BASE);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(SlipwayError);
    expect((caught as SlipwayError).code).toBe('INVALID_ARGUMENT');
    expect((caught as SlipwayError).message).toContain(fragment);
  });

  it('lists the supported forms for an unknown scheme', () => {
    expect(() => parseArtifactStoreUri('gs://bucket', BASE)).toThrow(
      /file:<path>.*file:\/\/\/<absolute path>.*plain directory path.*s3:\/\/<bucket>\/<prefix>/,
    );
  });
});
