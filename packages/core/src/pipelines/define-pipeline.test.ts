import { describe, expect, it } from 'vitest';
import { definePipeline } from './define-pipeline.js';
import { parsePipelineSpec } from './parse-pipeline-spec.js';
import { planPipeline } from './pipeline-plan.js';

// The @ts-expect-error lines are the compile-time checks: `tsc -p tsconfig.tests.json` fails if
// any of them stops being an error. Each call still runs and throws the run-time error.

describe('definePipeline', () => {
  it('returns the spec the YAML parser returns, ready to plan', () => {
    const input = {
      name: 'churn',
      params: { rows: 1000, regions: ['eu', 'us'] },
      env: { SEED: '1' },
      steps: [
        { name: 'prepare', run: 'node prepare.js ${params.rows}', files: ['prepare.js'] },
        {
          name: 'train',
          needs: ['prepare'],
          foreach: '${params.regions}',
          run: 'python train.py ${item} $HOME $${item}',
          env: { REGION: '${item}' },
          retries: 2,
          timeout: '10m',
          cache: { ttl: '1d' },
        },
        { name: 'report', needs: ['train'], run: 'node report.js', cache: false },
      ],
    } as const;
    const spec = definePipeline(input);
    expect(spec).toEqual(parsePipelineSpec(input));
    expect(planPipeline(spec).steps.map((step) => step.key)).toEqual([
      'prepare',
      'train[0]',
      'train[1]',
      'report',
    ]);
  });

  it('accepts commands built at run time, checking them at run time only', () => {
    const flag: string = ['--fast'].join('');
    expect(
      definePipeline({ name: 'p', steps: [{ name: 'a', run: `x ${flag}` }] }).steps,
    ).toHaveLength(1);
    const built: string = '${params.nope}';
    expect(() => definePipeline({ name: 'p', steps: [{ name: 'a', run: built }] })).toThrow(
      'steps[0].run: ${params.nope} names no parameter',
    );
  });

  it('accepts a literal foreach list, with ${item} in env', () => {
    const spec = definePipeline({
      name: 'grid',
      steps: [{ name: 'a', foreach: [1, 'two', false], run: 'echo $X', env: { X: '${item}' } }],
    });
    expect(planPipeline(spec).steps.map((step) => step.env)).toEqual([
      { X: '1' },
      { X: 'two' },
      { X: 'false' },
    ]);
  });

  it('refuses a need naming no step, at compile time and at run time', () => {
    expect(() =>
      definePipeline({
        name: 'p',
        steps: [
          { name: 'prepare', run: 'x' },
          // @ts-expect-error "prepar" is not a step name
          { name: 'train', needs: ['prepar'], run: 'y' },
        ],
      }),
    ).toThrow(
      'steps[1].needs[0]: step "train" needs "prepar", which is not a step of this pipeline',
    );
  });

  it('refuses an undeclared param, at compile time and at run time', () => {
    expect(() =>
      definePipeline({
        name: 'p',
        params: { rows: 10 },
        // @ts-expect-error ${params.rowz} names no parameter
        steps: [{ name: 'a', run: 'node prepare.js ${params.rowz}' }],
      }),
    ).toThrow('steps[0].run: ${params.rowz} names no parameter; the params are rows');
    expect(() =>
      definePipeline({
        name: 'p',
        params: { rows: 10 },
        // @ts-expect-error ${params.rowz} names no parameter
        steps: [{ name: 'a', run: 'x', env: { ROWS: '${params.rowz}' } }],
      }),
    ).toThrow('steps[0].env.ROWS: ${params.rowz} names no parameter');
  });

  it('refuses ${item} outside a fan-out step, at compile time and at run time', () => {
    expect(() =>
      // @ts-expect-error ${item} is only set in a step with foreach
      definePipeline({ name: 'p', steps: [{ name: 'a', run: 'echo ${item}' }] }),
    ).toThrow('steps[0].run: ${item} is only set in a step with foreach');
  });

  it('refuses foreach over a param that is not a list, at compile time and at run time', () => {
    expect(() =>
      definePipeline({
        name: 'p',
        params: { rows: 10, regions: ['eu'] },
        // @ts-expect-error params.rows is not a list
        steps: [{ name: 'a', foreach: '${params.rows}', run: 'echo ${item}' }],
      }),
    ).toThrow('steps[0].foreach: params.rows must be a list to fan out over (its default is 10)');
  });
});
