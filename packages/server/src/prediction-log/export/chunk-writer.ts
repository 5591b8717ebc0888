import { ByteWriter } from 'hyparquet-writer';

/**
 * A hyparquet-writer `Writer` that hands its bytes over after every row group (`flush`) and at
 * the end (`finish`) instead of growing one buffer for the whole file, so an export streams.
 */
export class ChunkWriter extends ByteWriter {
  private chunks: Uint8Array[] = [];

  flush(): void {
    if (this.index === 0) return;
    this.chunks.push(new Uint8Array(this.buffer.slice(0, this.index)));
    // `offset` keeps counting file positions; only the buffer is reused.
    this.index = 0;
  }

  override finish(): void {
    this.flush();
  }

  /** The bytes produced since the last call. */
  take(): Uint8Array[] {
    const chunks = this.chunks;
    this.chunks = [];
    return chunks;
  }
}
