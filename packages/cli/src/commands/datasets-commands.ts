import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { Readable, Transform } from 'node:stream';
import { Command } from 'commander';
import { SlipwayError } from '@slipway/core';
import type { DatasetVersion } from '@slipway/core';
import type { ActionFactory, CommandTools } from '../command-context.js';
import { clientCommand } from '../command-context.js';
import { collectLocalFiles, writeDownload } from '../local-files.js';
import type { LocalFile } from '../local-files.js';
import { bytes, fields, table, time } from '../output.js';
import { UsageError } from '../usage-error.js';

/** Files at least this big report progress as they stream (the server hashes as it receives). */
const PROGRESS_FROM_BYTES = 16 * 1024 * 1024;

export function datasetsCommands(action: ActionFactory): Command {
  const datasets = new Command('datasets').description(
    'Versioned datasets: add files or directories as immutable versions, list, download, link',
  );

  clientCommand(datasets.command('add'))
    .description(
      'Store a file or a directory as a new version of a dataset (unchanged: no new one)',
    )
    .argument('<name>', 'dataset name')
    .argument('<path>', 'file or directory (CSV, JSONL and Parquet files are profiled)')
    .option('--description <text>', 'what this version is')
    .action(
      action<[string, string], { description?: string }>(async (t, o, name, path) => {
        const files = await collectLocalFiles(path);
        if (files.length === 0) throw new UsageError(`'${path}' holds no files.`);
        const res = await t.client.datasets.add(
          name,
          files.map((f) => ({ path: f.relativePath, body: () => uploadBody(t, f) })),
          {
            description: o.description,
            onFile: (file, stored, i) =>
              t.progress(
                `[${i + 1}/${files.length}] ${stored ? 'stored' : 'already stored'} ${file.path} (${bytes(file.size)}, sha256 ${file.digest.slice(0, 12)})`,
              ),
          },
        );
        const v = res.version;
        t.result(res, () => [
          `${res.created ? 'Added' : 'Unchanged:'} ${v.name}@${v.version}`,
          ...fields([
            ['Digest', v.digest],
            ['Rows', v.rows === undefined ? '-' : String(v.rows)],
            ['Files', `${v.files.length} (${bytes(v.size)})`],
          ]),
        ]);
      }),
    );

  clientCommand(datasets.command('list'))
    .description('List datasets')
    .action(
      action<[], object>(async (t) => {
        const { datasets: all } = await t.client.datasets.list({ maxResults: 1000 });
        t.result({ datasets: all }, () =>
          table(
            ['NAME', 'LATEST', 'UPDATED', 'DESCRIPTION'],
            all.map((d) => [
              d.name,
              String(d.latestVersion),
              time(d.updatedAt),
              d.description ?? '',
            ]),
            'No datasets.',
          ),
        );
      }),
    );

  clientCommand(datasets.command('versions'))
    .description('List the versions of a dataset, newest first')
    .argument('<name>', 'dataset name')
    .action(
      action<[string], object>(async (t, _o, name) => {
        const { versions } = await t.client.datasets.versions(name, { maxResults: 1000 });
        t.result({ versions }, () =>
          table(
            ['VERSION', 'DIGEST', 'ROWS', 'SIZE', 'CREATED', 'BY'],
            versions.map((v) => [
              String(v.version),
              v.digest.slice(0, 12),
              v.rows === undefined ? '-' : String(v.rows),
              bytes(v.size),
              time(v.createdAt),
              v.createdBy,
            ]),
            'No versions.',
          ),
        );
      }),
    );

  clientCommand(datasets.command('get'))
    .description('Show a version: files, schema, rows and per-column summary')
    .argument('<name@version>', 'e.g. churn@3')
    .action(
      action<[string], object>(async (t, _o, spec) => {
        const { name, version } = parseSpec(spec);
        const v = await t.client.datasets.getVersion(name, version);
        t.result({ version: v }, () => describeVersion(v));
      }),
    );

  clientCommand(datasets.command('download'))
    .description('Download the files of a version, checking each against its sha256')
    .argument('<name@version>', 'e.g. churn@3')
    .option('-o, --output <dir>', 'directory to write into', '.')
    .action(
      action<[string], { output: string }>(async (t, o, spec) => {
        const { name, version } = parseSpec(spec);
        const v = await t.client.datasets.getVersion(name, version);
        const written: Array<{ path: string; file: string; digest: string }> = [];
        for (const [i, f] of v.files.entries()) {
          const hash = createHash('sha256');
          const stream = await t.client.datasets.downloadStream(name, v.version, f.path);
          const hashed = stream.pipeThrough(
            new TransformStream<Uint8Array, Uint8Array>({
              transform(chunk, controller) {
                hash.update(chunk);
                controller.enqueue(chunk);
              },
            }),
          );
          const file = await writeDownload(o.output, f.path, hashed);
          const digest = hash.digest('hex');
          if (digest !== f.digest) {
            await rm(file, { force: true });
            throw new SlipwayError({
              code: 'INTERNAL',
              message: `${f.path} arrived with sha256 ${digest}, not ${f.digest}; the file was removed. Try again, or check the server's artifact store.`,
            });
          }
          written.push({ path: f.path, file, digest });
          t.progress(`[${i + 1}/${v.files.length}] ${f.path} -> ${file} (sha256 verified)`);
        }
        t.result({ name, version: v.version, digest: v.digest, files: written }, () => [
          `Downloaded ${name}@${v.version}: ${written.length} file(s), ${bytes(v.size)}, to ${o.output}`,
        ]);
      }),
    );

  clientCommand(datasets.command('link'))
    .description('Record a version as an input of a run (shown by MLflow as a dataset input)')
    .argument('<name@version>', 'e.g. churn@3')
    .requiredOption('--run <run-id>', 'run id')
    .action(
      action<[string], { run: string }>(async (t, o, spec) => {
        const { name, version } = parseSpec(spec);
        await t.client.datasets.link(name, version, o.run);
        t.result({ name, version, runId: o.run }, () => [
          `Linked ${name}@${version} to run ${o.run}`,
        ]);
      }),
    );

  return datasets;
}

