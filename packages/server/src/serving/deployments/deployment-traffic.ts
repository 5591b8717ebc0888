import {
  BucketRing,
  TRAFFIC_WINDOW_MS,
  TrafficWindow,
  deploymentVariants,
  httpStatusFor,
} from '@slipway/core';
import type {
  DeploymentRecord,
  ErrorCode,
  RequestOutcome,
  ResolvedModel,
  VariantId,
} from '@slipway/core';
import type { OutputComparison } from './shadow-comparison.js';

export interface VariantTraffic {
  model: ResolvedModel;
  window: TrafficWindow;
}

/** What a shadow deployment's challenger did over the window, summed from per-second rows. */
export interface ShadowSums {
  mirrored: number;
  dropped: number;
  completed: number;
  errors: number;
  comparedRows: number;
  agreedRows: number;
  elements: number;
  absDiffSum: number;
}

const SHADOW_FIELDS = [
  'mirrored',
  'dropped',
  'completed',
  'errors',
  'comparedRows',
  'agreedRows',
  'elements',
  'absDiffSum',
] as const satisfies readonly (keyof ShadowSums)[];
const field = Object.fromEntries(SHADOW_FIELDS.map((name, index) => [name, index])) as Record<
  keyof ShadowSums,
  number
>;

/**
 * The outcome of a request as the Prometheus request counter labels it: `ok`, a server-side
 * failure (a 5xx code: status `internal` or `unavailable`), or the request's own fault (4xx).
 */
export function outcomeOf(error: ErrorCode | undefined): RequestOutcome {
  if (error === undefined) return 'ok';
  return httpStatusFor(error) >= 500 ? 'error' : 'client-error';
}

/**
 * One deployment's live statistics on this server, fed from the request path: a TrafficWindow
 * per variant (one-second buckets over the last minute) and, for a shadow deployment, the
 * challenger's mirrors and comparisons per second. Recording is a map lookup and a few array
 * increments, with nothing allocated. A variant keeps its window across a spec change while it
 * serves the same version, so a change of, say, the sample rate does not blank the charts.
 */
export class DeploymentTraffic {
  private variants = new Map<VariantId, VariantTraffic>();
  private shadowRing: BucketRing<Float64Array> | undefined;

  /** Windows for the record's variants: kept where the version is the same, fresh otherwise. */
  follow(record: DeploymentRecord, now: number): void {
    const next = new Map<VariantId, VariantTraffic>();
    let kept = true;
    for (const { id } of deploymentVariants(record.spec.policy)) {
      const model = record.resolved[id];
      if (model === undefined) continue;
      const held = this.variants.get(id);
      if (held?.model.name === model.name && held.model.version === model.version) {
        next.set(id, held);
        continue;
      }
      kept = false;
      next.set(id, {
        model: { name: model.name, version: model.version },
        window: new TrafficWindow(now),
      });
    }
    this.variants = next;
    if (record.spec.policy.type !== 'shadow') this.shadowRing = undefined;
    else if (!kept || this.shadowRing === undefined) {
      this.shadowRing = new BucketRing(
        TRAFFIC_WINDOW_MS / 1000,
        1000,
        SHADOW_FIELDS.length,
        (n) => new Float64Array(n),
      );
    }
  }

  variant(id: VariantId): VariantTraffic | undefined {
    return this.variants.get(id);
  }

  /** One request a variant answered or failed (a mirrored one for the shadow challenger). */
  record(variant: VariantId, now: number, latencyMs: number, error: ErrorCode | undefined): void {
    this.variants.get(variant)?.window.record(now, latencyMs, outcomeOf(error));
  }

  /** A request mirrored to the shadow challenger, or dropped because too many were in flight. */
  recordMirror(now: number, dropped: boolean): void {
    this.add(now, dropped ? field.dropped : field.mirrored, 1);
  }

  /** A mirrored request finished: compared with the primary, or failed (no comparison). */
  recordShadowResult(now: number, comparison: OutputComparison | undefined): void {
    const ring = this.shadowRing;
    if (ring === undefined) return;
    const row = ring.rowAt(now);
    if (row < 0) return;
    const rows = ring.rows;
    if (comparison === undefined) {
      rows[row + field.errors] = (rows[row + field.errors] as number) + 1;
      return;
    }
    rows[row + field.completed] = (rows[row + field.completed] as number) + 1;
    rows[row + field.comparedRows] = (rows[row + field.comparedRows] as number) + comparison.rows;
    rows[row + field.agreedRows] = (rows[row + field.agreedRows] as number) + comparison.agreedRows;
    rows[row + field.elements] = (rows[row + field.elements] as number) + comparison.elements;
    rows[row + field.absDiffSum] = (rows[row + field.absDiffSum] as number) + comparison.absDiffSum;
  }

  /** The challenger's figures over the last minute; undefined unless the deployment is a shadow. */
  shadowSums(now: number): ShadowSums | undefined {
    const ring = this.shadowRing;
    if (ring === undefined) return undefined;
    const sums: ShadowSums = {
      mirrored: 0,
      dropped: 0,
      completed: 0,
      errors: 0,
      comparedRows: 0,
      agreedRows: 0,
      elements: 0,
      absDiffSum: 0,
    };
    ring.forEachRecent(now, ring.slots, (row) => {
      for (const name of SHADOW_FIELDS) sums[name] += ring.rows[row + field[name]] as number;
    });
    return sums;
  }

  private add(now: number, index: number, amount: number): void {
    const ring = this.shadowRing;
    if (ring === undefined) return;
    const row = ring.rowAt(now);
    if (row >= 0) ring.rows[row + index] = (ring.rows[row + index] as number) + amount;
  }
}
