import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ArtifactStore } from '@slipway/core';
import { openArtifactStore } from '../../src/storage/artifacts/open-artifact-store.js';
import type { OpenArtifactStoreOptions } from '../../src/storage/artifacts/open-artifact-store.js';
import { S3RVER_CREDENTIALS, startS3rver } from './s3rver-server.js';
import type { RunningS3rver } from './s3rver-server.js';

export interface ArtifactBackend {
  name: string;
  kind: 'local' | 's3';
  start(): Promise<void>;
  stop(): Promise<void>;
  /** A fresh, empty store; `dispose` closes it. */
  open(): Promise<{ store: ArtifactStore; dispose(): Promise<void> }>;
  /** For S3 backends: the requests the server has seen (to check multipart went over the wire). */
  requests(): Promise<string[]>;
}

export function localBackend(): ArtifactBackend {
  let base = '';
  let counter = 0;
  return {
    name: 'local files',
    kind: 'local',
    async start() {
      base = mkdtempSync(join(tmpdir(), 'slipway-artifacts-'));
    },
    async stop() {
      rmSync(base, { recursive: true, force: true });
    },
    async open() {
      // A root that does not exist yet: opening must create it.
      const store = await openArtifactStore(`file:${join(base, `store-${++counter}`, 'root')}`);
      return { store, dispose: () => store.close() };
    },
    requests: async () => [],
  };
}

/**
 * S3 through s3rver. `prefixed` stores live under a key prefix in a shared bucket; the others own a
 * fresh bucket each and use its root, so both key layouts are covered.
 */
export function s3Backend(prefixed: boolean): ArtifactBackend {
  let server: RunningS3rver | undefined;
  let counter = 0;
  const sharedBucket = 'slipway-artifacts';
  const options = (): OpenArtifactStoreOptions => ({
    endpoint: server?.endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    ...S3RVER_CREDENTIALS,
    // Small parts and pages so multipart uploads and pagination happen with test-sized data.
    partSizeBytes: 5 * 1024 * 1024,
    uploadConcurrency: 2,
    listPageSize: 2,
  });
  return {
    name: prefixed ? 'S3 (s3rver, key prefix)' : 'S3 (s3rver, bucket root)',
    kind: 's3',
    async start() {
      server = await startS3rver([sharedBucket]);
    },
    async stop() {
      await server?.stop();
    },
    async open() {
      counter += 1;
      if (prefixed) {
        const store = await openArtifactStore(
          `s3://${sharedBucket}/tests/case-${counter}/`,
          options(),
        );
        return { store, dispose: () => store.close() };
      }
      const bucket = `bucket-${counter}`;
      const admin = new S3Client({
        endpoint: server?.endpoint,
        region: 'us-east-1',
        forcePathStyle: true,
        credentials: S3RVER_CREDENTIALS,
      });
      await admin.send(new CreateBucketCommand({ Bucket: bucket }));
      admin.destroy();
      const store = await openArtifactStore(`s3://${bucket}`, options());
      return { store, dispose: () => store.close() };
    },
    requests: async () => (server === undefined ? [] : server.requests()),
  };
}
