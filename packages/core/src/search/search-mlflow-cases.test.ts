import { describe, expect, it } from 'vitest';
import { SlipwayError } from '../errors.js';
import type { FilterClause } from './filter-ast.js';
import {
  parseExperimentFilter,
  parseModelVersionFilter,
  parseRegisteredModelFilter,
  parseRunFilter,
} from './search-parsers.js';

/**
 * Filter strings copied from MLflow's documentation (search-runs, search-experiments, registry API
 * docstrings) and from tests/utils/test_search_utils.py, each with the AST written out by hand.
 * Where MLflow keeps values as strings ("0.94"), Slipway's AST carries numbers.
 */
type Row = [filter: string, expected: FilterClause[]];

const metric = (key: string, comparator: string, value: number, position = 0) =>
  ({ type: 'metric', key, comparator, value, position }) as FilterClause;
const param = (key: string, comparator: string, value: string, position = 0) =>
  ({ type: 'param', key, comparator, value, position }) as FilterClause;
const tag = (key: string, comparator: string, value: string, position = 0) =>
  ({ type: 'tag', key, comparator, value, position }) as FilterClause;
const attr = (key: string, comparator: string, value: FilterClause['value'], position = 0) =>
  ({ type: 'attribute', key, comparator, value, position }) as FilterClause;
const dataset = (key: string, comparator: string, value: FilterClause['value'], position = 0) =>
  ({ type: 'dataset', key, comparator, value, position }) as FilterClause;

