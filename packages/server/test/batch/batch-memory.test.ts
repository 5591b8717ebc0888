import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { goldenBreastCancer, writeBreastCancerPackage } from '../scoring/support/scoring-models.js';
import type { Golden } from '../scoring/support/scoring-models.js';
import { readRecords } from './batch-files.js';

const ROWS = 200_000;
let dir: string;
let golden: Golden;
const HEAP_MB = 64;
const CHILD = fileURLToPath(new URL('./batch-memory-child.ts', import.meta.url));

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'slipway-batch-mem-'));
  await mkdir(join(dir, 'model'));
  await writeBreastCancerPackage(join(dir, 'model'));
  golden = await goldenBreastCancer();
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Writes the golden rows over and over, streamed, so the generator holds no file in memory. */
async function writeBigCsv(path: string): Promise<void> {
  const out = createWriteStream(path);
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  await write(`id,${golden.columns.map((name) => `"${name}"`).join(',')}\n`);
  for (let i = 0; i < ROWS; i += 1) {
    await write(`${i},${(golden.inputs[i % golden.inputs.length] ?? []).join(',')}\n`);
  }
  out.end();
  await once(out, 'finish');
}

describe('batch prediction memory', () => {
  it(
    'streams a 200k-row CSV through a 64 MiB heap with bounded RSS',
    { timeout: 240_000 },
    async () => {
      const input = join(dir, 'big.csv');
      const output = join(dir, 'big.out.csv');
      await writeBigCsv(input);
      const fileMb = (await stat(input)).size / 2 ** 20;
      // The run gets a V8 heap far smaller than the file: holding the input (or the outputs) would
      // end it with an out-of-memory crash instead of an exit code of 0.
      const { stdout } = await promisify(execFile)(
        process.execPath,
        [
          `--max-old-space-size=${HEAP_MB}`,
          '--conditions=slipway-source',
          '--import',
          'tsx',
          CHILD,
          join(dir, 'model'),
          input,
          output,
        ],
        { maxBuffer: 1024 * 1024 },
      );
      const report = JSON.parse(stdout) as { rows: number; peakRssGrowthMb: number };
      console.log(`input ${fileMb.toFixed(1)} MiB, ${JSON.stringify(report)}`);
      expect(fileMb).toBeGreaterThan(HEAP_MB);
      expect(report.rows).toBe(ROWS);
      expect(report.peakRssGrowthMb).toBeLessThan(80);

      const tail = (await readRecords(output)).slice(-3);
      for (const record of tail) {
        const i = Number(record.id) % golden.inputs.length;
        expect(Math.abs(Number(record.prediction) - (golden.expected[i]?.[0] ?? NaN))).toBeLessThan(
          1e-5,
        );
      }
    },
  );
});
