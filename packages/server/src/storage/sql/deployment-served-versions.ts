import type { Kysely } from 'kysely';
import type { ResolvedModel, ServedVersion } from '@slipway/core';
import type { SlipwaySchema } from './schema.js';

/** The events whose details record what a revision resolved to. */
const APPLY_ACTIONS = ['created', 'updated'];

/**
 * The versions existing deployments serve and served: their `resolved` now, and the `resolved`
 * of every apply event since the deployment was created (events of an earlier deployment of the
 * same name are older than that and left out).
 */
export async function servedVersions(
  db: Kysely<SlipwaySchema>,
  names?: readonly string[],
): Promise<ServedVersion[]> {
  if (names !== undefined && names.length === 0) return [];
  let deployments = db.selectFrom('deployments').select(['name', 'resolved', 'created_at']);
  if (names !== undefined) deployments = deployments.where('name', 'in', [...new Set(names)]);
  const records = await deployments.execute();
  if (records.length === 0) return [];
  const events = await db
    .selectFrom('deployment_events')
    .select(['deployment', 'time', 'details'])
    .where('action', 'in', APPLY_ACTIONS)
    .where(
      'deployment',
      'in',
      records.map((r) => r.name),
    )
    .execute();
  const served = new Map<string, ServedVersion>();
  const add = (deployment: string, model: ResolvedModel, current: boolean) => {
    const key = JSON.stringify([deployment, model.name, model.version]);
    const seen = served.get(key);
    if (seen === undefined) served.set(key, { deployment, ...model, current });
    else if (current) seen.current = true;
  };
  for (const record of records) {
    for (const model of resolvedModels(record.resolved)) add(record.name, model, true);
  }
  const createdAt = new Map(records.map((r) => [r.name, r.created_at]));
  for (const event of events) {
    if (event.time < (createdAt.get(event.deployment) ?? Infinity)) continue;
    const details = parseJson(event.details) as { resolved?: unknown } | undefined;
    for (const model of resolvedModels(details?.resolved)) add(event.deployment, model, false);
  }
  return [...served.values()].sort(
    (a, b) =>
      compare(a.deployment, b.deployment) ||
      compare(a.name, b.name) ||
      Number(a.version) - Number(b.version),
  );
}

/** The models of a `resolved` map (JSON text or parsed); anything malformed is skipped. */
function resolvedModels(resolved: unknown): ResolvedModel[] {
  const value = typeof resolved === 'string' ? parseJson(resolved) : resolved;
  if (typeof value !== 'object' || value === null) return [];
  return Object.values(value as Record<string, unknown>).filter(
    (m): m is ResolvedModel =>
      typeof m === 'object' &&
      m !== null &&
      typeof (m as ResolvedModel).name === 'string' &&
      typeof (m as ResolvedModel).version === 'string',
  );
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
