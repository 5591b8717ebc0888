import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NewDatasetVersion } from '@slipway/core';
import { SqlDatasetStore } from '../../src/storage/sql/dataset-store.js';
import { SqlPermissionStore } from '../../src/storage/sql/permission-store.js';
import { SqlUserStore } from '../../src/storage/sql/user-store.js';
import type { SqlDatabase } from '../../src/storage/sql/sql-database.js';
import { SqlUnitOfWork } from '../../src/storage/sql/unit-of-work.js';
import { SQL_BACKENDS } from '../support/sql-backends.js';

const DIGEST_A = 'a'.repeat(64);
const DIGEST_B = 'b'.repeat(64);

function version(name: string, overrides: Partial<NewDatasetVersion> = {}): NewDatasetVersion {
  return {
    name,
    digest: DIGEST_A,
    size: 12,
    rows: 3,
    schema: [
      { name: 'x', type: 'integer' },
      { name: 'y', type: 'string' },
    ],
    files: [
      {
        path: 'train.csv',
        digest: DIGEST_A,
        size: 12,
        format: 'csv',
        rows: 3,
        columns: [{ name: 'x', type: 'integer', count: 3, nulls: 0, min: 1, max: 3, mean: 2 }],
      },
    ],
    createdAt: 1_000,
    createdBy: 'alice',
    ...overrides,
  };
}

describe.each(SQL_BACKENDS)('DatasetStore contract ($name)', (backend) => {
  let database: SqlDatabase;
  let store: SqlDatasetStore;
  let dispose: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    const created = await backend.create();
    database = created.database;
    dispose = created.dispose;
    store = new SqlDatasetStore(database);
  });

  afterAll(async () => {
    await dispose?.();
  });

  it('numbers versions 1, 2, 3 and creates the dataset with the first', async () => {
    const first = await store.addVersion(version('numbers', { description: 'first' }));
    expect(first.datasetCreated).toBe(true);
    expect(first.version.version).toBe(1);
    const second = await store.addVersion(
      version('numbers', { digest: DIGEST_B, createdAt: 2_000 }),
    );
    expect(second).toMatchObject({ datasetCreated: false, version: { version: 2 } });
    const third = await store.addVersion(version('numbers', { createdAt: 3_000 }));
    expect(third.version.version).toBe(3);
    const info = await store.get('numbers');
    // A version without a description keeps the dataset's.
    expect(info).toEqual({
      name: 'numbers',
      description: 'first',
      latestVersion: 3,
      createdAt: 1_000,
      updatedAt: 3_000,
      createdBy: 'alice',
    });
  });

  it('reads a version back exactly as written', async () => {
    const written = version('round-trip', { description: 'd', rows: 3 });
    await store.addVersion(written);
    expect(await store.getVersion('round-trip', 1)).toEqual({ ...written, version: 1 });
    expect(await store.getVersion('round-trip', 2)).toBeUndefined();
    expect(await store.getVersion('absent', 1)).toBeUndefined();
    const bare = version('round-trip', { rows: undefined, schema: undefined, createdAt: 5 });
    delete bare.rows;
    delete bare.schema;
    await store.addVersion(bare);
    expect(await store.getVersion('round-trip', 2)).toEqual({ ...bare, version: 2 });
  });

  it('lists versions newest first and datasets by name, in pages', async () => {
    for (let i = 0; i < 3; i++) await store.addVersion(version('paged', { createdAt: i }));
    const page1 = await store.listVersions('paged', { limit: 2, offset: 0 });
    expect(page1.items.map((v) => v.version)).toEqual([3, 2]);
    expect(page1.nextOffset).toBe(2);
    const page2 = await store.listVersions('paged', { limit: 2, offset: 2 });
    expect(page2.items.map((v) => v.version)).toEqual([1]);
    expect(page2.nextOffset).toBeUndefined();
    expect((await store.latestVersion('paged'))?.version).toBe(3);
    expect(await store.latestVersion('absent')).toBeUndefined();
    const names = (await store.list({ limit: 100, offset: 0 })).items.map((d) => d.name);
    expect(names).toEqual([...names].sort());
    expect(names).toContain('paged');
  });

  it('gives concurrent writers distinct numbers or ALREADY_EXISTS, never a duplicate', async () => {
    await store.addVersion(version('race'));
    const results = await Promise.allSettled(
      Array.from({ length: 4 }, (_, i) => store.addVersion(version('race', { createdAt: i }))),
    );
    const numbers = results.flatMap((r) =>
      r.status === 'fulfilled' ? [r.value.version.version] : [],
    );
    expect(new Set(numbers).size).toBe(numbers.length);
    for (const r of results) {
      if (r.status === 'rejected') expect(r.reason).toMatchObject({ code: 'ALREADY_EXISTS' });
    }
    const all = await store.listVersions('race', { limit: 100, offset: 0 });
    expect(all.items.map((v) => v.version)).toEqual(
      Array.from({ length: all.items.length }, (_, i) => all.items.length - i),
    );
  });

  it('lists only the datasets a user may read, when asked to', async () => {
    await store.addVersion(version('visible'));
    await store.addVersion(version('hidden'));
    const user = await new SqlUserStore(database).createUser({
      username: 'reader',
      passwordHash: 'x',
      isAdmin: false,
      time: 1,
    });
    await new SqlPermissionStore(database).set('dataset', 'hidden', user.id, 'NO_PERMISSIONS');
    const window = { limit: 1000, offset: 0 };
    const names = async (defaultPermission: 'READ' | 'NO_PERMISSIONS') =>
      (await store.list(window, { userId: user.id, defaultPermission })).items.map((d) => d.name);
    expect(await names('READ')).toContain('visible');
    expect(await names('READ')).not.toContain('hidden');
    await new SqlPermissionStore(database).set('dataset', 'visible', user.id, 'READ');
    expect(await names('NO_PERMISSIONS')).toEqual(['visible']);
  });

  it('rolls a version back with the unit of work that wrote it', async () => {
    const uow = new SqlUnitOfWork(database);
    await expect(
      uow.run(async (s) => {
        await s.datasets.addVersion(version('rolled-back'));
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await store.get('rolled-back')).toBeUndefined();
    expect(await store.getVersion('rolled-back', 1)).toBeUndefined();
  });
});
