import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { Command } from 'commander';
import { MANIFEST_FILE_NAME, isSlipwayError, parseModelManifestJson } from '@slipway/core';
import type { ModelLineage, ModelManifest } from '@slipway/core';
import type { SlipwayClient } from '@slipway/sdk';
import type { CliIo } from '../cli-io.js';
import type { ActionFactory } from '../command-context.js';
import { clientCommand } from '../command-context.js';
import { collectLocalFiles, fileBody } from '../local-files.js';
import type { LocalFile } from '../local-files.js';
import { bytes } from '../output.js';
import { UsageError } from '../usage-error.js';

interface RegisterFlags {
  alias?: string;
  run?: string;
  description?: string;
  json?: boolean;
}

interface PackageFiles {
  files: LocalFile[];
  /** The manifest to upload beside the files, when it was built here (none in the directory). */
  manifest?: ModelManifest;
}

/** Reads the signature from the ONNX graph (ONNX Runtime lives in the server package). */
async function manifestFor(
  onnxPath: string,
  name: string,
  modelFile: string,
  lineage: ModelLineage | undefined,
): Promise<ModelManifest> {
  const { buildModelPackage } = await import('@slipway/server');
  const manifest = await buildModelPackage(onnxPath, { name, lineage });
  return { ...manifest, modelFile };
}

/**
 * What to upload for `path`: an .onnx file with a manifest built from its graph; a directory as it
 * is when it has `slipway-model.json` (checked here, so a broken manifest fails before any upload);
 * otherwise a directory with one .onnx file at its root, plus a manifest built from it.
 */
async function packageFiles(
  path: string,
  name: string,
  runId: string | undefined,
): Promise<PackageFiles> {
  const info = await stat(path).catch((err: NodeJS.ErrnoException) => {
    throw new UsageError(
      `Cannot read '${path}': ${err.code === 'ENOENT' ? 'no such file or directory' : err.message}.`,
    );
  });
  const lineage = runId === undefined ? undefined : { runId };
  if (info.isFile()) {
    if (!path.toLowerCase().endsWith('.onnx')) {
      throw new UsageError(
        `'${path}' is a file but not an .onnx model; give an .onnx file or a model directory.`,
      );
    }
    const files = await collectLocalFiles(path);
    return { files, manifest: await manifestFor(path, name, basename(path), lineage) };
  }
  const files = await collectLocalFiles(path);
  const manifestFile = files.find((file) => file.relativePath === MANIFEST_FILE_NAME);
  if (manifestFile !== undefined) {
    const { readFile } = await import('node:fs/promises');
    parseModelManifestJson(await readFile(manifestFile.diskPath, 'utf8'));
    return { files };
  }
  const onnx = files.filter(
    (file) => !file.relativePath.includes('/') && file.relativePath.toLowerCase().endsWith('.onnx'),
  );
  const [model] = onnx;
  if (model === undefined || onnx.length > 1) {
    throw new UsageError(
      `'${path}' has no ${MANIFEST_FILE_NAME} and ${onnx.length === 0 ? 'no' : onnx.length} .onnx files at its root; add a manifest or keep exactly one .onnx file there.`,
    );
  }
  return { files, manifest: await manifestFor(model.diskPath, name, model.relativePath, lineage) };
}

async function ensureRegisteredModel(client: SlipwayClient, name: string): Promise<void> {
  try {
    await client.models.get(name);
    return;
  } catch (err) {
    if (!isSlipwayError(err) || err.code !== 'NOT_FOUND') throw err;
  }
  try {
    await client.models.create({ name });
  } catch (err) {
    // Someone else created it in between: fine.
    if (!isSlipwayError(err) || err.code !== 'ALREADY_EXISTS') throw err;
  }
}

/**
 * `slipway models register <name> <path>`: uploads a model and registers it as a new version,
 * printing the version number (progress goes to stderr, so `v=$(slipway models register ...)`
 * captures just the number).
 */
export function modelsRegisterCommand(action: ActionFactory, io: CliIo): Command {
  return clientCommand(new Command('register'))
    .description(
      'Register a new version from an .onnx file or a model directory (signature inferred from the ONNX graph when there is no slipway-model.json)',
    )
    .argument('<name>', 'registered model name (created if missing)')
    .argument('<path>', 'an .onnx file or a model directory')
    .option('--alias <alias>', 'point this alias at the new version, e.g. champion')
    .option('--run <run-id>', 'the run that produced the model')
    .option('--description <text>', 'version description')
    .action(
      action<[string, string], RegisterFlags>(async (t, o, name, path) => {
        const { files, manifest } = await packageFiles(path, name, o.run);
        await ensureRegisteredModel(t.client, name);
        const total = files.length + (manifest === undefined ? 0 : 1);
        const progress = (line: string) => {
          if (!t.json) io.stderr.write(`${line}\n`);
        };
        if (manifest !== undefined) progress(`Inferred the signature of ${manifest.modelFile}`);
        const created = await t.client.models.createVersionFromFiles(
          name,
          (async function* () {
            for (const file of files) {
              yield { path: file.relativePath, body: await fileBody(file.diskPath) };
            }
            if (manifest !== undefined) {
              yield { path: MANIFEST_FILE_NAME, body: `${JSON.stringify(manifest, null, 2)}\n` };
            }
          })(),
          {
            ...(o.run ? { runId: o.run } : {}),
            ...(o.description ? { description: o.description } : {}),
            onFileUploaded: ({ path: uploaded, index }) => {
              const size = files[index]?.size;
              progress(
                `[${index + 1}/${total}] uploaded ${uploaded}${size === undefined ? '' : ` (${bytes(size)})`}`,
              );
            },
          },
        );
        if (o.alias) await t.client.models.setAlias(name, o.alias, created.version);
        const version = o.alias ? await t.client.models.getVersion(name, created.version) : created;
        t.result(version, () => [version.version]);
      }),
    );
}
