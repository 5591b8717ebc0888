import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ModelCache } from '../../src/serving/runtime/model-cache.js';
import { tempDir } from './runtime-test-helpers.js';
import type { TempDir } from './runtime-test-helpers.js';

describe('ModelCache', () => {
  let dir: TempDir;
  beforeEach(async () => {
    dir = await tempDir('slipway-cache-');
  });
  afterEach(async () => {
    await dir.remove();
  });

  it('fetches a key once, even for concurrent callers', async () => {
    const cache = new ModelCache(join(dir.path, 'cache'));
    let fetches = 0;
    const fetch = async (dest: string): Promise<void> => {
      fetches += 1;
      await writeFile(join(dest, 'model.onnx'), 'bytes');
    };
    const paths = await Promise.all(
      Array.from({ length: 5 }, () => cache.ensureLocal('fraud/7', fetch)),
    );
    expect(new Set(paths).size).toBe(1);
    expect(await cache.ensureLocal('fraud/7', fetch)).toBe(paths[0]);
    expect(fetches).toBe(1);
    expect(await readFile(join(paths[0] ?? '', 'model.onnx'), 'utf8')).toBe('bytes');
    expect(await cache.has('fraud/7')).toBe(true);
    expect(cache.pathFor('fraud/7')).not.toBe(cache.pathFor('fraud_7'));
  });

  it('keeps nothing when a fetch fails, and fetches again next time', async () => {
    const cache = new ModelCache(join(dir.path, 'cache'));
    const failing = async (dest: string): Promise<void> => {
      await writeFile(join(dest, 'half'), 'x');
      throw new Error('network down');
    };
    await expect(cache.ensureLocal('m/1', failing)).rejects.toThrow('network down');
    expect(await cache.has('m/1')).toBe(false);
    expect(await readdir(join(dir.path, 'cache'))).toEqual([]);
    const path = await cache.ensureLocal('m/1', (dest) => writeFile(join(dest, 'ok'), 'y'));
    expect(await readdir(path)).toEqual(['ok']);
  });

  it('lets two caches on one directory race for a key: both succeed with one copy', async () => {
    const root = join(dir.path, 'shared');
    const caches = [new ModelCache(root), new ModelCache(root)];
    const paths = await Promise.all(
      caches.map((cache, index) =>
        cache.ensureLocal('m/2', async (dest) => {
          await writeFile(join(dest, 'who'), String(index));
        }),
      ),
    );
    expect(paths[0]).toBe(paths[1]);
    expect(['0', '1']).toContain(await readFile(join(paths[0] ?? '', 'who'), 'utf8'));
    expect((await readdir(root)).filter((name) => name.startsWith('.'))).toEqual([]);
  });

  it('evicts an entry', async () => {
    const cache = new ModelCache(dir.path);
    await cache.ensureLocal('k', (dest) => writeFile(join(dest, 'f'), 'z'));
    await cache.evict('k');
    expect(await cache.has('k')).toBe(false);
  });
});
