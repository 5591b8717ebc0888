import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { computeCacheKey, outputsDigest, stepCacheKeyParts } from './cache-key.js';
import { parsePipelineSpec } from './parse-pipeline-spec.js';
import type { CacheKeyParts } from './pipeline-types.js';
import { planPipeline } from './pipeline-plan.js';

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

const parts: CacheKeyParts = {
  command: 'python train.py --rows 1000',
  workdir: 'src',
  files: { 'train.py': 'a'.repeat(64), 'data/x.csv': 'b'.repeat(64) },
  params: { rows: 1000, tags: ['x', 'y'], fast: true },
  inputs: { prepare: 'c'.repeat(64) },
  env: { PYTHONHASHSEED: '0', interpreter: 'python3.11' },
};

describe('computeCacheKey', () => {
  it('is sha256 of the versioned canonical JSON, keys sorted at every level', () => {
    const canonical =
      '{"command":"python train.py --rows 1000","env":{"PYTHONHASHSEED":"0","interpreter":"python3.11"},' +
      `"files":{"data/x.csv":"${'b'.repeat(64)}","train.py":"${'a'.repeat(64)}"},` +
      `"inputs":{"prepare":"${'c'.repeat(64)}"},"params":{"fast":true,"rows":1000,"tags":["x","y"]},"workdir":"src"}`;
    expect(computeCacheKey(parts)).toBe(sha256(`slipway-pipeline-step-cache-v1\n${canonical}`));
    expect(computeCacheKey(parts)).toMatch(/^[0-9a-f]{64}$/u);
  });

  it('does not depend on the order keys were added in', () => {
    const reversed = (record: Record<string, unknown>) =>
      Object.fromEntries(Object.entries(record).reverse());
    const shuffled = {
      env: reversed(parts.env),
      inputs: reversed(parts.inputs),
      params: reversed(parts.params),
      files: reversed(parts.files),
      workdir: parts.workdir,
      command: parts.command,
    } as CacheKeyParts;
    expect(computeCacheKey(shuffled)).toBe(computeCacheKey(parts));
    expect(computeCacheKey({ ...parts, extra: 'ignored' } as CacheKeyParts)).toBe(
      computeCacheKey(parts),
    );
  });

  it.each<[string, Partial<CacheKeyParts>]>([
    ['command', { command: 'python train.py --rows 1001' }],
    ['workdir', { workdir: '.' }],
    ['a file digest', { files: { ...parts.files, 'train.py': 'd'.repeat(64) } }],
    ['a file path', { files: { 'train2.py': 'a'.repeat(64), 'data/x.csv': 'b'.repeat(64) } }],
    ['an added file', { files: { ...parts.files, 'more.py': 'e'.repeat(64) } }],
    ['a param value', { params: { ...parts.params, rows: 1001 } }],
    ['a param type', { params: { ...parts.params, rows: '1000' } }],
    ['a list order', { params: { ...parts.params, tags: ['y', 'x'] } }],
    ['an input digest', { inputs: { prepare: 'f'.repeat(64) } }],
    ['an input key', { inputs: { 'prepare[0]': 'c'.repeat(64) } }],
    ['an env value', { env: { ...parts.env, PYTHONHASHSEED: '1' } }],
    ['the interpreter', { env: { ...parts.env, interpreter: 'python3.12' } }],
    ['a value moved between parts', { params: {}, env: { ...parts.env, rows: '1000' } }],
  ])('changes with %s', (_, change) => {
    expect(computeCacheKey({ ...parts, ...change })).not.toBe(computeCacheKey(parts));
  });

  it('refuses a number with no stable encoding', () => {
    expect(() => computeCacheKey({ ...parts, params: { x: Number.NaN } })).toThrow(
      'A cache key part holds NaN, which has no stable encoding.',
    );
  });
});

describe('stepCacheKeyParts', () => {
  const spec = parsePipelineSpec({
    name: 'churn',
    params: { rows: 1000, lr: 0.1 },
    env: { SEED: '1' },
    steps: [
      { name: 'prepare', run: 'node prepare.js ${params.rows}', interpreter: 'node20' },
      { name: 'train', needs: ['prepare'], run: 'python train.py --lr ${params.lr}' },
    ],
  });

  it("takes the step's command, workdir, params and env, with the interpreter in env", () => {
    const [prepare] = planPipeline(spec).steps;
    expect(stepCacheKeyParts(prepare!, { 'prepare.js': 'a'.repeat(64) }, {})).toEqual({
      command: 'node prepare.js 1000',
      workdir: '.',
      files: { 'prepare.js': 'a'.repeat(64) },
      params: { rows: 1000 },
      inputs: {},
      env: { SEED: '1', interpreter: 'node20' },
    });
  });

  it('changes the key of the steps using a changed param, and only those', () => {
    const keyOf = (overrides: Record<string, string>) =>
      planPipeline(spec, overrides).steps.map((step) =>
        computeCacheKey(stepCacheKeyParts(step, {}, {})),
      );
    const [prepare, train] = keyOf({});
    expect(keyOf({ lr: '0.2' })).toEqual([prepare, expect.not.stringMatching(train!)]);
    expect(keyOf({ rows: '5' })).toEqual([expect.not.stringMatching(prepare!), train]);
    expect(keyOf({ rows: '1000' })).toEqual([prepare, train]);
  });
});

describe('outputsDigest', () => {
  const a = { path: 'model.onnx', digest: '1'.repeat(64) };
  const b = { path: 'metrics/eval.json', digest: '2'.repeat(64) };

  it('is sha256 of the sorted lines path<TAB>digest<LF>, in any input order', () => {
    const expected = sha256(`${b.path}\t${b.digest}\n${a.path}\t${a.digest}\n`);
    expect(outputsDigest([a, b])).toBe(expected);
    expect(outputsDigest([b, { ...a, size: 10 } as typeof a])).toBe(expected);
  });

  it('digests no outputs as the empty manifest', () => {
    expect(outputsDigest([])).toBe(sha256(''));
  });

  it('sorts by code point, which is UTF-8 byte order', () => {
    const high = { path: '\uffff', digest: 'x' };
    const astral = { path: '😀', digest: 'y' };
    expect(outputsDigest([astral, high])).toBe(sha256('\uffff\tx\n😀\ty\n'));
    expect(Buffer.compare(Buffer.from('\uffff'), Buffer.from('😀'))).toBe(-1);
  });

  it('refuses a repeated path and tabs or newlines', () => {
    expect(() => outputsDigest([a, a])).toThrow('Output path "model.onnx" is listed twice.');
    expect(() => outputsDigest([{ path: 'a\tb', digest: 'x' }])).toThrow(
      'Output path "a\\tb" and its digest must not contain tabs or newlines.',
    );
  });
});
