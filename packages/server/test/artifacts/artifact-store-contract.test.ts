import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SlipwayError } from '@slipway/core';
import type { ArtifactFileInfo, ArtifactStore } from '@slipway/core';
import { localBackend, s3Backend } from './artifact-backends.js';
import { failingStream, generatedStream, readAll, sha256Of } from './stream-helpers.js';

const MiB = 1024 * 1024;

async function expectCode(promise: Promise<unknown>, code: string): Promise<SlipwayError> {
  const error = await promise.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(error).toBeInstanceOf(SlipwayError);
  expect((error as SlipwayError).code).toBe(code);
  return error as SlipwayError;
}

const text = (value: string): Uint8Array => new TextEncoder().encode(value);
const file = (path: string, fileSize: number): ArtifactFileInfo => ({
  path,
  isDir: false,
  fileSize,
});
const dir = (path: string): ArtifactFileInfo => ({ path, isDir: true });

describe.each([localBackend(), s3Backend(true), s3Backend(false)])(
  'ArtifactStore contract: $name',
  (backend) => {
    let store: ArtifactStore;
    let dispose: () => Promise<void>;

    beforeAll(() => backend.start());
    afterAll(() => backend.stop());
    beforeEach(async () => {
      ({ store, dispose } = await backend.open());
    });
    afterEach(() => dispose());

    it('round-trips text at nested paths, from bytes and from streams', async () => {
      await store.put('model/MLmodel', text('flavor: onnx\n'));
      await store.put('a/b/c/d/e.txt', Readable.from([Buffer.from('deep '), Buffer.from('file')]));
      expect((await readAll(await store.get('model/MLmodel'))).toString()).toBe('flavor: onnx\n');
      expect((await readAll(await store.get('a/b/c/d/e.txt'))).toString()).toBe('deep file');
      // The path is normalised the same way on every backend.
      expect((await readAll(await store.get('./a/b//c/d/e.txt'))).toString()).toBe('deep file');
    });

    it('round-trips random binary content byte for byte', async () => {
      const bytes = randomBytes(300_001);
      await store.put('bin/random.bin', bytes);
      const copy = await readAll(await store.get('bin/random.bin'));
      expect(copy.length).toBe(bytes.length);
      expect(copy.equals(bytes)).toBe(true);

      const streamed = randomBytes(1_000_003);
      const pieces = [0, 1, 4096, 500_000, 999_999, streamed.length];
      const source = Readable.from(
        pieces.slice(1).map((end, i) => streamed.subarray(pieces[i], end)),
      );
      await store.put('bin/streamed.bin', source);
      expect((await readAll(await store.get('bin/streamed.bin'))).equals(streamed)).toBe(true);
    });

    it('stores an empty file', async () => {
      await store.put('empty.txt', new Uint8Array(0));
      expect((await readAll(await store.get('empty.txt'))).length).toBe(0);
      expect(await store.exists('empty.txt')).toBe(true);
      expect(await store.list('')).toEqual([file('empty.txt', 0)]);
    });

    it('uploads a 12 MiB stream of unknown length intact', async () => {
      const size = 12 * MiB + 12345;
      const generated = generatedStream(size);
      const before = (await backend.requests()).length;
      await store.put('big/weights.bin', generated.stream);
      const stored = await sha256Of(await store.get('big/weights.bin'));
      expect(stored.bytes).toBe(size);
      expect(stored.hex).toBe(generated.sha256());
      expect(await store.list('big')).toEqual([file('big/weights.bin', size)]);
      if (backend.kind === 's3') {
        // With 5 MiB parts this must have been a multipart upload of 3 parts.
        const sent = (await backend.requests()).slice(before);
        expect(sent.filter((r) => r.startsWith('POST') && r.includes('?uploads'))).toHaveLength(1);
        expect(sent.filter((r) => r.startsWith('PUT') && r.includes('partNumber='))).toHaveLength(
          3,
        );
      }
    });

    it('replaces an existing file', async () => {
      await store.put('config.json', text('{"v":1}'));
      await store.put('config.json', text('{"v":2,"longer":true}'));
      expect((await readAll(await store.get('config.json'))).toString()).toBe(
        '{"v":2,"longer":true}',
      );
      expect(await store.list('')).toEqual([file('config.json', 21)]);
    });

    it('lists immediate children of the root and of subdirectories, sorted, with sizes', async () => {
      await store.put('z.txt', text('zz'));
      await store.put('a.txt', text('a'));
      await store.put('dir/b.txt', text('bbb'));
      await store.put('dir/sub/c.bin', randomBytes(10));
      await store.put('dir/sub/d.bin', randomBytes(20));
      await store.put('dir/sub/deeper/e.bin', randomBytes(5));
      await store.put('dir-x/f.txt', text('f'));
      await store.put('other/g.txt', text('gggg'));

      expect(await store.list('')).toEqual([
        file('a.txt', 1),
        dir('dir'),
        dir('dir-x'),
        dir('other'),
        file('z.txt', 2),
      ]);
      expect(await store.list('dir')).toEqual([file('dir/b.txt', 3), dir('dir/sub')]);
      expect(await store.list('dir/sub')).toEqual([
        file('dir/sub/c.bin', 10),
        file('dir/sub/d.bin', 20),
        dir('dir/sub/deeper'),
      ]);
      expect(await store.list('./dir/sub/')).toEqual(await store.list('dir/sub'));
      expect(await store.list('missing')).toEqual([]);
      expect(await store.list('dir/missing/deeper')).toEqual([]);
      expect(await store.list('a.txt')).toEqual([]);
    });

    it('lists an empty store as empty', async () => {
      expect(await store.list('')).toEqual([]);
    });

    it('answers exists for files only', async () => {
      await store.put('dir/sub/file.txt', text('x'));
      expect(await store.exists('dir/sub/file.txt')).toBe(true);
      expect(await store.exists('dir/sub')).toBe(false);
      expect(await store.exists('dir/sub/other.txt')).toBe(false);
      expect(await store.exists('nothing/here')).toBe(false);
    });

    it('fails with NOT_FOUND for absent files and for directories', async () => {
      await store.put('dir/file.txt', text('x'));
      const error = await expectCode(store.get('dir/absent.txt'), 'NOT_FOUND');
      expect(error.message).toContain('dir/absent.txt');
      await expectCode(store.get('dir'), 'NOT_FOUND');
      await expectCode(store.get('nowhere/at/all'), 'NOT_FOUND');
    });

    it('deletes a single file and keeps its siblings', async () => {
      await store.put('dir/keep.txt', text('keep'));
      await store.put('dir/drop.txt', text('drop'));
      await store.delete('dir/drop.txt');
      expect(await store.exists('dir/drop.txt')).toBe(false);
      await expectCode(store.get('dir/drop.txt'), 'NOT_FOUND');
      expect(await store.list('dir')).toEqual([file('dir/keep.txt', 4)]);
    });

    it('deletes everything under a directory prefix and nothing beside it', async () => {
      // Seven files: more than one listing page on S3, so deletion has to paginate.
      for (const name of ['a', 'b', 'c', 'd', 'e']) await store.put(`run/${name}.txt`, text(name));
      await store.put('run/nested/deep/x.bin', randomBytes(3));
      await store.put('run/nested/y.bin', randomBytes(4));
      await store.put('run-2/keep.txt', text('keep'));
      await store.put('runner.txt', text('keep'));

      await store.delete('run');
      expect(await store.list('run')).toEqual([]);
      expect(await store.exists('run/a.txt')).toBe(false);
      expect(await store.exists('run/nested/deep/x.bin')).toBe(false);
      expect(await store.list('')).toEqual([dir('run-2'), file('runner.txt', 4)]);
      expect((await readAll(await store.get('run-2/keep.txt'))).toString()).toBe('keep');
    });

    it('treats deleting an absent path as success and refuses to delete the root', async () => {
      await store.put('a.txt', text('a'));
      await store.delete('absent.txt');
      await store.delete('absent/dir');
      await expectCode(store.delete(''), 'INVALID_ARGUMENT');
      await expectCode(store.delete('./'), 'INVALID_ARGUMENT');
      expect(await store.exists('a.txt')).toBe(true);
    });

    it.each([
      ['put', (s: ArtifactStore, p: string) => s.put(p, text('x'))],
      ['get', (s: ArtifactStore, p: string) => s.get(p)],
      ['exists', (s: ArtifactStore, p: string) => s.exists(p)],
      ['list', (s: ArtifactStore, p: string) => s.list(p)],
      ['delete', (s: ArtifactStore, p: string) => s.delete(p)],
    ])('%s rejects unsafe paths with INVALID_ARGUMENT', async (_name, call) => {
      await store.put('safe/file.txt', text('x'));
      for (const bad of [
        '../escape.txt',
        'safe/../../x',
        '/etc/passwd',
        'C:/x',
        'a\\b',
        'a\u0000b',
      ]) {
        const error = await expectCode(call(store, bad), 'INVALID_ARGUMENT');
        expect(error.message).toContain('artifact path');
      }
      expect(await store.list('')).toEqual([dir('safe')]);
      expect(await store.exists('safe/file.txt')).toBe(true);
    });

    it('leaves nothing behind when the source stream fails, and keeps the old file', async () => {
      await store.put('model.bin', text('version 1'));
      await expect(store.put('model.bin', failingStream(100_000))).rejects.toThrow(
        'source stream broke',
      );
      expect((await readAll(await store.get('model.bin'))).toString()).toBe('version 1');

      await expect(store.put('fresh/model.bin', failingStream(1000))).rejects.toThrow(
        'source stream broke',
      );
      expect(await store.exists('fresh/model.bin')).toBe(false);
      await expectCode(store.get('fresh/model.bin'), 'NOT_FOUND');
      expect((await store.list('fresh')).filter((f) => !f.isDir)).toEqual([]);
      expect(await store.list('')).toEqual(expect.arrayContaining([file('model.bin', 9)]));
    });

    it('leaves nothing behind when a multi-part upload fails midway', async () => {
      // 11 MiB then an error: with 5 MiB parts, two parts were already sent to S3.
      const source = failingStream(11 * MiB);
      await expect(store.put('big/partial.bin', source)).rejects.toThrow('source stream broke');
      expect(await store.exists('big/partial.bin')).toBe(false);
      expect(await store.list('big')).toEqual([]);
    });

    it('serves concurrent reads and writes of different files', async () => {
      const contents = Array.from({ length: 8 }, (_, i) => randomBytes(1000 + i));
      await Promise.all(contents.map((bytes, i) => store.put(`many/f${i}.bin`, bytes)));
      const hashes = await Promise.all(
        contents.map(async (_, i) => (await sha256Of(await store.get(`many/f${i}.bin`))).hex),
      );
      expect(hashes).toEqual(contents.map((b) => createHash('sha256').update(b).digest('hex')));
      expect((await store.list('many')).map((f) => f.path)).toEqual(
        contents.map((_, i) => `many/f${i}.bin`),
      );
    });
  },
);
