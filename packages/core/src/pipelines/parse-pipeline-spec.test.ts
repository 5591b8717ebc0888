import { describe, expect, it } from 'vitest';
import { SlipwayError } from '../errors.js';
import { parsePipelineSpec } from './parse-pipeline-spec.js';

const churn = {
  name: 'churn',
  params: { rows: 1000, regions: ['eu', 'us'] },
  steps: [
    { name: 'prepare', run: 'node prepare.js ${params.rows}' },
    { name: 'train', needs: ['prepare'], run: 'python train.py', retries: 2, timeout: '10m' },
  ],
};

function withStep(step: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return { ...churn, ...extra, steps: [...churn.steps, { name: 'extra', run: 'true', ...step }] };
}

function errorOf(input: unknown): SlipwayError {
  try {
    parsePipelineSpec(input);
  } catch (err) {
    if (err instanceof SlipwayError) return err;
    throw err;
  }
  throw new Error('expected parsePipelineSpec to throw');
}

describe('parsePipelineSpec', () => {
  it("accepts the issue's example and keeps it as written", () => {
    expect(parsePipelineSpec(churn)).toEqual(churn);
  });

  it('accepts every field', () => {
    const spec = {
      name: 'full.pipeline_1-x',
      description: 'all fields',
      params: { rows: 10, ratio: 0.5, fast: true, tag: 'v1', sizes: [1, 2], empty: [] },
      env: { PYTHONHASHSEED: '0' },
      workdir: 'pipelines',
      steps: [
        {
          name: 'a',
          run: 'echo ${params.tag} ${item}',
          workdir: '../src',
          env: { TAG: '${params.tag}' },
          files: ['prepare.py', 'data/*.csv'],
          foreach: '${params.sizes}',
          retries: 20,
          retryDelay: '500ms',
          timeout: '2h',
          cache: { ttl: '1d' },
          interpreter: 'python3.11',
        },
        {
          name: 'b',
          run: 'echo',
          needs: ['a'],
          foreach: [1, 'two', false],
          cache: false,
          image: 'python:3.11',
        },
      ],
    };
    expect(parsePipelineSpec(spec)).toEqual(spec);
  });

  it('reports every problem with its field path, as INVALID_ARGUMENT with details', () => {
    const err = errorOf({ name: 'churn', steps: [{ name: 'a', run: '', retries: -1 }] });
    expect(err.code).toBe('INVALID_ARGUMENT');
    expect(err.message).toBe(
      'Invalid pipeline spec: steps[0].run: must not be empty; steps[0].retries: must be at least 0.',
    );
    expect(err.details?.['issues']).toEqual([
      { path: 'steps[0].run', message: 'must not be empty' },
      { path: 'steps[0].retries', message: 'must be at least 0' },
    ]);
  });

  it.each([
    [{ steps: churn.steps }, 'name: is required'],
    [
      { ...churn, name: '../x' },
      'name: must be letters, digits, -, _ and ., starting with a letter or digit',
    ],
    [{ ...churn, name: 'a b' }, 'name: must be letters, digits'],
    [{ ...churn, name: 'x'.repeat(101) }, 'name: must be at most 100 characters'],
    [{ ...churn, steps: [] }, 'steps: must hold at least one step'],
    [{ ...churn, steps: 'prepare' }, 'steps: must be a list of steps'],
    [{ ...churn, colour: 'blue' }, 'colour: unknown field'],
    [withStep({ need: ['prepare'] }), 'steps[2].need: unknown field'],
    [withStep({ name: '.hidden' }), 'steps[2].name: must be letters'],
    [withStep({ run: 42 }), 'steps[2].run: must be the command to run, as a string'],
    [withStep({ run: '   ' }), 'steps[2].run: must not be empty'],
    [withStep({ run: 'echo \u0000' }), 'steps[2].run: must not contain NUL'],
    [withStep({ retries: 21 }), 'steps[2].retries: must be at most 20'],
    [withStep({ retries: 1.5 }), 'steps[2].retries: must be a whole number of extra attempts'],
    [
      withStep({ timeout: 600 }),
      'steps[2].timeout: must be a duration such as 500ms, 30s, 10m, 2h or 1d (a bare number has no unit)',
    ],
    [
      withStep({ timeout: '10 minutes' }),
      'steps[2].timeout: must be a duration such as 500ms, 30s, 10m, 2h or 1d, above zero and at most 30d (got "10 minutes")',
    ],
    [withStep({ timeout: '0s' }), 'steps[2].timeout: must be a duration'],
    [
      withStep({ retryDelay: '2h' }),
      'steps[2].retryDelay: must be a duration such as 500ms, 30s, 10m, 2h or 1d and at most 1h (got "2h")',
    ],
    [withStep({ cache: 'yes' }), 'steps[2].cache: must be true, false or { ttl: <duration> }'],
    [withStep({ cache: { ttl: 'soon' } }), 'steps[2].cache.ttl: must be a duration'],
    [
      withStep({ workdir: '/srv/app' }),
      "steps[2].workdir: must be relative to the pipeline file's directory",
    ],
    [withStep({ workdir: '~/app' }), 'steps[2].workdir: must be relative'],
    [withStep({ files: ['C:\\data.csv'] }), 'steps[2].files[0]: must be relative'],
    [
      withStep({ env: { N: 1 } }),
      'steps[2].env.N: must be a string (quote numbers and booleans in YAML, e.g. "1")',
    ],
    [withStep({ env: { 'MY-VAR': 'x' } }), 'steps[2].env.MY-VAR: is not a variable name'],
    [
      withStep({ env: { interpreter: 'x' } }),
      "steps[2].env.interpreter: is reserved for the cache key: set the step's interpreter:",
    ],
    [
      withStep({ interpreter: 'python3', image: 'python:3' }),
      'steps[2].image: give either interpreter or image, not both',
    ],
    [
      { ...churn, params: { rows: null } },
      'params.rows: must be a string, number or boolean, or a list of them',
    ],
    [
      { ...churn, params: { rows: [[1]] } },
      'params.rows: must be a string, number or boolean, or a list of them',
    ],
    [{ ...churn, params: { rows: { n: 1 } } }, 'params.rows: must be a string, number or boolean'],
    [
      { ...churn, params: { rows: 1, 'two words': 2 } },
      'params.two words: is not a parameter name',
    ],
    [
      { ...churn, params: { rows: 1, item: 2 } },
      'params.item: is reserved for the fan-out item ${item}',
    ],
  ])('refuses %j', (input, message) => {
    expect(errorOf(input).message).toContain(message);
  });

  it('refuses duplicate step names, naming the earlier one', () => {
    expect(errorOf(withStep({ name: 'prepare' })).message).toContain(
      'steps[2].name: "prepare" is already the name of steps[0]; step names must be unique',
    );
  });

  it('refuses a need that names no step, listing the steps', () => {
    expect(errorOf(withStep({ needs: ['prepare', 'trian'] })).message).toContain(
      'steps[2].needs[1]: step "extra" needs "trian", which is not a step of this pipeline; the steps are prepare, train, extra',
    );
  });

  it('refuses a step that needs itself', () => {
    expect(errorOf(withStep({ needs: ['extra'] })).message).toContain(
      'steps[2].needs[0]: step "extra" cannot need itself',
    );
  });

  it('refuses a cycle, naming it', () => {
    const spec = {
      name: 'loop',
      steps: [
        { name: 'a', run: 'true' },
        { name: 'b', run: 'true', needs: ['a', 'd'] },
        { name: 'c', run: 'true', needs: ['b'] },
        { name: 'd', run: 'true', needs: ['c'] },
      ],
    };
    expect(errorOf(spec).message).toBe(
      'Invalid pipeline spec: steps: the needs form a cycle: b -> d -> c -> b (each step needs the next); remove one of these needs.',
    );
  });

  it('refuses references to undeclared params, wherever they are', () => {
    expect(errorOf(withStep({ run: 'echo ${params.rowz}' })).message).toContain(
      'steps[2].run: ${params.rowz} names no parameter; the params are rows, regions',
    );
    expect(errorOf({ ...churn, params: undefined }).message).toContain(
      'steps[0].run: ${params.rows} names no parameter; the pipeline declares no params',
    );
    expect(errorOf(withStep({ env: { A: '${params.x}' } })).message).toContain(
      'steps[2].env.A: ${params.x} names no parameter',
    );
    expect(errorOf(withStep({ files: ['${params.x}.csv'] })).message).toContain(
      'steps[2].files[0]: ${params.x}',
    );
    expect(errorOf({ ...churn, workdir: '${params.dir}' }).message).toContain(
      'workdir: ${params.dir} names no parameter',
    );
    expect(errorOf({ ...churn, env: { A: '${params.x}' } }).message).toContain(
      'env.A: ${params.x} names no parameter',
    );
  });

  it('refuses ${item} outside a fan-out step, suggesting the shell spelling', () => {
    expect(errorOf(withStep({ run: 'for item in a b; do echo ${item}; done' })).message).toContain(
      'steps[2].run: ${item} is only set in a step with foreach (for a shell variable named item, write $item or $${item})',
    );
    expect(errorOf({ ...churn, env: { A: '${item}' } }).message).toContain(
      'env.A: ${item} is only set',
    );
    expect(
      parsePipelineSpec(withStep({ run: 'for item in a b; do echo $${item} $item; done' })),
    ).toBeDefined();
  });

  it('refuses malformed references instead of passing them to the shell', () => {
    expect(errorOf(withStep({ run: 'echo ${params.rows:-5}' })).message).toContain(
      'steps[2].run: ${params.rows:-5} is not a reference Slipway understands',
    );
  });

  it('checks what foreach names', () => {
    expect(errorOf(withStep({ foreach: 'eu,us' })).message).toContain(
      'steps[2].foreach: must be ${params.<name>} naming a list parameter, or a list (got "eu,us")',
    );
    expect(errorOf(withStep({ foreach: '${params.rows}' })).message).toContain(
      'steps[2].foreach: params.rows must be a list to fan out over (its default is 1000)',
    );
    expect(errorOf(withStep({ foreach: '${params.zones}' })).message).toContain(
      'steps[2].foreach: ${params.zones} names no parameter; the params are rows, regions',
    );
    expect(errorOf(withStep({ foreach: [{ a: 1 }] })).message).toContain(
      'steps[2].foreach: must be ${params.<name>} naming a list parameter, or a list',
    );
  });

  it('shows at most five problems and counts the rest', () => {
    const steps = Array.from({ length: 7 }, (_, i) => ({ name: `s${i}`, run: '' }));
    expect(errorOf({ name: 'x', steps }).message).toMatch(/\(and 2 more\)\.$/u);
  });
});
