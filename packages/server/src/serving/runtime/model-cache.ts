import { createHash, randomUUID } from 'node:crypto';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';

const TEMP_PREFIX = '.partial-';

function errnoOf(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException | null)?.code;
}

/**
 * Model files on local disk, fetched once per key (for example `fraud/7` for a registry version).
 * A download goes into a temp directory beside the cache entry and is renamed into place, so an
 * entry that exists is complete; concurrent calls for one key in this process share one download,
 * and two processes racing for a key both succeed with one winner's files.
 */
export class ModelCache {
  private readonly inProgress = new Map<string, Promise<string>>();

  constructor(readonly root: string) {}

  /** The directory of a key's entry: a readable slug plus a hash, so distinct keys never collide. */
  pathFor(key: string): string {
    const slug = key.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 80);
    const hash = createHash('sha256').update(key).digest('hex').slice(0, 16);
    return join(this.root, `${slug}-${hash}`);
  }

  /**
   * The local directory holding the key's files, calling `fetchFiles(tempDir)` to write them the
   * first time. If fetchFiles fails, nothing is cached and the error propagates.
   */
  ensureLocal(key: string, fetchFiles: (destDir: string) => Promise<void>): Promise<string> {
    let promise = this.inProgress.get(key);
    if (promise === undefined) {
      promise = this.fetchOnce(key, fetchFiles).finally(() => this.inProgress.delete(key));
      this.inProgress.set(key, promise);
    }
    return promise;
  }

  async has(key: string): Promise<boolean> {
    return stat(this.pathFor(key)).then(
      (info) => info.isDirectory(),
      () => false,
    );
  }

  /** Removes a key's entry (a runtime already loaded from it keeps working: it has read its files). */
  async evict(key: string): Promise<void> {
    await rm(this.pathFor(key), { recursive: true, force: true });
  }

  private async fetchOnce(
    key: string,
    fetchFiles: (destDir: string) => Promise<void>,
  ): Promise<string> {
    const target = this.pathFor(key);
    if (await this.has(key)) return target;
    await mkdir(this.root, { recursive: true });
    const temp = join(this.root, `${TEMP_PREFIX}${randomUUID()}`);
    await mkdir(temp);
    try {
      await fetchFiles(temp);
      await rename(temp, target);
    } catch (err) {
      await rm(temp, { recursive: true, force: true });
      const lostRace =
        (errnoOf(err) === 'ENOTEMPTY' || errnoOf(err) === 'EEXIST') && (await this.has(key));
      if (!lostRace) throw err;
    }
    return target;
  }
}
