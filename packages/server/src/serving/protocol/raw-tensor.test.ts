import { describe, expect, it } from 'vitest';
import { decodeRawTensor, encodeRawTensor } from './raw-tensor.js';

describe('raw tensor layout', () => {
  it('decodes little-endian numbers into an owned, aligned typed array', () => {
    const bytes = Buffer.alloc(1 + 8);
    bytes.writeDoubleLE(-2.5, 1);
    const data = decodeRawTensor(bytes.subarray(1), { name: 'x', datatype: 'FP64', shape: [1] });
    expect(data).toBeInstanceOf(Float64Array);
    expect(Array.from(data as Float64Array)).toEqual([-2.5]);
    expect((data as Float64Array).buffer).not.toBe(bytes.buffer);
  });

  it('encodes BYTES as 4-byte little-endian lengths followed by the bytes', () => {
    const encoded = encodeRawTensor({
      name: 's',
      datatype: 'BYTES',
      shape: [2],
      data: [Buffer.from('ab'), Buffer.from('')],
    });
    expect(Buffer.from(encoded).toString('hex')).toBe('020000006162' + '00000000');
  });

  it('refuses sizes that do not match the shape, naming the tensor', () => {
    expect(() =>
      decodeRawTensor(Buffer.alloc(6), { name: 'x', datatype: 'INT32', shape: [2] }),
    ).toThrow("Input 'x': INT32 shape [2] needs 8 bytes of binary data but 6 were given.");
    expect(() =>
      decodeRawTensor(Buffer.from('0100000061ff', 'hex'), {
        name: 's',
        datatype: 'BYTES',
        shape: [1],
      }),
    ).toThrow('1 bytes after its 1 elements');
    expect(() =>
      decodeRawTensor(Buffer.from('01000000', 'hex'), { name: 's', datatype: 'BYTES', shape: [2] }),
    ).toThrow('declares 1 bytes but only 0 remain');
  });
});
