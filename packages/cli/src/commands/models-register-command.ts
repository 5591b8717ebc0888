import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import {
  MANIFEST_FILE_NAME,
  isSlipwayError,
  isTabularSignature,
  parseModelManifestJson,
} from '@slipway/core';
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
  columns?: string[];
  sample?: string;
  json?: boolean;
}

/** Names for the columns of the model's 2-D input: listed, or read from a sample table. */
type ColumnNames = { columnNames: string[] } | { columnNamesFrom: string } | undefined;

/** `--columns a,b,c`: names separated by commas, blanks around each ignored. */
function parseColumnList(value: string): string[] {
  const names = value.split(',').map((name) => name.trim());
  if (names.some((name) => name === '')) {
    throw new InvalidArgumentError('give column names separated by commas, none of them empty.');
  }
  return names;
}

function columnNamesOf(flags: RegisterFlags): ColumnNames {
  if (flags.columns !== undefined && flags.sample !== undefined) {
    throw new UsageError('Give --columns or --sample, not both.');
  }
  if (flags.columns !== undefined) return { columnNames: flags.columns };
  if (flags.sample !== undefined) return { columnNamesFrom: flags.sample };
  return undefined;
}

interface PackageFiles {
  files: LocalFile[];
  /** The manifest to upload beside the files, when it was built here (none in the directory). */
  manifest?: ModelManifest;
}

/**
 * Reads the signature from the ONNX graph (ONNX Runtime lives in the server package), with the
 * input's column names when asked. Names that do not fit the model are a usage error.
 */
async function manifestFor(
  onnxPath: string,
  name: string,
  modelFile: string,
  lineage: ModelLineage | undefined,
  columns: ColumnNames,
): Promise<ModelManifest> {
  const { buildModelPackage } = await import('@slipway/server');
  try {
    const manifest = await buildModelPackage(onnxPath, { name, lineage, ...columns });
    return { ...manifest, modelFile };
  } catch (err) {
    if (isSlipwayError(err) && err.details?.['reason'] === 'COLUMNS_REFUSED') {
      throw new UsageError(`${err.message} (--columns / --sample)`);
    }
    throw err;
  }
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
  columns: ColumnNames,
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
    return { files, manifest: await manifestFor(path, name, basename(path), lineage, columns) };
  }
  const files = await collectLocalFiles(path);
  const manifestFile = files.find((file) => file.relativePath === MANIFEST_FILE_NAME);
  if (manifestFile !== undefined) {
    if (columns !== undefined) {
      throw new UsageError(
        `'${path}' has a ${MANIFEST_FILE_NAME}, which declares the signature: name the columns there (signature.inputs[0].columns) instead of with --columns / --sample.`,
      );
    }
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
  return {
    files,
    manifest: await manifestFor(model.diskPath, name, model.relativePath, lineage, columns),
  };
}

/** The recorded column names, for the progress line (the first few of many). */
function namedColumns(manifest: ModelManifest): string | undefined {
  const columns = isTabularSignature(manifest.signature)
    ? undefined
    : manifest.signature.inputs[0]?.columns;
  if (columns === undefined) return undefined;
  const shown = columns.slice(0, 5).join(', ');
  return columns.length > 5 ? `${shown}, ... ${columns.length} in all` : shown;
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
    .option(
      '--columns <names>',
      "names of the columns of the model's 2-D input, in order, separated by commas (feature names)",
      parseColumnList,
    )
    .option(
      '--sample <file>',
      'take the column names from a table: a .csv header, .parquet schema or first .jsonl record',
    )
    .action(
      action<[string, string], RegisterFlags>(async (t, o, name, path) => {
        const columns = columnNamesOf(o);
        const { files, manifest } = await packageFiles(path, name, o.run, columns);
        await ensureRegisteredModel(t.client, name);
        const total = files.length + (manifest === undefined ? 0 : 1);
        const progress = (line: string) => {
          if (!t.json) io.stderr.write(`${line}\n`);
        };
        if (manifest !== undefined) {
          const named = namedColumns(manifest);
          progress(
            `Inferred the signature of ${manifest.modelFile}${named === undefined ? '' : ` (input columns: ${named})`}`,
          );
        }
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
