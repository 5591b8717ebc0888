import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SlipwayError } from '@slipway/core';
import { LocalArtifactStore } from '../../src/storage/artifacts/local-artifact-store.js';
import { failingStream, readAll } from './stream-helpers.js';

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  return promise.then(
    () => undefined,
    (err: unknown) => (err instanceof SlipwayError ? err.code : `not a SlipwayError: ${err}`),
  );
}

/** Every file and directory below `dir`, relative, so leftovers (temp files) show up. */
function tree(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort();
}

describe('LocalArtifactStore', () => {
  let base: string;
  let root: string;
  let outside: string;
  let store: LocalArtifactStore;

  beforeEach(async () => {
    base = mkdtempSync(join(tmpdir(), 'slipway-local-artifacts-'));
    root = join(base, 'nested', 'root');
    outside = join(base, 'outside');
    mkdirSync(outside);
    writeFileSync(join(outside, 'secret.txt'), 'top secret');
    store = await LocalArtifactStore.open(root);
  });

  afterEach(async () => {
    await store.close();
    rmSync(base, { recursive: true, force: true });
  });

  it('creates a missing root and writes plain files under it', async () => {
    expect(existsSync(root)).toBe(true);
    await store.put('a/b.txt', new TextEncoder().encode('hello'));
    expect(readFileSync(join(root, 'a', 'b.txt'), 'utf8')).toBe('hello');
  });

  it('refuses a root that is a file', async () => {
    const filePath = join(base, 'file-root');
    writeFileSync(filePath, 'x');
    expect(await codeOf(LocalArtifactStore.open(filePath))).toBe('FAILED_PRECONDITION');
  });

  it('leaves no temp file behind, on success or on failure', async () => {
    await store.put('dir/ok.bin', Buffer.from('ok'));
    await expect(store.put('dir/broken.bin', failingStream(300_000))).rejects.toThrow(
      'source stream broke',
    );
    expect(tree(root)).toEqual(['dir', join('dir', 'ok.bin')]);
  });

  it('does not list files it did not write completely (in-progress temp files)', async () => {
    writeFileSync(join(root, '.slipway-upload-00000000-0000-0000-0000-000000000000'), 'partial');
    writeFileSync(join(root, 'real.txt'), 'real');
    expect(await store.list('')).toEqual([{ path: 'real.txt', isDir: false, fileSize: 4 }]);
  });

  it('reports a file in the way of a directory, and a directory in the way of a file', async () => {
    await store.put('model', Buffer.from('a file'));
    expect(await codeOf(store.put('model/weights.bin', Buffer.from('x')))).toBe(
      'FAILED_PRECONDITION',
    );
    expect(await codeOf(store.put('model/deeper/weights.bin', Buffer.from('x')))).toBe(
      'FAILED_PRECONDITION',
    );
    await store.put('dir/file.txt', Buffer.from('x'));
    expect(await codeOf(store.put('dir', Buffer.from('x')))).toBe('FAILED_PRECONDITION');
    expect(readFileSync(join(root, 'model'), 'utf8')).toBe('a file');
  });

  describe('symbolic links', () => {
    beforeEach(() => {
      mkdirSync(root, { recursive: true });
      symlinkSync(outside, join(root, 'escape'));
      symlinkSync(join(outside, 'secret.txt'), join(root, 'secret-link.txt'));
    });

    it('will not read through a link that leaves the root', async () => {
      expect(await codeOf(store.get('escape/secret.txt'))).toBe('PERMISSION_DENIED');
      expect(await codeOf(store.get('secret-link.txt'))).toBe('PERMISSION_DENIED');
      expect(await codeOf(store.exists('escape/secret.txt'))).toBe('PERMISSION_DENIED');
      expect(await codeOf(store.list('escape'))).toBe('PERMISSION_DENIED');
    });

    it('will not write through a link that leaves the root', async () => {
      expect(await codeOf(store.put('escape/new.txt', Buffer.from('x')))).toBe('PERMISSION_DENIED');
      expect(await codeOf(store.put('escape/new/dir/file.txt', Buffer.from('x')))).toBe(
        'PERMISSION_DENIED',
      );
      expect(readdirSync(outside)).toEqual(['secret.txt']);
    });

    it('will not delete through a link, and deleting the link keeps its target', async () => {
      expect(await codeOf(store.delete('escape/secret.txt'))).toBe('PERMISSION_DENIED');
      await store.delete('escape');
      await store.delete('secret-link.txt');
      expect(readFileSync(join(outside, 'secret.txt'), 'utf8')).toBe('top secret');
      expect(existsSync(join(root, 'escape'))).toBe(false);
    });

    it('hides escaping links from listings', async () => {
      await store.put('visible.txt', Buffer.from('v'));
      expect(await store.list('')).toEqual([{ path: 'visible.txt', isDir: false, fileSize: 1 }]);
    });

    it('follows links that stay inside the root', async () => {
      await store.put('real/data.txt', Buffer.from('inside'));
      symlinkSync(join(root, 'real'), join(root, 'alias'));
      expect((await readAll(await store.get('alias/data.txt'))).toString()).toBe('inside');
      expect(await store.list('alias')).toEqual([
        { path: 'alias/data.txt', isDir: false, fileSize: 6 },
      ]);
    });
  });
});
