import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS } from '@slipway/core';
import { openDeploymentHarness } from '../deployments/support/deployment-harness.js';
import type { DeploymentHarness } from '../deployments/support/deployment-harness.js';
import { SQL_BACKENDS } from '../support/sql-backends.js';

/**
 * MLflow's length limits (mlflow/utils/validation.py and its SQL schema): artifact locations of
 * 2,048 characters (MLFLOW_ARTIFACT_LOCATION_MAX_LENGTH), user ids of 256 (runs.user_id), version
 * sources and run links of 500 (model_versions). Param and run tag values past their limits
 * (6,000 and 8,000) are truncated as MLflow's server does by default (MLFLOW_TRUNCATE_LONG_VALUES),
 * not refused. An experiment's artifact location outside the server's store is refused when it
 * is set.
 */

type Api = DeploymentHarness['api'];

/** `prefix` padded to `length` characters with path segments of 99 x's (storage keys cap a segment). */
function pad(prefix: string, length: number): string {
  const fill = Array.from({ length: length - prefix.length }, (_, i) =>
    i % 100 === 99 ? '/' : 'x',
  );
  if (fill.at(-1) === '/') fill[fill.length - 1] = 'x';
  return prefix + fill.join('');
}

for (const backend of SQL_BACKENDS) {
  describe(`length limits (${backend.name})`, () => {
    let h: DeploymentHarness;
    let db: Awaited<ReturnType<typeof backend.create>>;
    let store: string;
    let mlflow: (path: string, body?: unknown) => ReturnType<Api>;
    let exp: string;
    let runId: string;

    const run = async (id = runId) =>
      (await mlflow(`/runs/get?run_id=${id}`)).json.run as {
        info: { user_id: string };
        data: {
          params?: { key: string; value: string }[];
          tags?: { key: string; value: string }[];
        };
      };
    const param = async (key: string) =>
      (await run()).data.params?.find((p) => p.key === key)?.value;
    const tag = async (key: string) => (await run()).data.tags?.find((t) => t.key === key)?.value;

    beforeAll(async () => {
      db = await backend.create();
      store = await mkdtemp(join(tmpdir(), 'slipway-lengths-'));
      h = await openDeploymentHarness({
        backendStoreUri: db.uri,
        artifactsUri: `file:${join(store, 'artifacts')}`,
        deploymentSyncIntervalMs: 0,
      });
      mlflow = (path, body) =>
        body === undefined
          ? h.api('GET', `/api/2.0/mlflow${path}`)
          : h.api('POST', `/api/2.0/mlflow${path}`, body);
      exp = (await mlflow('/experiments/create', { name: 'lengths' })).json.experiment_id;
      runId = (await mlflow('/runs/create', { experiment_id: exp })).json.run.info.run_id;
      expect((await mlflow('/registered-models/create', { name: 'm' })).status).toBe(200);
    }, 120_000);

    afterAll(async () => {
      await h?.close();
      await db?.dispose();
      await rm(store, { recursive: true, force: true });
    });

    describe('artifact_location', () => {
      const limit = LIMITS.maxArtifactLocationLength;

      it(`refuses more than ${limit} characters, as MLflow, writing nothing`, async () => {
        const long = pad('mlflow-artifacts:/team/', 900);
        const ok = await mlflow('/experiments/create', {
          name: 'long-ok',
          artifact_location: long,
        });
        expect(ok.status, JSON.stringify(ok.json)).toBe(200);
        // Up to MLflow's limit the store's own rule applies (a key of at most 1,000 bytes)...
        const atLimit = await mlflow('/experiments/create', {
          name: 'too-long',
          artifact_location: pad('mlflow-artifacts:/team/', limit),
        });
        expect(atLimit.status).toBe(400);
        expect(atLimit.json.message).toContain('at most 1000 bytes');
        // ...and past it, MLflow's.
        for (const location of [
          pad('mlflow-artifacts:/team/', limit + 1),
          pad('mlflow-artifacts:/team/', 10 * 1024 * 1024),
        ]) {
          const over = await mlflow('/experiments/create', {
            name: 'too-long',
            artifact_location: location,
          });
          expect(over.status).toBe(400);
          expect(over.json.error_code).toBe('INVALID_PARAMETER_VALUE');
          expect(over.json.message).toBe(
            `'artifact_location' exceeds the maximum length of ${limit} characters (got ${location.length}).`,
          );
        }
        const native = await h.api('POST', '/api/v1/experiments', {
          name: 'too-long',
          artifactLocation: pad('mlflow-artifacts:/team/', limit + 1),
        });
        expect(native.status).toBe(400);
        expect(native.json.error.message).toContain(`maximum length of ${limit}`);
        expect((await mlflow('/experiments/get-by-name?experiment_name=too-long')).status).toBe(
          404,
        );
      });

      it.each([
        ['another directory', () => `file://${join(store, 'elsewhere')}`],
        ['a plain path outside the store', () => join(store, 'elsewhere', 'x')],
        ['a path escaping the store with ..', () => `${join(store, 'artifacts')}/../escape`],
        ['a relative path', () => 'relative/dir'],
        ['an S3 bucket', () => 's3://some-bucket/prefix'],
        ['another scheme', () => 'gs://bucket/prefix'],
        ['an HTTP URL', () => 'https://example.com/artifacts'],
      ])('refuses %s at creation', async (_what, location) => {
        const response = await mlflow('/experiments/create', {
          name: 'outside',
          artifact_location: location(),
        });
        expect(response.status).toBe(400);
        expect(response.json.message).toContain("outside this server's artifact store");
        expect((await mlflow('/experiments/get-by-name?experiment_name=outside')).status).toBe(404);
      });

      it('refuses a runs:/ URI, as MLflow does', async () => {
        const response = await mlflow('/experiments/create', {
          name: 'outside',
          artifact_location: `runs:/${runId}/artifacts`,
        });
        expect(response.status).toBe(400);
        expect(response.json.message).toContain('cannot be a runs:/ URI');
      });

      it("accepts a folder of the server's own store, by path or file: URI", async () => {
        for (const [name, location] of [
          ['inside-uri', `file://${join(store, 'artifacts', 'team', 'a')}`],
          ['inside-path', join(store, 'artifacts', 'team', 'b')],
        ] as const) {
          const response = await mlflow('/experiments/create', {
            name,
            artifact_location: location,
          });
          expect(response.status, JSON.stringify(response.json)).toBe(200);
          const got = await mlflow(`/experiments/get?experiment_id=${response.json.experiment_id}`);
          expect(got.json.experiment.artifact_location).toBe(location);
        }
      });

      it("refuses the store's own folders, however they are spelled", async () => {
        for (const location of [
          `file://${join(store, 'artifacts')}`,
          join(store, 'artifacts', exp, 'x'),
          `file:${join(store, 'artifacts', 'models', 'm')}`,
          'mlflow-artifacts:/models/m',
        ]) {
          const response = await mlflow('/experiments/create', {
            name: 'reserved',
            artifact_location: location,
          });
          expect(response.status, location).toBe(400);
          expect(response.json.message).toContain("are the server's own");
        }
      });
    });

    it(`refuses a user_id over ${LIMITS.maxUserIdLength} characters`, async () => {
      const limit = LIMITS.maxUserIdLength;
      const ok = await mlflow('/runs/create', { experiment_id: exp, user_id: pad('u', limit) });
      expect(ok.status).toBe(200);
      expect((await run(ok.json.run.info.run_id)).info.user_id).toBe(pad('u', limit));
      const before = (await mlflow('/runs/search', { experiment_ids: [exp] })).json.runs.length;
      for (const userId of [pad('u', limit + 1), 'u'.repeat(10 * 1024 * 1024)]) {
        const over = await mlflow('/runs/create', { experiment_id: exp, user_id: userId });
        expect(over.status).toBe(400);
        expect(over.json.message).toContain(`'user_id' exceeds the maximum length of ${limit}`);
      }
      const native = await h.api('POST', '/api/v1/runs', {
        experimentId: exp,
        userId: pad('u', limit + 1),
      });
      expect(native.status).toBe(400);
      expect((await mlflow('/runs/search', { experiment_ids: [exp] })).json.runs).toHaveLength(
        before,
      );
    });

    it(`refuses a version source or run_link over ${LIMITS.maxSourceLength} characters`, async () => {
      const source = (length: number) => pad(`runs:/${runId}/`, length);
      const ok = await mlflow('/model-versions/create', {
        name: 'm',
        source: source(LIMITS.maxSourceLength),
        run_link: pad('https://ci/', LIMITS.maxRunLinkLength),
      });
      expect(ok.status, JSON.stringify(ok.json)).toBe(200);
      for (const [body, field] of [
        [{ source: source(LIMITS.maxSourceLength + 1) }, 'source'],
        [{ source: source(10 * 1024 * 1024) }, 'source'],
        [
          { source: source(100), run_link: pad('https://ci/', LIMITS.maxRunLinkLength + 1) },
          'run_link',
        ],
      ] as const) {
        const over = await mlflow('/model-versions/create', { name: 'm', ...body });
        expect(over.status).toBe(400);
        expect(over.json.message).toContain(`'${field}' exceeds the maximum length of 500`);
      }
      const native = await h.api('POST', '/api/v1/models/m/versions', {
        source: source(100),
        runLink: pad('https://ci/', 501),
      });
      expect(native.status).toBe(400);
      const versions = (await mlflow('/model-versions/search?filter=name%3D%27m%27')).json;
      expect(versions.model_versions).toHaveLength(1);
    });

    describe('long param and tag values', () => {
      const PARAM = LIMITS.maxParamValueLength;
      const TAG = LIMITS.maxTagValueLength;
      const config = (n: number) => Array.from({ length: n }, (_, i) => String(i % 10)).join('');

      it('truncates a long param to MLflow limit, readable back, and accepts logging it again', async () => {
        const value = config(PARAM * 3);
        expect(
          (await mlflow('/runs/log-parameter', { run_id: runId, key: 'config', value })).status,
        ).toBe(200);
        expect(await param('config')).toBe(value.slice(0, PARAM));
        // Params are write-once: the same long value truncates the same way, so it still matches.
        const again = await mlflow('/runs/log-parameter', { run_id: runId, key: 'config', value });
        expect(again.status, JSON.stringify(again.json)).toBe(200);
        const batch = await mlflow('/runs/log-batch', {
          run_id: runId,
          params: [{ key: 'config', value }],
        });
        expect(batch.status, JSON.stringify(batch.json)).toBe(200);
        // A different value is still a change, refused.
        const changed = await mlflow('/runs/log-parameter', {
          run_id: runId,
          key: 'config',
          value: `changed${value}`,
        });
        expect(changed.status).toBe(400);
        expect(await param('config')).toBe(value.slice(0, PARAM));
      });

      it('truncates by characters, as Python counts them, never splitting a pair', async () => {
        const emoji = '\u{1F680}';
        const value = emoji.repeat(PARAM + 10);
        const logged = await h.api('PUT', `/api/v1/runs/${runId}/params/rockets`, { value });
        expect(logged.status).toBe(204);
        const stored = await param('rockets');
        expect(stored).toBe(emoji.repeat(PARAM));
        expect((await h.api('PUT', `/api/v1/runs/${runId}/params/rockets`, { value })).status).toBe(
          204,
        );
      });

      it('truncates run tags over 8000 characters, from every route that sets them', async () => {
        const value = config(TAG + 5000);
        expect((await mlflow('/runs/set-tag', { run_id: runId, key: 'notes', value })).status).toBe(
          200,
        );
        expect(await tag('notes')).toBe(value.slice(0, TAG));
        const batch = await mlflow('/runs/log-batch', {
          run_id: runId,
          params: [{ key: 'long-in-batch', value }],
          tags: [{ key: 'batch-notes', value }],
        });
        expect(batch.status).toBe(200);
        expect(await tag('batch-notes')).toBe(value.slice(0, TAG));
        expect(await param('long-in-batch')).toBe(value.slice(0, PARAM));
        const created = await mlflow('/runs/create', {
          experiment_id: exp,
          tags: [{ key: 'created-notes', value }],
        });
        expect(created.status).toBe(200);
        const tags = (await run(created.json.run.info.run_id)).data.tags ?? [];
        expect(tags.find((t) => t.key === 'created-notes')?.value).toBe(value.slice(0, TAG));
        const native = await h.api('PUT', `/api/v1/runs/${runId}/tags/native-notes`, { value });
        expect(native.status).toBe(204);
        expect(await tag('native-notes')).toBe(value.slice(0, TAG));
      });

      it('still refuses keys over 250 characters and long experiment or model tags', async () => {
        const key = 'k'.repeat(LIMITS.maxKeyLength + 1);
        for (const [path, body] of [
          ['/runs/log-parameter', { run_id: runId, key, value: 'v' }],
          ['/runs/set-tag', { run_id: runId, key, value: 'v' }],
          [
            '/experiments/set-experiment-tag',
            { experiment_id: exp, key: 't', value: config(TAG + 1) },
          ],
          ['/registered-models/set-tag', { name: 'm', key: 't', value: config(TAG + 1) }],
        ] as const) {
          const response = await mlflow(path, body);
          expect(response.status, path).toBe(400);
        }
        const data = (await run()).data;
        expect(data.params?.some((p) => p.key === key)).toBe(false);
        expect(data.tags?.some((t) => t.key === key)).toBe(false);
      });
    });
  });
}
