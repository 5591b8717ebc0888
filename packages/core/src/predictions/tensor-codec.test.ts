import { describe, expect, it } from 'vitest';
import { isSlipwayError } from '../errors.js';
import { DATATYPES } from '../inference/datatype.js';
import type { Datatype } from '../inference/datatype.js';
import { float16BitsToNumber } from '../inference/float16.js';
import type { Tensor } from '../inference/tensor.js';
import { mulberry32 } from '../deployments/seeded-random.js';
import { bytesToBase64 } from './bytes-to-base64.js';
import type { LoggedTensor } from './prediction-record.js';
import {
  TENSOR_CODEC_VERSION,
  decodeTensors,
  encodeTensorLists,
  encodeTensors,
  encodedTensorsLength,
} from './tensor-codec.js';

/** The JSON form the logger stored before the binary codec: decoding must give exactly this. */
function viaJson(tensor: Tensor): LoggedTensor {
  const named = (v: number) => (Number.isFinite(v) ? v : String(v));
  const { datatype, data } = tensor;
  let values: LoggedTensor['data'];
  if (datatype === 'BYTES') {
    values = (data as Uint8Array[]).map((b) => Buffer.from(b).toString('base64'));
  } else if (datatype === 'BOOL') {
    values = Array.from(data as Uint8Array, (v) => v !== 0);
  } else if (datatype === 'INT64' || datatype === 'UINT64') {
    values = Array.from(data as BigInt64Array, String);
  } else if (datatype === 'FP16') {
    values = Array.from(data as Uint16Array, (b) => named(float16BitsToNumber(b)));
  } else if (datatype === 'FP32' || datatype === 'FP64') {
    values = Array.from(data as Float64Array, named);
  } else {
    values = Array.from(data as Uint8Array);
  }
  const logged = { name: tensor.name, datatype, shape: [...tensor.shape], data: values };
  return JSON.parse(JSON.stringify(logged)) as LoggedTensor;
}

const random = mulberry32(7);
const randomBytes = (n: number) => Uint8Array.from({ length: n }, () => (random() * 256) | 0);

/** Random elements of every datatype, edge values first. */
function sample(datatype: Datatype, n: number): Tensor['data'] {
  const bits = (size: number) => randomBytes(n * size).buffer;
  switch (datatype) {
    case 'BYTES':
      return [
        new Uint8Array(0),
        new Uint8Array([0, 255]),
        ...Array.from({ length: n }, () => randomBytes((random() * 9) | 0)),
      ];
    case 'BOOL':
      return Uint8Array.from({ length: n }, (_, i) => (i === 0 ? 7 : random() < 0.5 ? 1 : 0));
    case 'UINT8':
      return new Uint8Array(bits(1));
    case 'INT8':
      return new Int8Array(bits(1));
    case 'UINT16':
      return new Uint16Array(bits(2));
    case 'INT16':
      return new Int16Array(bits(2));
    case 'FP16':
      // Every bit pattern, NaNs and infinities included.
      return Uint16Array.from([0x7c00, 0xfc00, 0x7e00, 0x8000, ...new Uint16Array(bits(2))]);
    case 'UINT32':
      return Uint32Array.from([0xffff_ffff, ...new Uint32Array(bits(4))]);
    case 'INT32':
      return new Int32Array(bits(4));
    case 'UINT64':
      return BigUint64Array.from([2n ** 64n - 1n, ...new BigUint64Array(bits(8))]);
    case 'INT64':
      return BigInt64Array.from([-(2n ** 63n), 2n ** 63n - 1n, ...new BigInt64Array(bits(8))]);
    case 'FP32':
      return Float32Array.from([
        NaN,
        Infinity,
        -Infinity,
        -0,
        3.4e38,
        1e-45,
        ...Array.from({ length: n }, () => (random() - 0.5) * 1e6),
      ]);
    case 'FP64':
      return Float64Array.from([
        NaN,
        Infinity,
        -Infinity,
        -0,
        Number.MAX_VALUE,
        5e-324,
        ...Array.from({ length: n }, () => (random() - 0.5) * 1e300),
      ]);
  }
}

function tensorOf(datatype: Datatype, n = 20, name = `in-${datatype.toLowerCase()}`): Tensor {
  const data = sample(datatype, n);
  return { name, datatype, shape: [1, data.length], data };
}

function expectCorrupt(bytes: Uint8Array): void {
  let caught: unknown;
  try {
    decodeTensors(bytes);
  } catch (err) {
    caught = err;
  }
  expect(isSlipwayError(caught) ? caught.code : caught).toBe('INTERNAL');
}

