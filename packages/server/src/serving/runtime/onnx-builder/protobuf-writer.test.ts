import { describe, expect, it } from 'vitest';
import { ProtobufWriter } from './protobuf-writer.js';

// Expected bytes from the protobuf encoding guide (developers.google.com/protocol-buffers/docs/encoding).
describe('ProtobufWriter', () => {
  it('encodes varints and keys', () => {
    expect(Array.from(new ProtobufWriter().varint(1, 150).finish())).toEqual([0x08, 0x96, 0x01]);
    expect(Array.from(new ProtobufWriter().varint(1, 300).finish())).toEqual([0x08, 0xac, 0x02]);
    expect(Array.from(new ProtobufWriter().varint(1, 2 ** 35).finish())).toEqual([
      0x08, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01,
    ]);
  });

  it('encodes strings, packed varints and nested messages', () => {
    expect(Array.from(new ProtobufWriter().string(2, 'testing').finish())).toEqual([
      0x12, 0x07, 0x74, 0x65, 0x73, 0x74, 0x69, 0x6e, 0x67,
    ]);
    expect(Array.from(new ProtobufWriter().packedVarints(4, [3, 270, 86942]).finish())).toEqual([
      0x22, 0x06, 0x03, 0x8e, 0x02, 0x9e, 0xa7, 0x05,
    ]);
    expect(
      Array.from(new ProtobufWriter().message(3, (inner) => inner.varint(1, 150)).finish()),
    ).toEqual([0x1a, 0x03, 0x08, 0x96, 0x01]);
  });

  it('refuses values a varint cannot hold exactly', () => {
    expect(() => new ProtobufWriter().varint(1, -1)).toThrow(/out of range/);
    expect(() => new ProtobufWriter().varint(1, 2 ** 60)).toThrow(/out of range/);
  });
});
