import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** Writes files (path relative to `dir` -> content) for a pipeline test. */
export async function writeFiles(dir: string, files: Record<string, string>): Promise<void> {
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), content);
  }
}

/** `node -e <program>` as a shell word, for a step's run: line. */
export function nodeE(program: string): string {
  return `node -e '${program.replace(/'/gu, `'\\''`)}'`;
}

/** A step's result in the `--json` output of `pipelines run`. */
export interface JsonStep {
  name: string;
  status: string;
  cacheKey: string | null;
}

export interface JsonRun {
  runId: string;
  status: string;
  steps: JsonStep[];
}

/** name -> status of the steps of a `pipelines run --json` result. */
export function statuses(run: JsonRun): Record<string, string> {
  return Object.fromEntries(run.steps.map((s) => [s.name, s.status]));
}