describe('tensor codec', () => {
  it.each(DATATYPES)('round-trips %s to the JSON form the log always returned', (datatype) => {
    const tensor = tensorOf(datatype);
    const encoded = encodeTensors([tensor]);
    expect(encoded.length).toBe(encodedTensorsLength([tensor]));
    expect(decodeTensors(encoded)).toEqual([viaJson(tensor)]);
  });

  it('round-trips a list of every datatype, empty tensors, odd shapes and unicode names', () => {
    const tensors: Tensor[] = [
      ...DATATYPES.map((d) => tensorOf(d, 3)),
      { name: '', datatype: 'FP32', shape: [0, 4_000_000_000_000], data: new Float32Array(0) },
      { name: 'scalar ✓ 日本', datatype: 'INT8', shape: [], data: new Int8Array([-5]) },
      { name: 'no bytes', datatype: 'BYTES', shape: [0], data: [] },
    ];
    expect(decodeTensors(encodeTensors(tensors))).toEqual(tensors.map(viaJson));
    expect(decodeTensors(encodeTensors([]))).toEqual([]);
  });

  it('copies numeric data as raw little-endian bytes, whatever view it comes from', () => {
    const backing = new Float32Array([9, 1.5, -2, 9]);
    const view = backing.subarray(1, 3);
    const encoded = encodeTensors([{ name: 'x', datatype: 'FP32', shape: [2], data: view }]);
    expect(encoded[0]).toBe(TENSOR_CODEC_VERSION);
    const raw = new Uint8Array(new Float32Array([1.5, -2]).buffer);
    expect([...encoded.subarray(encoded.length - 8)]).toEqual([...raw]);
    expect(decodeTensors(encoded)[0]?.data).toEqual([1.5, -2]);
  });

  it('encodes a batch of lists into views of one buffer, each equal to its own encoding', () => {
    const lists: Tensor[][] = [
      [tensorOf('FP32', 3)],
      [],
      [tensorOf('BYTES', 2), tensorOf('INT64', 1)],
    ];
    const encoded = encodeTensorLists(lists);
    expect(encoded.map((bytes) => [...bytes])).toEqual(lists.map((l) => [...encodeTensors(l)]));
    expect(new Set(encoded.map((bytes) => bytes.buffer)).size).toBe(1);
    expect(decodeTensors(encoded[2] as Uint8Array)).toEqual((lists[2] as Tensor[]).map(viaJson));
    expect(encodeTensorLists([])).toEqual([]);
  });

  it('decodes from any byte offset (a driver hands back unaligned buffers)', () => {
    const tensors = (['FP64', 'INT64', 'FP16', 'INT32'] as const).map((d) => tensorOf(d, 5));
    const encoded = encodeTensors(tensors);
    for (const shift of [1, 2, 3, 5]) {
      const padded = new Uint8Array(encoded.length + shift);
      padded.set(encoded, shift);
      expect(decodeTensors(padded.subarray(shift))).toEqual(tensors.map(viaJson));
      // A Node Buffer's slice() is a view, not a copy: the decoder must not rely on it.
      const pooled = Buffer.from(padded.buffer, shift, encoded.length);
      expect(decodeTensors(pooled)).toEqual(tensors.map(viaJson));
    }
    expect(decodeTensors(Buffer.from(encoded))).toEqual(tensors.map(viaJson));
  });

  it('matches Buffer base64 for BYTES of every length', () => {
    for (let n = 0; n < 40; n++) {
      const bytes = randomBytes(n);
      expect(bytesToBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
    }
  });

  it('rejects tensors it cannot encode with a TypeError naming the tensor', () => {
    const good: Tensor = { name: 'x', datatype: 'FP32', shape: [1], data: new Float32Array(1) };
    const bad: unknown[] = [
      null,
      { ...good, name: 5 },
      { ...good, datatype: 'FP8' },
      { ...good, data: new Float64Array(1) },
      { ...good, datatype: 'BYTES', data: ['aGk='] },
      { ...good, data: [0.5] },
      { ...good, shape: [1.5] },
      { ...good, shape: [-1] },
      { ...good, shape: 'big' },
    ];
    for (const tensor of bad) {
      expect(() => encodeTensors([good, tensor as Tensor])).toThrow(/^Tensor 1 cannot be logged/);
    }
    expect(() => encodedTensorsLength(undefined as never)).toThrow(TypeError);
  });

  it('reports truncated, trailing or foreign bytes as INTERNAL corruption', () => {
    const encoded = encodeTensors([tensorOf('FP32', 4), tensorOf('BYTES', 2)]);
    for (let cut = 0; cut < encoded.length; cut += 7) expectCorrupt(encoded.subarray(0, cut));
    expectCorrupt(Uint8Array.from([...encoded, 0]));
    expectCorrupt(new TextEncoder().encode('[]'));
    const badCode = encoded.slice();
    badCode[5] = 200;
    expectCorrupt(badCode);
  });
});
