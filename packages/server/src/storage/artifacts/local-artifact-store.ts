import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import type { Dirent } from 'node:fs';
import { mkdir, open, readdir, realpath, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { SlipwayError, checkArtifactPath } from '@slipway/core';
import type { ArtifactFileInfo, ArtifactStore } from '@slipway/core';
import { childArtifactPath, sortByPath } from './artifact-listing.js';
import { errnoCode, fsError } from './fs-errors.js';

/** Temp files live beside their target so the final rename stays on one file system (atomic). */
const TEMP_PREFIX = '.slipway-upload-';

/**
 * Artifacts as plain files under one root directory. Writes go to a temp file that is renamed
 * into place, so readers never see a half-written file. Every resolved path is checked with
 * realpath, so a symbolic link inside the root cannot be used to read or write outside it.
 */
export class LocalArtifactStore implements ArtifactStore {
  private constructor(
    /** The root after realpath, so prefix checks compare like with like. */
    readonly root: string,
  ) {}

  /** Opens (and creates if missing) the store rooted at `root`. */
  static async open(root: string): Promise<LocalArtifactStore> {
    try {
      await mkdir(root, { recursive: true });
      const real = await realpath(root);
      return new LocalArtifactStore(real);
    } catch (err) {
      throw fsError(err, `open the artifact root ${JSON.stringify(root)}`);
    }
  }

  async put(path: string, body: Readable | Uint8Array): Promise<void> {
    const rel = checkArtifactPath(path);
    const target = this.resolve(rel);
    const parent = dirname(target);
    await this.ensureDirectoryInside(parent, rel);
    const temp = join(parent, `${TEMP_PREFIX}${randomUUID()}`);
    try {
      if (body instanceof Uint8Array) {
        await writeFile(temp, body, { flag: 'wx' });
      } else {
        await pipeline(body, createWriteStream(temp, { flags: 'wx' }));
      }
      await rename(temp, target);
    } catch (err) {
      await rm(temp, { force: true });
      if (!(body instanceof Uint8Array) && !body.destroyed) body.destroy();
      throw fsError(err, `write artifact ${JSON.stringify(rel)}`);
    }
  }

  async get(path: string): Promise<Readable> {
    const rel = checkArtifactPath(path);
    const real = await this.realpathInside(rel);
    // Opened here, so a missing or unreadable file is a rejected promise, not a stream error later.
    const handle = await open(real, 'r').catch((err: unknown) => {
      throw errnoCode(err) === 'ENOENT'
        ? artifactNotFound(rel)
        : fsError(err, `read artifact ${JSON.stringify(rel)}`);
    });
    try {
      if (!(await handle.stat()).isFile()) throw artifactNotFound(rel);
    } catch (err) {
      await handle.close();
      throw fsError(err, `read artifact ${JSON.stringify(rel)}`);
    }
    return handle.createReadStream();
  }

  async exists(path: string): Promise<boolean> {
    const rel = checkArtifactPath(path);
    try {
      return (await stat(await this.realpathInside(rel))).isFile();
    } catch (err) {
      if (err instanceof SlipwayError && err.code === 'NOT_FOUND') return false;
      throw err;
    }
  }

  async list(dir: string): Promise<ArtifactFileInfo[]> {
    const rel = checkArtifactPath(dir, { allowEmpty: true });
    let real: string;
    let entries: Dirent[];
    try {
      real = await this.realpathInside(rel);
      entries = await readdir(real, { withFileTypes: true });
    } catch (err) {
      if (err instanceof SlipwayError && err.code === 'NOT_FOUND') return [];
      if (errnoCode(err) === 'ENOTDIR') return [];
      throw fsError(err, `list ${JSON.stringify(rel)}`);
    }
    const infos = await Promise.all(entries.map((entry) => this.describe(real, rel, entry.name)));
    return sortByPath(infos.filter((info): info is ArtifactFileInfo => info !== undefined));
  }

  async delete(path: string): Promise<void> {
    const rel = checkArtifactPath(path);
    const target = this.resolve(rel);
    let parent: string;
    try {
      parent = await realpath(dirname(target));
    } catch (err) {
      const code = errnoCode(err);
      if (code === 'ENOENT' || code === 'ENOTDIR') return;
      throw fsError(err, `delete artifact ${JSON.stringify(rel)}`);
    }
    this.assertInside(parent, rel);
    // The last segment is removed without being followed: deleting a link never deletes its target.
    await rm(join(parent, basename(target)), { recursive: true, force: true }).catch(
      (err: unknown) => {
        throw fsError(err, `delete artifact ${JSON.stringify(rel)}`);
      },
    );
  }

  async close(): Promise<void> {}

  private resolve(rel: string): string {
    return rel === '' ? this.root : join(this.root, ...rel.split('/'));
  }

  private async describe(
    realDir: string,
    relDir: string,
    name: string,
  ): Promise<ArtifactFileInfo | undefined> {
    if (name.startsWith(TEMP_PREFIX)) return undefined;
    const childPath = childArtifactPath(relDir, name);
    if (childPath === undefined) return undefined;
    try {
      const real = await realpath(join(realDir, name));
      if (!isInside(this.root, real)) return undefined;
      const info = await stat(real);
      if (info.isDirectory()) return { path: childPath, isDir: true };
      if (info.isFile()) return { path: childPath, isDir: false, fileSize: info.size };
      return undefined;
    } catch (err) {
      // Dangling links and entries deleted while listing are simply not there.
      const code = errnoCode(err);
      if (code === 'ENOENT' || code === 'ELOOP' || code === 'ENOTDIR') return undefined;
      throw fsError(err, `list ${JSON.stringify(relDir)}`);
    }
  }

  /** realpath of `rel`, NOT_FOUND if absent, PERMISSION_DENIED if it leads out of the root. */
  private async realpathInside(rel: string): Promise<string> {
    let real: string;
    try {
      real = await realpath(this.resolve(rel));
    } catch (err) {
      const code = errnoCode(err);
      if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'ELOOP') throw artifactNotFound(rel);
      throw fsError(err, `resolve artifact ${JSON.stringify(rel)}`);
    }
    this.assertInside(real, rel);
    return real;
  }

  /**
   * Creates `dir` (and its parents) after checking that the deepest part that already exists
   * resolves inside the root, so mkdir never follows a link out of it; checked again afterwards
   * in case a link appeared meanwhile.
   */
  private async ensureDirectoryInside(dir: string, rel: string): Promise<void> {
    let existing = dir;
    for (;;) {
      try {
        this.assertInside(await realpath(existing), rel);
        break;
      } catch (err) {
        if (errnoCode(err) !== 'ENOENT' || existing === this.root) {
          throw fsError(err, `write artifact ${JSON.stringify(rel)}`);
        }
        existing = dirname(existing);
      }
    }
    try {
      await mkdir(dir, { recursive: true });
      this.assertInside(await realpath(dir), rel);
    } catch (err) {
      throw fsError(err, `write artifact ${JSON.stringify(rel)}`);
    }
  }

  private assertInside(real: string, rel: string): void {
    if (!isInside(this.root, real)) {
      throw new SlipwayError({
        code: 'PERMISSION_DENIED',
        message: `Artifact path ${JSON.stringify(rel)} leads outside the artifact root through a symbolic link.`,
        details: { path: rel },
      });
    }
  }
}

function isInside(root: string, real: string): boolean {
  return real === root || real.startsWith(root.endsWith(sep) ? root : root + sep);
}

function artifactNotFound(rel: string): SlipwayError {
  return new SlipwayError({
    code: 'NOT_FOUND',
    message: `Artifact ${JSON.stringify(rel)} does not exist.`,
    details: { path: rel },
  });
}
