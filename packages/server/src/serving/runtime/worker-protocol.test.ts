import { describe, expect, it } from 'vitest';
import { SlipwayError } from '@slipway/core';
import type { Tensor } from '@slipway/core';
import {
  TRANSFER_MIN_BYTES,
  deserializeError,
  ownedCopy,
  postableTensor,
  serializeError,
  transferList,
} from './worker-protocol.js';

describe('transferList', () => {
  it('moves only buffers a view covers whole', () => {
    const whole = new Float32Array(4);
    const shared = new ArrayBuffer(64);
    const slice = new Float32Array(shared, 16, 4);
    const tensors: Tensor[] = [
      { name: 'a', datatype: 'FP32', shape: [4], data: whole },
      { name: 'b', datatype: 'FP32', shape: [4], data: slice },
      {
        name: 'c',
        datatype: 'BYTES',
        shape: [2],
        data: [new Uint8Array(2), Buffer.from('pooled')],
      },
    ];
    const list = transferList(tensors, 0);
    expect(list).toContain(whole.buffer);
    expect(list).not.toContain(shared);
    expect(list).toHaveLength(2);
  });

  it('clones small buffers instead of transferring them by default', () => {
    const small = new Float32Array(30);
    const large = new Float32Array(TRANSFER_MIN_BYTES / 4);
    const list = transferList([
      { name: 's', datatype: 'FP32', shape: [30], data: small },
      { name: 'l', datatype: 'FP32', shape: [large.length], data: large },
    ]);
    expect(list).toEqual([large.buffer]);
  });
});

describe('postableTensor', () => {
  it('copies only tensors whose buffers will be transferred', () => {
    const small: Tensor = { name: 's', datatype: 'FP32', shape: [2], data: new Float32Array(2) };
    expect(postableTensor(small)).toBe(small);
    const large: Tensor = {
      name: 'l',
      datatype: 'FP32',
      shape: [TRANSFER_MIN_BYTES],
      data: new Float32Array(TRANSFER_MIN_BYTES).fill(3),
    };
    const posted = postableTensor(large);
    structuredClone(posted, { transfer: transferList([posted]) });
    expect(posted.data.length).toBe(0);
    expect((large.data as Float32Array)[5]).toBe(3);
  });
});

describe('ownedCopy', () => {
  it('copies data so transferring the copy leaves the original usable', () => {
    const original: Tensor = {
      name: 'a',
      datatype: 'FP64',
      shape: [2],
      data: new Float64Array([1, 2]),
    };
    const copy = ownedCopy(original);
    structuredClone(copy, { transfer: transferList([copy], 0) });
    expect(copy.data.length).toBe(0);
    expect(Array.from(original.data as Float64Array)).toEqual([1, 2]);
  });
});

describe('error serialization', () => {
  it('keeps SlipwayError codes, duck-typed ones too, and makes the rest INTERNAL', () => {
    const kept = serializeError(
      new SlipwayError({ code: 'INVALID_ARGUMENT', message: 'bad x' }),
      'ctx',
    );
    expect(kept).toEqual({ code: 'INVALID_ARGUMENT', message: 'bad x' });
    const duck = Object.assign(new Error('no'), { name: 'SlipwayError', code: 'NOT_FOUND' });
    expect(serializeError(duck, 'ctx').code).toBe('NOT_FOUND');
    const bogus = Object.assign(new Error('eh'), { name: 'SlipwayError', code: 'WHATEVER' });
    expect(serializeError(bogus, 'Inference failed')).toEqual({
      code: 'INTERNAL',
      message: 'Inference failed: eh',
    });
    const rebuilt = deserializeError(kept);
    expect(rebuilt).toBeInstanceOf(SlipwayError);
    expect(rebuilt.httpStatus).toBe(400);
  });
});
