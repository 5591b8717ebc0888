import { describe, expect, it } from 'vitest';
import { SlipwayError } from '../errors.js';
import { parsePipelineSpec } from './parse-pipeline-spec.js';
import { MAX_PLANNED_STEPS, planPipeline } from './pipeline-plan.js';
import type { PipelineSpec } from './pipeline-spec.js';

function spec(input: unknown): PipelineSpec {
  return parsePipelineSpec(input);
}

const churn = spec({
  name: 'churn',
  params: { rows: 1000, lr: 0.1 },
  steps: [
    { name: 'prepare', run: 'node prepare.js ${params.rows}' },
    { name: 'train', needs: ['prepare'], run: 'python train.py', retries: 2, timeout: '10m' },
  ],
});

function keys(plan: { steps: { key: string }[] }): string[] {
  return plan.steps.map((step) => step.key);
}

describe('planPipeline', () => {
  it("plans the issue's example with every default filled", () => {
    expect(planPipeline(churn, {})).toEqual({
      name: 'churn',
      params: { rows: 1000, lr: 0.1 },
      steps: [
        {
          key: 'prepare',
          name: 'prepare',
          needs: [],
          command: 'node prepare.js 1000',
          workdir: '.',
          env: {},
          files: [],
          params: { rows: 1000 },
          retries: 0,
          retryDelayMs: 1000,
          cache: { enabled: true },
        },
        {
          key: 'train',
          name: 'train',
          needs: ['prepare'],
          command: 'python train.py',
          workdir: '.',
          env: {},
          files: [],
          params: {},
          retries: 2,
          retryDelayMs: 1000,
          timeoutMs: 600_000,
          cache: { enabled: true },
        },
      ],
    });
  });

  it('applies --param overrides to the commands and to the params of the steps using them only', () => {
    const plan = planPipeline(churn, { rows: '50', lr: '0.2' });
    expect(plan.params).toEqual({ rows: 50, lr: 0.2 });
    expect(plan.steps[0]).toMatchObject({ command: 'node prepare.js 50', params: { rows: 50 } });
    expect(plan.steps[1]!.params).toEqual({});
  });

  it('refuses an unknown or mistyped override', () => {
    expect(() => planPipeline(churn, { row: '5' })).toThrow(
      'Unknown parameter "row" in --param row=5; the params are rows, lr.',
    );
    expect(() => planPipeline(churn, { rows: 'lots' })).toThrow(
      '--param rows=lots: rows must be a number',
    );
  });

  it('joins a list param with spaces in commands and env, and collects params from every field', () => {
    const plan = planPipeline(
      spec({
        name: 'p',
        params: { files: ['a.csv', 'b.csv'], dir: 'data', level: 3, quiet: true, unused: 'x' },
        env: { LEVEL: '${params.level}', SHARED: 'pipeline' },
        workdir: '${params.dir}',
        steps: [
          {
            name: 's',
            run: 'cat ${params.files} | wc -l; echo $HOME ${HOME}',
            env: { SHARED: 'step', QUIET: '${params.quiet}', LIST: '${params.files}' },
          },
        ],
      }),
    );
    expect(plan.steps[0]).toMatchObject({
      command: 'cat a.csv b.csv | wc -l; echo $HOME ${HOME}',
      workdir: 'data',
      env: { LEVEL: '3', SHARED: 'step', QUIET: 'true', LIST: 'a.csv b.csv' },
      params: { dir: 'data', files: ['a.csv', 'b.csv'], level: 3, quiet: true },
    });
  });

  it('does not count a param used only by a pipeline env value the step replaces', () => {
    const plan = planPipeline(
      spec({
        name: 'p',
        params: { a: 1 },
        env: { X: '${params.a}' },
        steps: [
          { name: 's', run: 'true', env: { X: 'own' } },
          { name: 't', run: 'true' },
        ],
      }),
    );
    expect(plan.steps.map((step) => step.params)).toEqual([{}, { a: 1 }]);
  });

  it('resolves the step workdir against the pipeline workdir, normalised', () => {
    const plan = planPipeline(
      spec({
        name: 'p',
        workdir: './pipelines/',
        steps: [
          { name: 'a', run: 'true', workdir: '../src//lib/.' },
          { name: 'b', run: 'true' },
          { name: 'c', run: 'true', workdir: '..' },
        ],
      }),
    );
    expect(plan.steps.map((step) => step.workdir)).toEqual(['src/lib', 'pipelines', '.']);
  });

  it('refuses a workdir a param makes absolute or a list', () => {
    const base = { name: 'p', params: { dir: '/etc', dirs: ['a', 'b'] } };
    expect(() =>
      planPipeline(
        spec({ ...base, steps: [{ name: 's', run: 'true', workdir: '${params.dir}' }] }),
      ),
    ).toThrow(
      `Step "s": workdir: must be a path relative to the pipeline file's directory, not "/etc".`,
    );
    expect(() =>
      planPipeline(
        spec({ ...base, steps: [{ name: 's', run: 'true', workdir: '${params.dirs}' }] }),
      ),
    ).toThrow(
      'Step "s": workdir: ${params.dirs} is a list (["a","b"]) but workdir needs one value.',
    );
  });

  it('expands a files entry that is exactly a list param, and normalises and dedupes files', () => {
    const plan = planPipeline(
      spec({
        name: 'p',
        params: { inputs: ['a.csv', './b.csv'], ext: 'py' },
        steps: [
          { name: 's', run: 'true', files: ['${params.inputs}', 'src/*.${params.ext}', 'a.csv'] },
        ],
      }),
    );
    expect(plan.steps[0]).toMatchObject({
      files: ['a.csv', 'b.csv', 'src/*.py'],
      params: { ext: 'py', inputs: ['a.csv', './b.csv'] },
    });
    expect(() =>
      planPipeline(
        spec({
          name: 'p',
          params: { inputs: ['a', 'b'] },
          steps: [{ name: 's', run: 'true', files: ['data/${params.inputs}'] }],
        }),
      ),
    ).toThrow(
      'Step "s": files[0]: ${params.inputs} is a list (["a","b"]) but files[0] needs one value.',
    );
  });

  it('reads durations, cache settings and the interpreter or image', () => {
    const plan = planPipeline(
      spec({
        name: 'p',
        params: { py: '3.11' },
        steps: [
          {
            name: 'a',
            run: 'x',
            retries: 3,
            retryDelay: '250ms',
            cache: { ttl: '2h' },
            interpreter: 'python${params.py}',
          },
          { name: 'b', run: 'x', cache: false, image: 'node:20' },
          { name: 'c', run: 'x', cache: true, timeout: '1m30s' },
        ],
      }),
    );
    expect(plan.steps[0]).toMatchObject({
      retries: 3,
      retryDelayMs: 250,
      cache: { enabled: true, ttlMs: 7_200_000 },
      interpreter: 'python3.11',
      params: { py: '3.11' },
    });
    expect(plan.steps[1]).toMatchObject({ cache: { enabled: false }, interpreter: 'node:20' });
    expect(plan.steps[2]).toMatchObject({ cache: { enabled: true }, timeoutMs: 90_000 });
    expect(plan.steps[2]).not.toHaveProperty('interpreter');
  });

  describe('fan-out and fan-in', () => {
    const sweep = spec({
      name: 'sweep',
      params: { regions: ['eu', 'us', 'ap'], rows: 10 },
      steps: [
        { name: 'prepare', run: 'prep ${params.rows}' },
        {
          name: 'train',
          needs: ['prepare'],
          foreach: '${params.regions}',
          run: 'train --region ${item} --rows ${params.rows}',
          env: { REGION: '${item}' },
        },
        { name: 'report', needs: ['train'], run: 'report ${params.regions}' },
      ],
    });

    it('makes one instance per item and has a step needing them need them all', () => {
      const plan = planPipeline(sweep);
      expect(keys(plan)).toEqual(['prepare', 'train[0]', 'train[1]', 'train[2]', 'report']);
      expect(plan.steps[2]).toEqual({
        key: 'train[1]',
        name: 'train',
        index: 1,
        item: 'us',
        needs: ['prepare'],
        command: 'train --region us --rows 10',
        workdir: '.',
        env: { REGION: 'us' },
        files: [],
        params: { item: 'us', rows: 10 },
        retries: 0,
        retryDelayMs: 1000,
        cache: { enabled: true },
      });
      expect(plan.steps[4]).toMatchObject({
        needs: ['train[0]', 'train[1]', 'train[2]'],
        command: 'report eu us ap',
        params: { regions: ['eu', 'us', 'ap'] },
      });
    });

    it("keys an instance by its item, not the whole list, so adding an item leaves the others' params alone", () => {
      const before = planPipeline(sweep).steps.filter((step) => step.name === 'train');
      const after = planPipeline(sweep, { regions: 'eu,us,ap,sa' }).steps.filter(
        (step) => step.name === 'train',
      );
      expect(after).toHaveLength(4);
      expect(after.slice(0, 3)).toEqual(before);
      expect(after[3]).toMatchObject({
        key: 'train[3]',
        item: 'sa',
        command: 'train --region sa --rows 10',
      });
    });

    it('makes no instances over an empty list, and the steps needing it still run', () => {
      const plan = planPipeline(sweep, { regions: '' });
      expect(keys(plan)).toEqual(['prepare', 'report']);
      expect(plan.steps[1]).toMatchObject({ needs: [], command: 'report ' });
    });

    it('fans out over a literal list; a fanned-out step needing another needs all of its instances', () => {
      const plan = planPipeline(
        spec({
          name: 'grid',
          steps: [
            { name: 'a', foreach: [1, 2], run: 'a ${item}' },
            { name: 'b', needs: ['a'], foreach: [true, false], run: 'b ${item}' },
          ],
        }),
      );
      expect(plan.steps.map((step) => [step.key, step.item, step.needs, step.command])).toEqual([
        ['a[0]', 1, [], 'a 1'],
        ['a[1]', 2, [], 'a 2'],
        ['b[0]', true, ['a[0]', 'a[1]'], 'b true'],
        ['b[1]', false, ['a[0]', 'a[1]'], 'b false'],
      ]);
    });

    it(`refuses more than ${MAX_PLANNED_STEPS} planned steps`, () => {
      const many = Array.from({ length: MAX_PLANNED_STEPS }, (_, i) => i).join(',');
      expect(() => planPipeline(sweep, { regions: many })).toThrow(
        `Pipeline "sweep" plans more than ${MAX_PLANNED_STEPS} steps (step "train" fans out over ${MAX_PLANNED_STEPS} items); split it into smaller runs.`,
      );
      expect(
        planPipeline(sweep, { regions: many.split(',').slice(0, 1000).join(',') }).steps,
      ).toHaveLength(1002);
    });
  });

  it('orders steps topologically, in spec order among ready steps, the same way every time', () => {
    const input = {
      name: 'order',
      steps: [
        { name: 'report', needs: ['train', 'evaluate'], run: 'r' },
        { name: 'evaluate', needs: ['train'], run: 'e' },
        { name: 'train', needs: ['prepare'], run: 't' },
        { name: 'lint', run: 'l' },
        { name: 'prepare', run: 'p' },
      ],
    };
    const plan = planPipeline(spec(input));
    expect(keys(plan)).toEqual(['lint', 'prepare', 'train', 'evaluate', 'report']);
    expect(planPipeline(spec(input))).toEqual(plan);
  });

  it('validates a hand-built spec: duplicate names, unknown needs and cycles are INVALID_ARGUMENT', () => {
    const cases: [unknown, string][] = [
      [
        {
          name: 'p',
          steps: [
            { name: 'a', run: 'x' },
            { name: 'a', run: 'y' },
          ],
        },
        'steps[1].name: "a" is already the name of steps[0]',
      ],
      [
        { name: 'p', steps: [{ name: 'a', run: 'x', needs: ['b'] }] },
        'steps[0].needs[0]: step "a" needs "b", which is not a step of this pipeline; the steps are a',
      ],
      [
        {
          name: 'p',
          steps: [
            { name: 'a', run: 'x', needs: ['b'] },
            { name: 'b', run: 'y', needs: ['a'] },
          ],
        },
        'steps: the needs form a cycle: a -> b -> a',
      ],
    ];
    for (const [input, message] of cases) {
      let caught: unknown;
      try {
        planPipeline(input as PipelineSpec);
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(SlipwayError);
      expect((caught as SlipwayError).code).toBe('INVALID_ARGUMENT');
      expect((caught as SlipwayError).message).toContain(message);
    }
  });
});
