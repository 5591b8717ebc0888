import { readFile, realpath, stat } from 'node:fs/promises';
import { basename, join, sep } from 'node:path';
import { MANIFEST_FILE_NAME, SlipwayError, parseModelManifestJson } from '@slipway/core';
import type { ModelManifest } from '@slipway/core';

export interface ModelPackage {
  /** The package directory, after realpath. */
  dir: string;
  manifest: ModelManifest;
  /** Absolute path of the manifest's modelFile, checked to lie inside `dir`. */
  modelPath: string;
}

function notAPackage(message: string, cause?: unknown): SlipwayError {
  return new SlipwayError({ code: 'FAILED_PRECONDITION', message, cause });
}

/** Reads and validates a model package directory (`slipway-model.json` and its model file). */
export async function readModelPackage(dir: string): Promise<ModelPackage> {
  const root = await realpath(dir).catch((err: unknown) => {
    throw notAPackage(`The model directory ${dir} cannot be read: ${(err as Error).message}`, err);
  });
  const text = await readFile(join(root, MANIFEST_FILE_NAME), 'utf8').catch((err: unknown) => {
    throw notAPackage(
      `${dir} is not a model package: it has no readable ${MANIFEST_FILE_NAME} (${(err as Error).message}).`,
      err,
    );
  });
  const manifest = parseModelManifestJson(text);
  // realpath again so a symbolic link inside the package cannot point outside it.
  const modelPath = await realpath(join(root, manifest.modelFile)).catch((err: unknown) => {
    throw notAPackage(
      `The model file '${manifest.modelFile}' named in ${MANIFEST_FILE_NAME} cannot be read: ${(err as Error).message}`,
      err,
    );
  });
  if (!modelPath.startsWith(root + sep) || !(await stat(modelPath)).isFile()) {
    throw notAPackage(`The model file '${manifest.modelFile}' is not a file inside ${dir}.`);
  }
  return { dir: root, manifest, modelPath };
}

/** The name a package's model is served under when none is given: its manifest name, else its folder. */
export function packageModelName(pkg: ModelPackage): string {
  return pkg.manifest.name ?? basename(pkg.dir);
}
