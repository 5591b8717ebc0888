import { invalidArgument } from '../errors.js';
import type { CacheKeyParts, PlannedStep } from './pipeline-types.js';
import { INTERPRETER_KEY } from './pipeline-spec.js';
import { sha256Hex } from './sha256.js';

// Bumped when the encoding changes, so old keys stop matching instead of matching wrongly.
const CACHE_KEY_VERSION = 'slipway-pipeline-step-cache-v1';

/**
 * The cache key of a step: sha256 (hex) of a canonical JSON encoding of its parts (object keys
 * sorted at every level, list order kept), so equal parts give the same key whatever order their
 * keys were built in, and any changed command, workdir, file digest, param, input digest or
 * environment value gives another.
 */
export function computeCacheKey(parts: CacheKeyParts): string {
  const canonical = canonicalJson({
    command: parts.command,
    workdir: parts.workdir,
    files: parts.files,
    params: parts.params,
    inputs: parts.inputs,
    env: parts.env,
  });
  return sha256Hex(`${CACHE_KEY_VERSION}\n${canonical}`);
}

/**
 * The cache key parts of a planned step, given the sha256 of each declared file (path -> digest,
 * globs expanded) and the outputs digest of each step it needs (key -> digest). The interpreter
 * (or image) joins the environment part under `interpreter`.
 */
export function stepCacheKeyParts(
  step: PlannedStep,
  files: Readonly<Record<string, string>>,
  inputs: Readonly<Record<string, string>>,
): CacheKeyParts {
  const env: Record<string, string> = { ...step.env };
  if (step.interpreter !== undefined) env[INTERPRETER_KEY] = step.interpreter;
  return {
    command: step.command,
    workdir: step.workdir,
    files: { ...files },
    params: { ...step.params },
    inputs: { ...inputs },
    env,
  };
}

/**
 * The digest of a step's outputs: sha256 (hex) of the lines `path\tdigest\n` sorted by path (by
 * Unicode code point, which is also UTF-8 byte order). Empty outputs digest the empty string.
 */
export function outputsDigest(outputs: readonly { path: string; digest: string }[]): string {
  const sorted = [...outputs].sort((a, b) => compareCodePoints(a.path, b.path));
  let manifest = '';
  let previous: string | undefined;
  for (const { path, digest } of sorted) {
    if (/[\t\n]/u.test(path) || /[\t\n]/u.test(digest)) {
      throw invalidArgument(
        `Output path ${JSON.stringify(path)} and its digest must not contain tabs or newlines.`,
      );
    }
    if (path === previous)
      throw invalidArgument(`Output path ${JSON.stringify(path)} is listed twice.`);
    previous = path;
    manifest += `${path}\t${digest}\n`;
  }
  return sha256Hex(manifest);
}

function compareCodePoints(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i += 1) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x - y;
    if (x > 0xffff) i += 1;
  }
  return a.length - b.length;
}

function canonicalJson(value: unknown): string {
  if (typeof value === 'string' || typeof value === 'boolean') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) {
      throw invalidArgument(`A cache key part holds ${value}, which has no stable encoding.`);
    }
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => compareCodePoints(a, b));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  throw invalidArgument(`A cache key part holds ${String(value)}, which has no stable encoding.`);
}
