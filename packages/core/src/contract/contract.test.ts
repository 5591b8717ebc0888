import { describe, expect, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import type { ArtifactFileInfo } from '../storage/artifact-store.js';
import type { Experiment } from '../domain/experiment.js';
import type { ModelHistoryEvent, ModelVersion, RegisteredModel } from '../domain/model-registry.js';
import type { Metric, Run, RunInfo } from '../domain/run.js';
import { SlipwayError } from '../errors.js';
import type { artifactFileInfoSchema } from './artifacts.js';
import { stringListQuerySchema, wireNumberSchema } from './common.js';
import type { experimentSchema } from './experiments.js';
import type { modelHistoryEventSchema } from './model-history.js';
import type { modelVersionSchema } from './model-versions.js';
import { modelUploadLocation } from './model-versions.js';
import { nativeRoutes } from './native-routes.js';
import { parseInput } from './parse-input.js';
import type { registeredModelSchema } from './registered-models.js';
import { updateRegisteredModelBodySchema } from './registered-models.js';
import { contractRegistry } from './registry.js';
import type { RouteSpec } from './route.js';
import type { metricSchema, runInfoSchema, runSchema } from './runs.js';

describe('contract schemas', () => {
  it('parse into exactly the domain types', () => {
    expectTypeOf<z.output<typeof experimentSchema>>().toEqualTypeOf<Experiment>();
    expectTypeOf<z.output<typeof runSchema>>().toEqualTypeOf<Run>();
    expectTypeOf<z.output<typeof runInfoSchema>>().toEqualTypeOf<RunInfo>();
    expectTypeOf<z.output<typeof metricSchema>>().toEqualTypeOf<Metric>();
    expectTypeOf<z.output<typeof modelVersionSchema>>().toEqualTypeOf<ModelVersion>();
    expectTypeOf<z.output<typeof registeredModelSchema>>().toEqualTypeOf<RegisteredModel>();
    expectTypeOf<z.output<typeof modelHistoryEventSchema>>().toEqualTypeOf<ModelHistoryEvent>();
    expectTypeOf<z.output<typeof artifactFileInfoSchema>>().toEqualTypeOf<ArtifactFileInfo>();
  });

  it('decodes wire numbers, non-finite ones included', () => {
    expect(wireNumberSchema.parse(1.5)).toBe(1.5);
    expect(Number.isNaN(wireNumberSchema.parse('NaN'))).toBe(true);
    expect(wireNumberSchema.parse('Infinity')).toBe(Number.POSITIVE_INFINITY);
    expect(wireNumberSchema.parse('-Infinity')).toBe(Number.NEGATIVE_INFINITY);
    for (const bad of ['nan', '1.5', 'inf', null, true]) {
      expect(wireNumberSchema.safeParse(bad).success).toBe(false);
    }
  });

  it('normalises repeated query parameters to lists', () => {
    expect(stringListQuerySchema.parse('a')).toEqual(['a']);
    expect(stringListQuerySchema.parse(['a', 'b'])).toEqual(['a', 'b']);
  });

  it('allows exactly one change per registered-model update', () => {
    expect(updateRegisteredModelBodySchema.safeParse({ name: 'x' }).success).toBe(true);
    expect(updateRegisteredModelBodySchema.safeParse({ description: '' }).success).toBe(true);
    expect(updateRegisteredModelBodySchema.safeParse({}).success).toBe(false);
    expect(updateRegisteredModelBodySchema.safeParse({ name: 'x', description: 'y' }).success).toBe(
      false,
    );
  });

  it('names where uploaded model files live', () => {
    expect(modelUploadLocation('fraud', 'abc12345')).toEqual({
      storagePath: 'models/fraud/abc12345',
      source: 'mlflow-artifacts:/models/fraud/abc12345',
    });
  });
});

describe('parseInput', () => {
  it('returns parsed values', () => {
    expect(parseInput(nativeRoutes.createExperiment.body, { name: 'x' }, 'body')).toEqual({
      name: 'x',
    });
  });

  it('throws INVALID_ARGUMENT naming the first bad field, with every issue in details', () => {
    let caught: unknown;
    try {
      parseInput(nativeRoutes.logBatch.body, { metrics: [{ key: 1, value: 'x' }] }, 'body');
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(SlipwayError);
    const error = caught as SlipwayError;
    expect(error.code).toBe('INVALID_ARGUMENT');
    expect(error.message).toMatch(/^Invalid request body 'metrics\.0\.key': /u);
    const issues = (error.details?.issues ?? []) as Array<{ path: string }>;
    expect(issues.map((i) => i.path)).toEqual([
      'metrics.0.key',
      'metrics.0.value',
      'metrics.0.timestamp',
    ]);
  });

  it('asks for a body when there is none', () => {
    expect(() => parseInput(nativeRoutes.createRun.body, undefined, 'body')).toThrow(/JSON body/u);
  });
});

describe('route table', () => {
  const routes: RouteSpec[] = Object.values(nativeRoutes);

  it('declares every templated path parameter, and only those', () => {
    for (const route of routes) {
      const templated = [...route.path.matchAll(/\{(\w+)\*?\}/gu)].map((m) => m[1]);
      const declared = route.params ? Object.keys(route.params.shape) : [];
      expect(declared.sort(), route.operationId).toEqual(templated.sort());
    }
  });

  it('names every JSON body and response in the registry, and keys routes by operationId', () => {
    for (const [key, route] of Object.entries(nativeRoutes) as Array<[string, RouteSpec]>) {
      expect(route.operationId).toBe(key);
      for (const schema of [route.body, route.response]) {
        if (schema && schema !== 'binary') expect(contractRegistry.get(schema)?.id).toBeTruthy();
      }
      expect(route.response === undefined).toBe(route.status === 204);
    }
  });

  it('has no two routes with the same method and path', () => {
    const keys = routes.map((r) => `${r.method} ${r.path}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