const RUN_DOC_EXAMPLES: Row[] = [
  ['metrics.accuracy > 0.72', [metric('accuracy', '>', 0.72)]],
  ['metrics."accuracy" > 0.72', [metric('accuracy', '>', 0.72)]],
  ['metrics.loss <= 0.15', [metric('loss', '<=', 0.15)]],
  ['metrics.`log-scale-loss` <= 0', [metric('log-scale-loss', '<=', 0)]],
  ['metrics.`f1 score` >= 0.5', [metric('f1 score', '>=', 0.5)]],
  [
    'metrics.accuracy > 0.72 AND metrics.loss <= 0.15',
    [metric('accuracy', '>', 0.72), metric('loss', '<=', 0.15, 28)],
  ],
  ['metrics.accuracy != 0.15', [metric('accuracy', '!=', 0.15)]],
  ['params.batch_size = "2"', [param('batch_size', '=', '2')]],
  ['params.model LIKE "GPT%"', [param('model', 'LIKE', 'GPT%')]],
  ['params.model ILIKE "gPt%"', [param('model', 'ILIKE', 'gPt%')]],
  ['params.model = "GPT-4o"', [param('model', '=', 'GPT-4o')]],
  [
    'params.model LIKE "GPT%" AND params.batch_size = "2"',
    [param('model', 'LIKE', 'GPT%'), param('batch_size', '=', '2', 29)],
  ],
  [
    'params.`1st_iteration_timestamp` = "2022-01-01"',
    [param('1st_iteration_timestamp', '=', '2022-01-01')],
  ],
  ['tags."environment" = "notebook"', [tag('environment', '=', 'notebook')]],
  ['tags.environment = "notebook"', [tag('environment', '=', 'notebook')]],
  ['tags.task = "Classification"', [tag('task', '=', 'Classification')]],
  ['tags.task ILIKE "classif%"', [tag('task', 'ILIKE', 'classif%')]],
  ["tag.`test` = 'abc'", [tag('test', '=', 'abc')]],
  ['tag.`test` = "abc"', [tag('test', '=', 'abc')]],
  ['datasets.name LIKE "custom"', [dataset('name', 'LIKE', 'custom')]],
  [
    "datasets.digest IN ('s8ds293b', 'jks834s2')",
    [dataset('digest', 'IN', ['s8ds293b', 'jks834s2'])],
  ],
  ['datasets.context = "train"', [dataset('context', '=', 'train')]],
  [
    "datasets.name IN ('custom', 'also custom', 'another custom name')",
    [dataset('name', 'IN', ['custom', 'also custom', 'another custom name'])],
  ],
  ['attributes.status = "ACTIVE"', [attr('status', '=', 'ACTIVE')]],
  ['attributes.status = "FAILED"', [attr('status', '=', 'FAILED')]],
  ['attributes.user_id LIKE "user1"', [attr('user_id', 'LIKE', 'user1')]],
  ['attributes.run_name = "my-run"', [attr('run_name', '=', 'my-run')]],
  ['attributes.run_id = "a1b2c3d4"', [attr('run_id', '=', 'a1b2c3d4')]],
  [
    "attributes.run_id IN ('a1b2c3d4', 'e5f6g7h8')",
    [attr('run_id', 'IN', ['a1b2c3d4', 'e5f6g7h8'])],
  ],
  [
    "attributes.run_id IN ('5984a3488161440f92de9847e846b342')",
    [attr('run_id', 'IN', ['5984a3488161440f92de9847e846b342'])],
  ],
  ['attributes.start_time >= 1664067852747', [attr('start_time', '>=', 1664067852747)]],
  ['attributes.end_time < 1664067852747', [attr('end_time', '<', 1664067852747)]],
  ['attributes.created > 1664067852747', [attr('start_time', '>', 1664067852747)]],
  [
    "metrics.accuracy > 0.72 AND metrics.batch_size != 0 AND attributes.run_id IN ('a1b2c3d4', 'e5f6g7h8')",
    [
      metric('accuracy', '>', 0.72),
      metric('batch_size', '!=', 0, 28),
      attr('run_id', 'IN', ['a1b2c3d4', 'e5f6g7h8'], 56),
    ],
  ],
  [
    'metrics.loss <= 0.15 AND metrics.loss >= 0.1',
    [metric('loss', '<=', 0.15), metric('loss', '>=', 0.1, 25)],
  ],
  ['params.batch_size != "None"', [param('batch_size', '!=', 'None')]],
  [
    "\nattributes.run_id IN ('22db81f070f6413588641c8c343cdd72','c3680e37d0fa44eb9c9fb7828f6b5481')\n" +
      '  AND metrics.loss > 0.3\n  AND metrics."f1 score" < 0.5\n  AND params.model LIKE "GPT%"\n',
    [
      attr(
        'run_id',
        'IN',
        ['22db81f070f6413588641c8c343cdd72', 'c3680e37d0fa44eb9c9fb7828f6b5481'],
        1,
      ),
      metric('loss', '>', 0.3, 100),
      metric('f1 score', '<', 0.5, 125),
      param('model', 'LIKE', 'GPT%', 156),
    ],
  ],
  [
    'params.model = "LogisticRegression" and params.lambda = "0.001" and metrics.error <= 0.05',
    [
      param('model', '=', 'LogisticRegression'),
      param('lambda', '=', '0.001', 40),
      metric('error', '<=', 0.05, 68),
    ],
  ],
  [
    "metrics.rmse < 0.9 and tags.production = 'true'",
    [metric('rmse', '<', 0.9), tag('production', '=', 'true', 23)],
  ],
  ['metrics.accuracy_score < 99.90', [metric('accuracy_score', '<', 99.9)]],
  ["params.model = 'GPT-4'", [param('model', '=', 'GPT-4')]],
];

