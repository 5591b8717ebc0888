const utf8 = new TextEncoder();

const VARINT = 0;
const LENGTH_DELIMITED = 2;

/**
 * Just enough of the protobuf wire format to write ONNX models by hand: varint and
 * length-delimited fields (strings, bytes, packed varints, nested messages). Varints are written
 * with arithmetic rather than bit operations so values up to 2^53 stay exact.
 */
export class ProtobufWriter {
  private readonly chunks: Uint8Array[] = [];
  private length = 0;

  private push(bytes: Uint8Array): void {
    this.chunks.push(bytes);
    this.length += bytes.length;
  }

  private rawVarint(value: number): void {
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new Error(`protobuf varint out of range: ${value}`);
    }
    const bytes: number[] = [];
    let rest = value;
    while (rest >= 0x80) {
      bytes.push((rest % 0x80) | 0x80);
      rest = Math.floor(rest / 0x80);
    }
    bytes.push(rest);
    this.push(Uint8Array.from(bytes));
  }

  private key(field: number, wireType: number): void {
    this.rawVarint(field * 8 + wireType);
  }

  varint(field: number, value: number): this {
    this.key(field, VARINT);
    this.rawVarint(value);
    return this;
  }

  bytes(field: number, value: Uint8Array): this {
    this.key(field, LENGTH_DELIMITED);
    this.rawVarint(value.length);
    this.push(value);
    return this;
  }

  string(field: number, value: string): this {
    return this.bytes(field, utf8.encode(value));
  }

  packedVarints(field: number, values: readonly number[]): this {
    const inner = new ProtobufWriter();
    for (const value of values) inner.rawVarint(value);
    return this.bytes(field, inner.finish());
  }

  message(field: number, write: (writer: ProtobufWriter) => void): this {
    const inner = new ProtobufWriter();
    write(inner);
    return this.bytes(field, inner.finish());
  }

  finish(): Uint8Array {
    const out = new Uint8Array(this.length);
    let offset = 0;
    for (const chunk of this.chunks) {
      out.set(chunk, offset);
      offset += chunk.length;
    }
    return out;
  }
}
