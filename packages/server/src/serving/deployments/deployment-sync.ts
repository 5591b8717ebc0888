import type { DeploymentRecord } from '@slipway/core';

/** Which deployments one sync() changed on this server, by name. */
export interface SyncReport {
  /** Loaded, or given the stored runtime state (a canary step, promote, rollback, rewards). */
  refreshed: string[];
  /** Gone from the store, so no longer served here. */
  removed: string[];
  /** Could not be brought up to date (reported through onBackgroundError). */
  failed: string[];
}

type RevisionKey = Pick<DeploymentRecord, 'revision' | 'createdAt'>;

/**
 * The same stored version of a deployment. Revisions start over at 1 when a deployment is deleted
 * and created again, so the creation time is part of the identity.
 */
function sameRevision(held: RevisionKey, stored: RevisionKey): boolean {
  return held.revision === stored.revision && held.createdAt === stored.createdAt;
}

type Outcome = 'refreshed' | 'removed' | undefined;

/** What syncDeployments needs of the deployment service. */
export interface SyncHost {
  listRevisions(): Promise<(RevisionKey & { name: string })[]>;
  /** What this server holds now, by deployment name. */
  held(): ReadonlyMap<string, { record: RevisionKey }>;
  read(name: string): Promise<DeploymentRecord | undefined>;
  /** Serves `record` from now on (undefined: stops serving the deployment). */
  adopt(name: string, record: DeploymentRecord | undefined): Promise<void>;
  /** Runs `work` under the deployment's lock, after the changes of it before. */
  lock(name: string, work: () => Promise<Outcome>): Promise<Outcome>;
  closed(): boolean;
  onError(name: string, err: unknown): void;
}

/**
 * One pass of convergence with the shared store: every deployment whose stored revision differs
 * from the one held here, or that is held here but gone from the store, is caught up, in parallel
 * (each under its own lock). A failure is reported for its deployment and holds up no other.
 */
export async function syncDeployments(host: SyncHost): Promise<SyncReport> {
  const report: SyncReport = { refreshed: [], removed: [], failed: [] };
  const stored = await host.listRevisions();
  const held = host.held();
  const listed = new Set(stored.map((revision) => revision.name));
  const changed = stored
    .filter((revision) => {
      const entry = held.get(revision.name);
      return entry === undefined || !sameRevision(entry.record, revision);
    })
    .map((revision) => revision.name);
  const gone = [...held.keys()].filter((name) => !listed.has(name));
  await Promise.all(
    [...changed, ...gone].map(async (name) => {
      try {
        const outcome = await catchUp(host, name);
        if (outcome !== undefined) report[outcome].push(name);
      } catch (err) {
        // Closing refuses new work; that is no failure of the deployment.
        if (host.closed()) return;
        report.failed.push(name);
        host.onError(name, err);
      }
    }),
  );
  for (const names of Object.values(report)) names.sort();
  return report;
}

/** One deployment, under its lock, read afresh: the list may be stale by then. */
function catchUp(host: SyncHost, name: string): Promise<Outcome> {
  return host.lock(name, async () => {
    const record = await host.read(name);
    const held = host.held().get(name)?.record;
    const current =
      record === undefined ? held === undefined : held !== undefined && sameRevision(held, record);
    if (current) return undefined;
    await host.adopt(name, record);
    return record === undefined ? 'removed' : 'refreshed';
  });
}
