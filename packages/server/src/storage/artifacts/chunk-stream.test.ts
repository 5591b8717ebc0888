import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { chunkStream } from './chunk-stream.js';

async function collect(
  source: AsyncIterable<Uint8Array | string>,
  size: number,
): Promise<Buffer[]> {
  const out: Buffer[] = [];
  for await (const chunk of chunkStream(source, size)) out.push(Buffer.from(chunk));
  return out;
}

function bytes(length: number, seed = 1): Buffer {
  const out = Buffer.alloc(length);
  for (let i = 0; i < length; i += 1) out[i] = (i * 31 + seed) % 251;
  return out;
}

describe('chunkStream', () => {
  it('re-cuts uneven pieces into exact chunks and a shorter tail', async () => {
    const data = bytes(1000);
    const pieces = [
      data.subarray(0, 7),
      data.subarray(7, 300),
      data.subarray(300, 301),
      data.subarray(301),
    ];
    const chunks = await collect(Readable.from(pieces), 256);
    expect(chunks.map((c) => c.length)).toEqual([256, 256, 256, 232]);
    expect(Buffer.concat(chunks).equals(data)).toBe(true);
  });

  it('yields nothing for an empty source and skips empty pieces', async () => {
    expect(await collect(Readable.from([]), 10)).toEqual([]);
    const chunks = await collect(
      Readable.from([Buffer.alloc(0), Buffer.from('abc'), Buffer.alloc(0)]),
      10,
    );
    expect(chunks.map((c) => c.toString())).toEqual(['abc']);
  });

  it('splits one large piece into several chunks', async () => {
    const data = bytes(25, 7);
    const chunks = await collect(Readable.from([data]), 10);
    expect(chunks.map((c) => c.length)).toEqual([10, 10, 5]);
    expect(Buffer.concat(chunks).equals(data)).toBe(true);
  });

  it('accepts strings as UTF-8', async () => {
    const chunks = await collect(Readable.from(['héllo', ' wörld'], { objectMode: true }), 4);
    expect(Buffer.concat(chunks).toString('utf8')).toBe('héllo wörld');
    expect(chunks.slice(0, -1).every((c) => c.length === 4)).toBe(true);
  });

  it('destroys the source when the consumer stops early', async () => {
    const source = Readable.from([bytes(10), bytes(10), bytes(10)]);
    for await (const chunk of chunkStream(source, 10)) {
      expect(chunk.length).toBe(10);
      break;
    }
    expect(source.destroyed).toBe(true);
  });

  it('rejects a bad chunk size', async () => {
    await expect(collect(Readable.from([]), 0)).rejects.toThrow(RangeError);
  });
});