const RUN_MLFLOW_TEST_CASES: Row[] = [
  ['metric.acc >= 0.94', [metric('acc', '>=', 0.94)]],
  ['metric.acc>=100', [metric('acc', '>=', 100)]],
  ["params.m!='tf'", [param('m', '!=', 'tf')]],
  ['params."m"!="tf"', [param('m', '!=', 'tf')]],
  ['metric."legit name" >= 0.243', [metric('legit name', '>=', 0.243)]],
  ['metrics.XYZ = 3', [metric('XYZ', '=', 3)]],
  ['params."cat dog" = "pets"', [param('cat dog', '=', 'pets')]],
  ['metrics."X-Y-Z" = 3', [metric('X-Y-Z', '=', 3)]],
  ['metrics."X//Y#$$@&Z" = 3', [metric('X//Y#$$@&Z', '=', 3)]],
  ["params.model = 'LinearRegression'", [param('model', '=', 'LinearRegression')]],
  [
    "metrics.rmse < 1 and params.model_class = 'LR'",
    [metric('rmse', '<', 1), param('model_class', '=', 'LR', 21)],
  ],
  ['', []],
  ['`metric`.a >= 0.1', [metric('a', '>=', 0.1)]],
  ["tags.version = 'commit-hash'", [tag('version', '=', 'commit-hash')]],
  ["`tags`.source_name = 'a notebook'", [tag('source_name', '=', 'a notebook')]],
  ['metrics."accuracy.2.0" > 5', [metric('accuracy.2.0', '>', 5)]],
  ['metrics.`spacey name` > 5', [metric('spacey name', '>', 5)]],
  ['params."p.a.r.a.m" != "a"', [param('p.a.r.a.m', '!=', 'a')]],
  ['tags."t.a.g" = "a"', [tag('t.a.g', '=', 'a')]],
  ["attribute.artifact_uri = '1/23/4'", [attr('artifact_uri', '=', '1/23/4')]],
  ['attribute.start_time >= 1234', [attr('start_time', '>=', 1234)]],
  ["run.status = 'RUNNING'", [attr('status', '=', 'RUNNING')]],
  ["dataset.name = 'my_dataset'", [dataset('name', '=', 'my_dataset')]],
  ["params.m = 'LR'", [param('m', '=', 'LR')]],
  ['params.m = "LR"', [param('m', '=', 'LR')]],
  [`params.m = "L'Hosp"`, [param('m', '=', "L'Hosp")]],
  [
    "params.my_param = 'A' AND attributes.status = 'FAILED'",
    [param('my_param', '=', 'A'), attr('status', '=', 'FAILED', 26)],
  ],
  [
    "datasets.name = 'name1' AND datasets.context = 'train'",
    [dataset('name', '=', 'name1'), dataset('context', '=', 'train', 28)],
  ],
  ["attribute.user_id = 'user-id2'", [attr('user_id', '=', 'user-id2')]],
];

describe('MLflow run filter examples parse to the expected AST', () => {
  it.each(RUN_DOC_EXAMPLES)('docs: %s', (filter, expected) => {
    expect(parseRunFilter(filter)).toEqual(expected);
  });

  it.each(RUN_MLFLOW_TEST_CASES)('test_search_utils: %s', (filter, expected) => {
    expect(parseRunFilter(filter)).toEqual(expected);
  });
});

