import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { YAMLError, parse } from 'yaml';
import { isSlipwayError, parsePipelineSpec, planPipeline } from '@slipway/core';
import type { PipelinePlan } from '@slipway/core';
import { UsageError } from '../usage-error.js';

export interface LoadedPipeline {
  /** The parsed file as written (stored with the run for display). */
  spec: Record<string, unknown>;
  plan: PipelinePlan;
  /** Absolute: where the steps' workdirs start. */
  dir: string;
}

/** Pipeline files that are modules exporting `definePipeline({...})`, not YAML. */
const MODULE_FILE = /\.(?:[cm]?js|[cm]?ts)$/u;

/**
 * Reads a pipeline file (YAML, or a JavaScript/TypeScript module whose default export is the
 * pipeline) and plans a run of it with `--param` overrides. `inherited` are values from an earlier
 * run (for --resume), used for the params the file still declares. Every mistake in the file or
 * the overrides is a usage error (exit 2) naming the file.
 */
export async function loadPipelineFile(
  file: string,
  overrides: Record<string, string>,
  inherited: Record<string, string> = {},
): Promise<LoadedPipeline> {
  const raw = MODULE_FILE.test(file) ? await importSpec(file) : await readYamlSpec(file);
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new UsageError(`${file} must hold a pipeline: a mapping with name: and steps:.`);
  }
  try {
    const spec = parsePipelineSpec(raw);
    const declared = spec.params ?? {};
    const kept = Object.entries(inherited).filter(([name]) => Object.hasOwn(declared, name));
    return {
      spec: raw as Record<string, unknown>,
      plan: planPipeline(spec, { ...Object.fromEntries(kept), ...overrides }),
      dir: dirname(resolve(file)),
    };
  } catch (err) {
    throw asUsageError(file, err);
  }
}

async function readYamlSpec(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw unreadable(file, err);
  }
  try {
    return parse(text);
  } catch (err) {
    if (err instanceof YAMLError) throw new UsageError(`${file} is not valid YAML: ${err.message}`);
    throw err;
  }
}

/**
 * A pipeline module's default export. Importing runs the file's code, as running its steps would;
 * `definePipeline` validates when the module loads, so its errors arrive here.
 */
async function importSpec(file: string): Promise<unknown> {
  try {
    await readFile(file, { flag: 'r' });
  } catch (err) {
    throw unreadable(file, err);
  }
  let module: { default?: unknown };
  try {
    module = (await import(pathToFileURL(resolve(file)).href)) as { default?: unknown };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_UNKNOWN_FILE_EXTENSION') {
      throw new UsageError(
        `${file}: this Node.js cannot load TypeScript by itself; run slipway with a TypeScript loader (node --import tsx ...) or compile the file to .js.`,
      );
    }
    if (isSlipwayError(err)) throw asUsageError(file, err);
    throw new UsageError(`${file} could not be loaded: ${(err as Error).message}`);
  }
  if (module.default === undefined) {
    throw new UsageError(
      `${file} must export its pipeline as the default export: export default definePipeline({ ... }).`,
    );
  }
  return module.default;
}

function unreadable(file: string, err: unknown): UsageError {
  const code = (err as NodeJS.ErrnoException).code;
  return new UsageError(
    `Cannot read pipeline file '${file}': ${code === 'ENOENT' ? 'no such file' : (err as Error).message}.`,
  );
}

/** A spec refused by validation is a mistake in the file: a usage error that names it. */
function asUsageError(file: string, err: unknown): unknown {
  if (isSlipwayError(err) && err.code === 'INVALID_ARGUMENT') {
    return new UsageError(`${file}: ${err.message}`);
  }
  return err;
}

/** `--param key=value` flags as overrides; the value is everything after the first `=`. */
export function parseParamFlags(flags: readonly string[]): Record<string, string> {
  const overrides: Record<string, string> = {};
  for (const flag of flags) {
    const eq = flag.indexOf('=');
    if (eq <= 0) throw new UsageError(`--param expects key=value, got '${flag}'.`);
    const key = flag.slice(0, eq);
    if (key in overrides) throw new UsageError(`--param ${key} is given twice.`);
    overrides[key] = flag.slice(eq + 1);
  }
  return overrides;
}