/** `name@version`, the version a positive integer. */
export function parseSpec(spec: string): { name: string; version: number } {
  const at = spec.lastIndexOf('@');
  const version = Number(spec.slice(at + 1));
  if (at <= 0 || !/^\d+$/u.test(spec.slice(at + 1)) || version < 1) {
    throw new UsageError(`Expected <name>@<version>, e.g. churn@3; got '${spec}'.`);
  }
  return { name: spec.slice(0, at), version };
}

/** The file as a stream; big files print how much has been sent (and hashed by the server). */
function uploadBody(t: CommandTools, file: LocalFile): ReadableStream<Uint8Array> {
  const source = createReadStream(file.diskPath);
  if (file.size < PROGRESS_FROM_BYTES) return Readable.toWeb(source) as ReadableStream<Uint8Array>;
  let sent = 0;
  let nextReport = file.size / 10;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      sent += chunk.length;
      if (sent >= nextReport || sent === file.size) {
        t.progress(
          `  ${file.relativePath}: ${bytes(sent)} / ${bytes(file.size)} uploaded and hashed`,
        );
        nextReport += file.size / 10;
      }
      done(null, chunk);
    },
  });
  return Readable.toWeb(source.pipe(counter)) as ReadableStream<Uint8Array>;
}

function describeVersion(v: DatasetVersion): string[] {
  const lines = fields([
    ['Dataset', `${v.name}@${v.version}`],
    ['Digest', v.digest],
    ['Description', v.description ?? '-'],
    ['Rows', v.rows === undefined ? '-' : String(v.rows)],
    ['Size', bytes(v.size)],
    ['Created', `${time(v.createdAt)} by ${v.createdBy}`],
  ]);
  for (const f of v.files) {
    lines.push('', `${f.path}  ${bytes(f.size)}  sha256 ${f.digest}`);
    if (f.columns === undefined) continue;
    lines.push(
      ...table(
        ['COLUMN', 'TYPE', 'NULLS', 'MIN', 'MAX', 'MEAN', 'TOP'],
        f.columns.map((c) => [
          c.name,
          c.type,
          String(c.nulls),
          num(c.min),
          num(c.max),
          num(c.mean),
          (c.top ?? []).map((x) => `${x.value} (${x.count})`).join(', '),
        ]),
      ).map((line) => `  ${line}`),
    );
  }
  return lines;
}

function num(value: number | undefined): string {
  return value === undefined ? '' : String(Number(value.toPrecision(6)));
}
