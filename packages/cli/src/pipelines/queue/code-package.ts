import { randomUUID } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { glob } from 'glob';
import { SlipwayError } from '@slipway/core';
import type { PipelineOutput, PipelineParamValue, PlannedStep } from '@slipway/core';
import type { PipelineRecorder } from '../pipeline-recorder.js';

/**
 * The synthetic step of a queued run that carries the pipeline directory to the workers: its
 * outputs are the directory's files (under `files/`, each stored once by content) plus
 * `modes.json` (which of them are executable). Step names start with a letter or digit, so no
 * planned step can be called this.
 */
export const CODE_STEP = '_code';
export const CODE_FILES_PREFIX = 'files/';
export const CODE_MODES_PATH = 'modes.json';

/** Never sent: dependencies are installed on the worker, and a repository's history is not code. */
const ALWAYS_IGNORED = ['**/node_modules/**', '**/.git/**'];
export const IGNORE_FILE = '.slipwayignore';

export interface CodeLimits {
  maxFiles: number;
  maxBytes: number;
}

export const DEFAULT_CODE_LIMITS: CodeLimits = { maxFiles: 10_000, maxBytes: 256 * 1024 * 1024 };

export interface CodeFile {
  relativePath: string;
  diskPath: string;
  size: number;
  executable: boolean;
}

/**
 * The files of a pipeline directory that workers need: everything but node_modules, .git and
 * what `.slipwayignore` lists (one glob per line, `#` comments; a pattern without `/` matches at
 * any depth, one ending in `/` a whole directory). Too many or too large is an error that says
 * what to do, before anything is recorded.
 */
export async function collectCode(
  dir: string,
  limits: CodeLimits = DEFAULT_CODE_LIMITS,
): Promise<CodeFile[]> {
  const ignore = [...ALWAYS_IGNORED, ...(await ignorePatterns(dir))];
  const paths = await glob('**', { cwd: dir, nodir: true, dot: true, posix: true, ignore });
  const files: CodeFile[] = [];
  let bytes = 0;
  for (const relativePath of paths.sort()) {
    const diskPath = join(dir, relativePath);
    const info = await stat(diskPath).catch(() => undefined);
    if (info === undefined || !info.isFile()) continue;
    bytes += info.size;
    files.push({ relativePath, diskPath, size: info.size, executable: (info.mode & 0o111) !== 0 });
    if (files.length > limits.maxFiles || bytes > limits.maxBytes) {
      throw new SlipwayError({
        code: 'INVALID_ARGUMENT',
        message: `The pipeline directory ${dir} holds more than ${limits.maxFiles} files or ${Math.round(limits.maxBytes / 1024 / 1024)} MiB to send to queue workers: list what the steps do not need (data, build output) in ${join(dir, IGNORE_FILE)}, one glob per line (node_modules and .git are never sent).`,
      });
    }
  }
  return files;
}

async function ignorePatterns(dir: string): Promise<string[]> {
  let text: string;
  try {
    text = await readFile(join(dir, IGNORE_FILE), 'utf8');
  } catch {
    return [];
  }
  const patterns: string[] = [];
  for (const raw of text.split(/\r?\n/u)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    let pattern = line.replace(/^\/+/u, '');
    const anchored = line.startsWith('/') || pattern.replace(/\/+$/u, '').includes('/');
    if (pattern.endsWith('/')) pattern = `${pattern}**`;
    if (!anchored) pattern = `**/${pattern}`;
    patterns.push(pattern);
    // A directory named by the pattern is ignored with everything under it.
    if (!pattern.endsWith('/**')) patterns.push(`${pattern}/**`);
  }
  return patterns;
}

/** The recorded step that carries the code: it needs nothing, and nothing needs it. */
export function codeStep(): PlannedStep {
  return {
    key: CODE_STEP,
    name: CODE_STEP,
    needs: [],
    command: '# the pipeline directory, sent to queue workers',
    workdir: '.',
    env: {},
    files: [],
    params: {} as Record<string, PipelineParamValue>,
    retries: 0,
    retryDelayMs: 0,
    cache: { enabled: false },
  };
}

/**
 * Records the code step of a run: starts it, uploads the files (the server keeps one copy per
 * content, so an unchanged file costs its upload but no storage) and finishes it. Returns the
 * outputs digest that names this version of the code. When the upload fails the step is recorded
 * as failed and the run cancelled, so no worker waits for code that will never come.
 */
export async function uploadCode(
  recorder: PipelineRecorder,
  runId: string,
  files: readonly CodeFile[],
): Promise<string> {
  const worker = `cli-code:${randomUUID().slice(0, 8)}`;
  await recorder.startStep(runId, CODE_STEP, { worker });
  try {
    const outputs: PipelineOutput[] = [];
    for (const file of files) {
      const path = `${CODE_FILES_PREFIX}${file.relativePath}`;
      outputs.push(await recorder.uploadOutput(runId, CODE_STEP, path, file.diskPath));
    }
    const modes = files.filter((f) => f.executable).map((f) => f.relativePath);
    const modesBody = new Blob([JSON.stringify({ executable: modes })]);
    outputs.push(await recorder.uploadOutput(runId, CODE_STEP, CODE_MODES_PATH, modesBody));
    const { step } = await recorder.finishStep(runId, CODE_STEP, {
      worker,
      status: 'succeeded',
      exitCode: 0,
      outputs,
    });
    if (step.outputsDigest === undefined) throw new Error('the server recorded no outputs digest');
    return step.outputsDigest;
  } catch (err) {
    const error = `the pipeline directory could not be sent: ${err instanceof Error ? err.message : String(err)}`;
    await recorder
      .finishStep(runId, CODE_STEP, { worker, status: 'failed', error })
      .catch(() => undefined);
    await recorder.cancelRun(runId).catch(() => undefined);
    throw err;
  }
}
