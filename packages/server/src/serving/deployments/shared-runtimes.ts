import type { ModelRuntime } from '../runtime/model-runtime.js';

/** One hold on a shared runtime. The runtime closes when its last lease is released. */
export interface RuntimeLease {
  readonly key: string;
  readonly runtime: ModelRuntime;
  /** Another hold on the same, already loaded runtime (synchronous, so it cannot race a close). */
  share(): RuntimeLease;
  /** Idempotent per lease. */
  release(): void;
}

interface Entry {
  key: string;
  refs: number;
  loading: Promise<ModelRuntime>;
  runtime?: ModelRuntime;
}

/**
 * Loaded runtimes shared by key (e.g. `fraud/7` or `fraud/7|batch:32,2`), reference counted: two
 * deployments or two generations of one deployment serving the same version share one worker
 * pool, and a runtime is closed only when nothing holds it any more. Concurrent acquires of a key
 * share one load; a failed load is forgotten, so the next acquire tries again.
 */
export class SharedRuntimes {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly onCloseError: (key: string, err: unknown) => void = () => {}) {}

  async acquire(key: string, load: () => Promise<ModelRuntime>): Promise<RuntimeLease> {
    let entry = this.entries.get(key);
    if (entry === undefined) {
      const created: Entry = { key, refs: 0, loading: load() };
      this.entries.set(key, created);
      entry = created;
    }
    entry.refs += 1;
    try {
      entry.runtime = await entry.loading;
    } catch (err) {
      entry.refs -= 1;
      if (this.entries.get(key) === entry) this.entries.delete(key);
      throw err;
    }
    return this.lease(entry);
  }

  /** The keys of runtimes loaded (or loading) now. */
  keys(): string[] {
    return [...this.entries.keys()];
  }

  /** Closes every runtime, held or not: for shutdown. */
  async closeAll(): Promise<void> {
    const entries = [...this.entries.values()];
    this.entries.clear();
    await Promise.all(
      entries.map(async (entry) => {
        const runtime = await entry.loading.catch(() => undefined);
        await runtime?.close().catch((err: unknown) => this.onCloseError(entry.key, err));
      }),
    );
  }

  private lease(entry: Entry): RuntimeLease {
    const runtime = entry.runtime as ModelRuntime;
    let released = false;
    return {
      key: entry.key,
      runtime,
      share: () => {
        if (released) throw new Error(`lease on ${entry.key} shared after release`);
        entry.refs += 1;
        return this.lease(entry);
      },
      release: () => {
        if (released) return;
        released = true;
        entry.refs -= 1;
        if (entry.refs > 0) return;
        if (this.entries.get(entry.key) === entry) this.entries.delete(entry.key);
        runtime.close().catch((err: unknown) => this.onCloseError(entry.key, err));
      },
    };
  }
}
