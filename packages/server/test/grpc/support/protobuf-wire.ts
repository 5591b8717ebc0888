/**
 * A minimal protobuf wire encoder/decoder for tests: enough to build a ModelInferRequest and read a
 * ModelInferResponse by field number alone, without any .proto, so the test pins the server's
 * field numbers to the published protocol's.
 */

function varint(value: bigint): number[] {
  const out: number[] = [];
  let v = BigInt.asUintN(64, value);
  do {
    let byte = Number(v & 0x7fn);
    v >>= 7n;
    if (v > 0n) byte |= 0x80;
    out.push(byte);
  } while (v > 0n);
  return out;
}

export type WireValue = string | Uint8Array | WireMessage | bigint[];
export interface WireMessage {
  [field: number]: WireValue | WireValue[];
}

/** Length-delimited field: strings, bytes, nested messages and packed varints (bigint[]). */
export function encodeMessage(message: WireMessage): Buffer {
  const parts: Buffer[] = [];
  for (const [key, entry] of Object.entries(message)) {
    const field = Number(key);
    const values = Array.isArray(entry) && !isPacked(entry) ? entry : [entry];
    for (const value of values as WireValue[]) {
      const payload =
        typeof value === 'string'
          ? Buffer.from(value, 'utf8')
          : value instanceof Uint8Array
            ? Buffer.from(value)
            : Array.isArray(value)
              ? Buffer.from(value.flatMap((item) => varint(item)))
              : encodeMessage(value);
      parts.push(
        Buffer.from([...varint(BigInt((field << 3) | 2)), ...varint(BigInt(payload.length))]),
        payload,
      );
    }
  }
  return Buffer.concat(parts);
}

function isPacked(entry: unknown[]): entry is bigint[] {
  return entry.length > 0 && typeof entry[0] === 'bigint';
}

/** Every field of a message: length-delimited ones as Buffers, varints as bigints. */
export function decodeFields(bytes: Uint8Array): Map<number, (Buffer | bigint)[]> {
  const fields = new Map<number, (Buffer | bigint)[]>();
  let offset = 0;
  const readVarint = (): bigint => {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      const byte = bytes[offset] ?? 0;
      offset += 1;
      result |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return result;
      shift += 7n;
    }
  };
  while (offset < bytes.length) {
    const tag = Number(readVarint());
    const field = tag >> 3;
    const wire = tag & 7;
    let value: Buffer | bigint;
    if (wire === 0) value = readVarint();
    else if (wire === 2) {
      const length = Number(readVarint());
      value = Buffer.from(bytes.subarray(offset, offset + length));
      offset += length;
    } else throw new Error(`unexpected wire type ${wire}`);
    fields.set(field, [...(fields.get(field) ?? []), value]);
  }
  return fields;
}

/** Packed varints (e.g. a repeated int64 shape). */
export function decodePackedVarints(bytes: Buffer): bigint[] {
  const values: bigint[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      const byte = bytes[offset] ?? 0;
      offset += 1;
      result |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) break;
      shift += 7n;
    }
    values.push(BigInt.asIntN(64, result));
  }
  return values;
}
