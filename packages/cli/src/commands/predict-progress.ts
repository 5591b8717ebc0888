import type { BatchProgress } from '@slipway/server';

export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

const WIDTH = 24;

function count(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** One progress line: a bar and rows / total when the total is known, else the input share read. */
export function progressLine(progress: BatchProgress): string {
  const rate = progress.elapsedMs > 0 ? (progress.rowsDone * 1000) / progress.elapsedMs : 0;
  const fraction =
    progress.rowsTotal !== undefined && progress.rowsTotal > 0
      ? progress.rowsDone / progress.rowsTotal
      : progress.bytesDone !== undefined && progress.bytesTotal > 0
        ? progress.bytesDone / progress.bytesTotal
        : undefined;
  const rows =
    progress.rowsTotal === undefined
      ? `${count(progress.rowsDone)} rows`
      : `${count(progress.rowsDone)}/${count(progress.rowsTotal)} rows`;
  const bar =
    fraction === undefined
      ? ''
      : `[${'#'.repeat(Math.round(Math.min(1, fraction) * WIDTH)).padEnd(WIDTH, '.')}] ${Math.floor(Math.min(1, fraction) * 100)}% `;
  return `${bar}${rows}, ${count(rate)} rows/s`;
}

/**
 * Progress on stderr: redrawn in place at most every 100 ms on a terminal; on a pipe or file a
 * line every few seconds, so logs stay readable. Silent when disabled (--json).
 */
export class ProgressBar {
  private lastDraw = 0;
  private last: BatchProgress | undefined;

  constructor(
    private readonly stream: ProgressStream,
    private readonly enabled: boolean,
    private readonly now: () => number = () => Date.now(),
  ) {}

  update(progress: BatchProgress): void {
    this.last = progress;
    if (!this.enabled) return;
    const interval = this.stream.isTTY === true ? 100 : 5000;
    const time = this.now();
    if (time - this.lastDraw < interval) return;
    this.lastDraw = time;
    this.draw(progress);
  }

  finish(): void {
    if (!this.enabled || this.last === undefined) return;
    this.draw(this.last);
    if (this.stream.isTTY === true) this.stream.write('\n');
  }

  private draw(progress: BatchProgress): void {
    const line = progressLine(progress);
    this.stream.write(this.stream.isTTY === true ? `\r\x1b[2K${line}` : `${line}\n`);
  }
}