describe('MLflow experiment and registry filter examples parse to the expected AST', () => {
  it.each<Row>([
    ["attributes.name = 'x'", [attr('name', '=', 'x')]],
    ["name = 'x'", [attr('name', '=', 'x')]],
    ["attributes.name LIKE 'x%'", [attr('name', 'LIKE', 'x%')]],
    ["tags.group != 'x'", [tag('group', '!=', 'x')]],
    ["tags.group ILIKE '%x%'", [tag('group', 'ILIKE', '%x%')]],
    [
      "attributes.name LIKE 'x%' AND tags.group = 'y'",
      [attr('name', 'LIKE', 'x%'), tag('group', '=', 'y', 30)],
    ],
    ['name LIKE "jamie-foo C+%"', [attr('name', 'LIKE', 'jamie-foo C+%')]],
  ])('search_experiments: %s', (filter, expected) => {
    expect(parseExperimentFilter(filter)).toEqual(expected);
  });

  it.each<Row>([
    [
      "name = 'sk-learn-random-forest-reg-model'",
      [attr('name', '=', 'sk-learn-random-forest-reg-model')],
    ],
    ["name LIKE 'sk-learn-random-forest%'", [attr('name', 'LIKE', 'sk-learn-random-forest%')]],
    ["tags.`mlflow.prompt.is_prompt` = 'false'", [tag('mlflow.prompt.is_prompt', '=', 'false')]],
    [
      "name ILIKE '%Forest%' AND tags.team = 'ml'",
      [attr('name', 'ILIKE', '%Forest%'), tag('team', '=', 'ml', 26)],
    ],
  ])('search_registered_models: %s', (filter, expected) => {
    expect(parseRegisteredModelFilter(filter)).toEqual(expected);
  });

  it.each<Row>([
    [
      "name='sk-learn-random-forest-reg-model'",
      [attr('name', '=', 'sk-learn-random-forest-reg-model')],
    ],
    ["run_id = '0a1b2c'", [attr('run_id', '=', '0a1b2c')]],
    ["run_id IN ('a', 'b')", [attr('run_id', 'IN', ['a', 'b'])]],
    ["source_path = 'runs:/abc/model'", [attr('source', '=', 'runs:/abc/model')]],
    ["name = 'm' AND version_number >= 2", [attr('name', '=', 'm'), attr('version', '>=', 2, 15)]],
    ["tags.`mlflow.prompt.is_prompt` != 'true'", [tag('mlflow.prompt.is_prompt', '!=', 'true')]],
  ])('search_model_versions: %s', (filter, expected) => {
    expect(parseModelVersionFilter(filter)).toEqual(expected);
  });
});

describe('filters MLflow rejects are rejected here too', () => {
  it.each<[string, number]>([
    ['m.acc >= 0.94', 0],
    ['acc >= 0.94', 0],
    ["p.model >= 'LR'", 0],
    ['attri.x != 1', 0],
    ['a.x != 1', 0],
    ["model >= 'LR'", 0],
    ["metrics.A > 0.1 OR params.B = 'LR'", 16],
    ["metrics.A > 0.1 NAND params.B = 'LR'", 16],
    ["metrics.A > 0.1 AND (params.B = 'LR')", 20],
    ['`metrics.A > 0.1', 0],
    ['`dummy.A > 0.1', 0],
    ['dummy`.A > 0.1', 0],
    ['attribute.start != 1', 0],
    ["attribute._status != 'RUNNING'", 0],
    ['attribute.status = true', 19],
    ["dataset.status = 'true'", 0],
    ["dataset.profile = 'num_rows: 10'", 0],
    ["metric.model = 'LR'", 15],
    ["metric.model = '5'", 15],
    ['params.acc = 5', 13],
    ['tags.acc = 5', 11],
    ['metrics.acc != metrics.acc', 15],
    ['1.0 > metrics.acc', 0],
    ['attribute.status = 1', 19],
    ['params.acc = LR', 13],
    ['tags.acc = LR', 11],
    ['params.acc = `LR`', 13],
    ["params.'acc = LR", 7],
    ["params.acc = 'LR", 13],
    ["params.acc = LR'", 13],
    [`params.acc = "LR'`, 13],
    [`tags.acc = "LR'`, 11],
    ["tags.acc = = 'LR'", 11],
    ["attribute.status IS 'RUNNING'", 17],
    ['params.acc LR !=', 11],
    ['params.acc LR', 11],
    ['metric.acc !=', 13],
    ['acc != 1.0', 0],
    ['foo is null', 0],
    ['1=1', 0],
    ['1==2', 0],
    ['metric.acc >= 0.94; metrics.rmse < 1', 18],
  ])('%s (at position %i)', (filter, position) => {
    let caught: unknown;
    try {
      parseRunFilter(filter);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(SlipwayError);
    expect((caught as SlipwayError).code).toBe('INVALID_ARGUMENT');
    expect((caught as SlipwayError).details).toEqual({ position });
  });
});
