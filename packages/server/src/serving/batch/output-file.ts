import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { fileError } from './open-failure.js';

/**
 * A text output written to a temporary file beside the target and renamed into place on close,
 * so a failed run never leaves a truncated file that looks complete. Writes wait for the stream
 * to drain, which keeps memory bounded when the disk is slower than the model.
 */
export class TextOutputFile {
  private readonly temp: string;
  private readonly stream;
  private failure: Error | undefined;

  constructor(private readonly path: string) {
    this.temp = join(dirname(path), `.${basename(path)}.partial-${randomUUID()}`);
    this.stream = createWriteStream(this.temp);
    this.stream.on('error', (err) => {
      this.failure = fileError(path, 'write', err);
    });
  }

  async write(text: string): Promise<void> {
    if (this.failure) throw this.failure;
    if (!this.stream.write(text)) {
      // once() also rejects if the stream fails while we wait.
      await once(this.stream, 'drain').catch((err: unknown) => {
        throw this.failure ?? fileError(this.path, 'write', err);
      });
    }
  }

  async close(): Promise<void> {
    this.stream.end();
    await finished(this.stream).catch(() => undefined);
    if (this.failure) {
      await rm(this.temp, { force: true });
      throw this.failure;
    }
    await rename(this.temp, this.path).catch((err: unknown) => {
      throw fileError(this.path, 'write', err);
    });
  }

  async abort(): Promise<void> {
    this.stream.destroy();
    await rm(this.temp, { force: true });
  }
}

/** The temporary path a binary writer uses for `path` (see TextOutputFile). */
export function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.partial-${randomUUID()}`);
}
