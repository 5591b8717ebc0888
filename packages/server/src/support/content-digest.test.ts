import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Writable } from 'node:stream';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { HashingStream, combineDigest } from './content-digest.js';

const sha = (text: string) => createHash('sha256').update(text).digest('hex');

describe('content digests', () => {
  it('do not depend on the order files are listed in', () => {
    const a = [
      { path: 'model.onnx', sha256: sha('weights') },
      { path: 'slipway-model.json', sha256: sha('{}') },
    ];
    expect(combineDigest(a)).toBe(combineDigest([...a].reverse()));
    expect(combineDigest(a)).toMatch(/^sha256:[0-9a-f]{64}$/u);
  });

  it('change when a file is renamed, changed, added or removed', () => {
    const base = [{ path: 'a', sha256: sha('1') }];
    const digest = combineDigest(base);
    expect(combineDigest([{ path: 'b', sha256: sha('1') }])).not.toBe(digest);
    expect(combineDigest([{ path: 'a', sha256: sha('2') }])).not.toBe(digest);
    expect(combineDigest([...base, { path: 'c', sha256: sha('') }])).not.toBe(digest);
    expect(combineDigest([])).not.toBe(digest);
  });

  it('hash the bytes streamed through them', async () => {
    const tap = new HashingStream();
    const chunks: Buffer[] = [];
    await pipeline(
      Readable.from([Buffer.from('hello '), Buffer.from('world')]),
      tap,
      new Writable({
        write(chunk: Buffer, _e, done) {
          chunks.push(chunk);
          done();
        },
      }),
    );
    expect(Buffer.concat(chunks).toString()).toBe('hello world');
    expect(tap.hex()).toBe(sha('hello world'));
  });
});
