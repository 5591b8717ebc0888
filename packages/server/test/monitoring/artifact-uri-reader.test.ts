import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { text } from 'node:stream/consumers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { notFound } from '@slipway/core';
import { StoreArtifactUriReader } from '../../src/monitoring/monitors/artifact-uri-reader.js';
import { LocalArtifactStore } from '../../src/storage/artifacts/local-artifact-store.js';

describe('StoreArtifactUriReader', () => {
  let dir: string;
  let reader: StoreArtifactUriReader;
  /** Which version the alias `champion` points at; moved by the tests. */
  let champion = '1';

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'slipway-uri-reader-'));
    const artifacts = await LocalArtifactStore.open(dir);
    await artifacts.put('1/run-1/artifacts/train.csv', Buffer.from('x\n1\n'));
    await artifacts.put('models/churn/1/data/train.csv', Buffer.from('x\n1\n2\n'));
    await artifacts.put('models/churn/2/data/train.csv', Buffer.from('x\n3\n4\n5\n'));
    reader = new StoreArtifactUriReader({
      artifacts: {
        getChecked: (path) => artifacts.get(path),
        listChecked: (path) => artifacts.list(path),
      },
      runs: {
        findInfo: (id) =>
          id === 'run-1'
            ? Promise.resolve({ artifactUri: 'mlflow-artifacts:/1/run-1/artifacts' })
            : Promise.reject(notFound(`Run '${id}' not found.`)),
      },
      registry: {
        versionFiles: (name, v) =>
          Promise.resolve({ uri: `mlflow-artifacts:/models/${name}/${v}` }),
        resolveUri: (uri) =>
          uri === 'models:/churn@champion'
            ? Promise.resolve({ version: champion })
            : Promise.reject(notFound(`No alias in ${uri}.`)),
      },
    });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const read = async (uri: string) => {
    const located = await reader.locate(uri);
    return { key: located.key, body: await text(await located.open()) };
  };

  it('reads runs:/, models:/<name>/<version>/ and mlflow-artifacts:/ URIs', async () => {
    expect(await read('runs:/run-1/train.csv')).toEqual({
      key: '1/run-1/artifacts/train.csv',
      body: 'x\n1\n',
    });
    expect((await read('models:/churn/2/data/train.csv')).key).toBe(
      'models/churn/2/data/train.csv',
    );
    expect((await read('mlflow-artifacts:/1/run-1/artifacts/train.csv')).body).toBe('x\n1\n');
  });

  it('follows an alias to the version it points at now', async () => {
    expect(await read('models:/churn@champion/data/train.csv')).toEqual({
      key: 'models/churn/1/data/train.csv',
      body: 'x\n1\n2\n',
    });
    champion = '2';
    expect((await read('models:/churn@champion/data/train.csv')).body).toBe('x\n3\n4\n5\n');
    await expect(reader.locate('models:/churn@nope/data/train.csv')).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('names what is missing or malformed', async () => {
    await expect(reader.locate('runs:/run-1/other.csv')).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringContaining("No file at 'runs:/run-1/other.csv'"),
    });
    await expect(reader.locate('runs:/run-9/train.csv')).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(reader.locate('s3://bucket/train.csv')).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: expect.stringContaining('models:/<name>@<alias>/<path>'),
    });
  });
});
