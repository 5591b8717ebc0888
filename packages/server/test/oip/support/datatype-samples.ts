import type { Datatype } from '@slipway/core';

/**
 * Sample values for every protocol datatype, each as a [2, 2] tensor. `json` is what a client
 * sends as JSON data and `jsonOut` what must come back (FP16 and FP32 round to their precision;
 * the rounded values are the known binary16 / binary32 neighbours). `raw` is the same tensor in the
 * protocol's binary layout, written here with Buffer's own little-endian writers, independent of
 * the server's codec; `rawOut` is what the server must report for it as JSON.
 */
export interface DatatypeSample {
  datatype: Datatype;
  name: string;
  shape: number[];
  json: unknown[];
  jsonOut: unknown[];
  raw: Buffer;
  rawOut: unknown[];
}

function fixed(
  size: number,
  values: readonly (number | bigint)[],
  write: (buf: Buffer, v: never, at: number) => void,
): Buffer {
  const buf = Buffer.alloc(size * values.length);
  values.forEach((value, index) => write(buf, value as never, index * size));
  return buf;
}

function bytesRaw(values: readonly Buffer[]): Buffer {
  return Buffer.concat(
    values.flatMap((value) => {
      const length = Buffer.alloc(4);
      length.writeUInt32LE(value.length, 0);
      return [length, value];
    }),
  );
}

const FP32_POINT_ONE = 0.10000000149011612;
const FP16_POINT_ONE = 0.0999755859375;

export const DATATYPE_SAMPLES: DatatypeSample[] = [
  {
    datatype: 'BOOL',
    json: [true, false, false, true],
    jsonOut: [true, false, false, true],
    raw: Buffer.from([1, 0, 0, 1]),
    rawOut: [true, false, false, true],
  },
  {
    datatype: 'UINT8',
    json: [0, 1, 254, 255],
    jsonOut: [0, 1, 254, 255],
    raw: Buffer.from([0, 1, 254, 255]),
    rawOut: [0, 1, 254, 255],
  },
  {
    datatype: 'UINT16',
    json: [0, 1, 65534, 65535],
    jsonOut: [0, 1, 65534, 65535],
    raw: fixed(2, [0, 1, 65534, 65535], (b, v: number, at) => b.writeUInt16LE(v, at)),
    rawOut: [0, 1, 65534, 65535],
  },
  {
    datatype: 'UINT32',
    json: [0, 1, 4294967294, 4294967295],
    jsonOut: [0, 1, 4294967294, 4294967295],
    raw: fixed(4, [0, 1, 4294967294, 4294967295], (b, v: number, at) => b.writeUInt32LE(v, at)),
    rawOut: [0, 1, 4294967294, 4294967295],
  },
  {
    datatype: 'UINT64',
    json: [0, 1, 9007199254740991, 12345],
    jsonOut: [0, 1, 9007199254740991, 12345],
    raw: fixed(8, [0n, 1n, 9007199254740991n, 12345n], (b, v: bigint, at) =>
      b.writeBigUInt64LE(v, at),
    ),
    rawOut: [0, 1, 9007199254740991, 12345],
  },
  {
    datatype: 'INT8',
    json: [-128, -1, 0, 127],
    jsonOut: [-128, -1, 0, 127],
    raw: fixed(1, [-128, -1, 0, 127], (b, v: number, at) => b.writeInt8(v, at)),
    rawOut: [-128, -1, 0, 127],
  },
  {
    datatype: 'INT16',
    json: [-32768, -1, 0, 32767],
    jsonOut: [-32768, -1, 0, 32767],
    raw: fixed(2, [-32768, -1, 0, 32767], (b, v: number, at) => b.writeInt16LE(v, at)),
    rawOut: [-32768, -1, 0, 32767],
  },
  {
    datatype: 'INT32',
    json: [-2147483648, -1, 0, 2147483647],
    jsonOut: [-2147483648, -1, 0, 2147483647],
    raw: fixed(4, [-2147483648, -1, 0, 2147483647], (b, v: number, at) => b.writeInt32LE(v, at)),
    rawOut: [-2147483648, -1, 0, 2147483647],
  },
  {
    datatype: 'INT64',
    json: [-9007199254740991, -1, 0, 9007199254740991],
    jsonOut: [-9007199254740991, -1, 0, 9007199254740991],
    raw: fixed(8, [-9007199254740991n, -1n, 0n, 9007199254740991n], (b, v: bigint, at) =>
      b.writeBigInt64LE(v, at),
    ),
    rawOut: [-9007199254740991, -1, 0, 9007199254740991],
  },
  {
    datatype: 'FP16',
    json: [1.5, -2, 65504, 0.1],
    jsonOut: [1.5, -2, 65504, FP16_POINT_ONE],
    // 1.5, -2, 65504 (largest half) and the half nearest 0.1, as IEEE 754 binary16 bit patterns.
    raw: fixed(2, [0x3e00, 0xc000, 0x7bff, 0x2e66], (b, v: number, at) => b.writeUInt16LE(v, at)),
    rawOut: [1.5, -2, 65504, FP16_POINT_ONE],
  },
  {
    datatype: 'FP32',
    json: [0.5, -1.25, 0.1, 3.4028234663852886e38],
    jsonOut: [0.5, -1.25, FP32_POINT_ONE, 3.4028234663852886e38],
    raw: fixed(4, [0.5, -1.25, 0.1, 3.4028234663852886e38], (b, v: number, at) =>
      b.writeFloatLE(v, at),
    ),
    rawOut: [0.5, -1.25, FP32_POINT_ONE, 3.4028234663852886e38],
  },
  {
    datatype: 'FP64',
    json: [0.1, -1e308, 5e-324, 1 / 3],
    jsonOut: [0.1, -1e308, 5e-324, 1 / 3],
    raw: fixed(8, [0.1, -1e308, 5e-324, 1 / 3], (b, v: number, at) => b.writeDoubleLE(v, at)),
    rawOut: [0.1, -1e308, 5e-324, 1 / 3],
  },
  {
    datatype: 'BYTES',
    json: ['hello', '', 'héllo wörld', '日本語'],
    jsonOut: ['hello', '', 'héllo wörld', '日本語'],
    raw: bytesRaw(['hello', '', 'héllo wörld', '日本語'].map((text) => Buffer.from(text, 'utf8'))),
    rawOut: ['hello', '', 'héllo wörld', '日本語'],
  },
].map((sample) => ({
  ...sample,
  name: sample.datatype.toLowerCase(),
  shape: [2, 2],
})) as DatatypeSample[];

/** BYTES elements that are not UTF-8, to prove the binary path carries arbitrary bytes. */
export const ARBITRARY_BYTES = [
  Buffer.from([0xff, 0xfe, 0x00]),
  Buffer.from([]),
  Buffer.from([0x80]),
  Buffer.from('ok'),
];
export const ARBITRARY_BYTES_RAW = bytesRaw(ARBITRARY_BYTES);

/** 64-bit extremes JSON cannot carry exactly, in binary, and the digits the server must print. */
export const INT64_EXTREMES = {
  raw: fixed(8, [-9223372036854775808n, -1n, 0n, 9223372036854775807n], (b, v: bigint, at) =>
    b.writeBigInt64LE(v, at),
  ),
  digits: '[-9223372036854775808,-1,0,9223372036854775807]',
};
export const UINT64_EXTREMES = {
  raw: fixed(8, [0n, 1n, 18446744073709551615n, 9007199254740993n], (b, v: bigint, at) =>
    b.writeBigUInt64LE(v, at),
  ),
  digits: '[0,1,18446744073709551615,9007199254740993]',
};
