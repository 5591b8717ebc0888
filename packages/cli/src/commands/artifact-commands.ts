import { Command } from 'commander';
import type { ArtifactFileInfo } from '@slipway/core';
import type { ActionFactory } from '../command-context.js';
import { clientCommand } from '../command-context.js';
import { collectLocalFiles, fileBody, writeDownload } from '../local-files.js';
import { bytes, table } from '../output.js';

export function artifactCommands(action: ActionFactory): Command {
  const artifacts = new Command('artifacts').description('Upload, download and list run artifacts');

  clientCommand(artifacts.command('upload'))
    .description('Upload a file, or a directory recursively, to a run')
    .requiredOption('--run <run-id>', 'run id')
    .argument('<local-path>', 'file or directory to upload')
    .option('--artifact-path <dir>', 'directory in the run to upload into (default: the root)')
    .action(
      action<[string], { run: string; artifactPath?: string }>(async (t, o, localPath) => {
        const files = await collectLocalFiles(localPath);
        const prefix = (o.artifactPath ?? '').replace(/^\/+|\/+$/gu, '');
        const uploaded: Array<{ path: string; bytes: number }> = [];
        for (const [i, file] of files.entries()) {
          const path = prefix ? `${prefix}/${file.relativePath}` : file.relativePath;
          await t.client.artifacts.upload(o.run, path, await fileBody(file.diskPath));
          uploaded.push({ path, bytes: file.size });
          t.progress(`[${i + 1}/${files.length}] uploaded ${path} (${bytes(file.size)})`);
        }
        const total = uploaded.reduce((sum, f) => sum + f.bytes, 0);
        t.result({ runId: o.run, files: uploaded }, () => [
          `Uploaded ${uploaded.length} file(s), ${bytes(total)}, to run ${o.run}`,
        ]);
      }),
    );

  clientCommand(artifacts.command('download'))
    .description('Download a file or a directory of a run')
    .requiredOption('--run <run-id>', 'run id')
    .argument('[artifact-path]', 'file or directory in the run (default: everything)')
    .option('--dest <dir>', 'local directory to write into', '.')
    .action(
      action<[string | undefined], { run: string; dest: string }>(async (t, o, artifactPath) => {
        const root = (artifactPath ?? '').replace(/^\/+|\/+$/gu, '');
        const below = await t.client.artifacts.listAll(o.run, root || undefined);
        // Nothing below: the path names a single file (or nothing, which the download reports).
        const single = below.length === 0 && root !== '';
        const targets: ArtifactFileInfo[] = single ? [{ path: root, isDir: false }] : below;
        const written: Array<{ path: string; file: string }> = [];
        for (const [i, entry] of targets.entries()) {
          const name = single
            ? (root.split('/').pop() ?? root)
            : root
              ? entry.path.slice(root.length + 1)
              : entry.path;
          const file = await writeDownload(
            o.dest,
            name,
            await t.client.artifacts.downloadStream(o.run, entry.path),
          );
          written.push({ path: entry.path, file });
          t.progress(`[${i + 1}/${targets.length}] downloaded ${entry.path} -> ${file}`);
        }
        t.result({ runId: o.run, files: written }, () => [
          `Downloaded ${written.length} file(s) to ${o.dest}`,
        ]);
      }),
    );

  clientCommand(artifacts.command('list'))
    .description("List a directory of a run's artifacts")
    .requiredOption('--run <run-id>', 'run id')
    .argument('[path]', 'directory (default: the root)')
    .option('--recursive', 'list every file below, not just the immediate children')
    .action(
      action<[string | undefined], { run: string; recursive?: boolean }>(async (t, o, path) => {
        const files = o.recursive
          ? await t.client.artifacts.listAll(o.run, path)
          : await t.client.artifacts.list(o.run, path);
        t.result({ runId: o.run, files }, () =>
          table(
            ['PATH', 'SIZE'],
            files.map((f) => [
              f.isDir ? `${f.path}/` : f.path,
              f.isDir ? '-' : bytes(f.fileSize ?? 0),
            ]),
            'No artifacts.',
          ),
        );
      }),
    );

  return artifacts;
}
