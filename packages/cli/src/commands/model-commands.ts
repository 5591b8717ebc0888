import { searchQuery } from '../search-flags.js';
import type { SearchFlags } from '../search-flags.js';
import { Command } from 'commander';
import type { ModelVersion, ModelVersionStage, RegisteredModel, Tag } from '@slipway/core';
import type { ActionFactory } from '../command-context.js';
import { clientCommand } from '../command-context.js';
import { collectLocalFiles, fileBody } from '../local-files.js';
import { collect, collectTag, parsePositiveInteger } from '../option-parsers.js';
import { bytes, fields, table, tagLines, time } from '../output.js';

type PageFlags = Omit<SearchFlags, 'view'>;

// A URI has a scheme (`runs:/`, `models:/`, `s3://`, ...); anything else is a local path. The
// two-letter minimum keeps Windows drive letters (C:\) on the path side.
const URI = /^[a-z][a-z0-9+.-]+:/iu;

export function modelCommands(action: ActionFactory): Command {
  const models = new Command('models').description('The model registry: models, versions, aliases');

  clientCommand(models.command('create'))
    .description('Create a registered model')
    .argument('<name>', 'model name')
    .option('--description <text>', 'description')
    .option('--tag <key=value>', 'tag to set (repeatable)', collectTag)
    .action(
      action<[string], { description?: string; tag?: Tag[] }>(async (t, o, name) => {
        const model = await t.client.models.create({
          name,
          ...(o.description ? { description: o.description } : {}),
          ...(o.tag ? { tags: o.tag } : {}),
        });
        t.result(model, () => [`Created registered model '${model.name}'`]);
      }),
    );

  clientCommand(models.command('get'))
    .description('Show a registered model')
    .argument('<name>', 'model name')
    .action(
      action<[string], object>(async (t, _o, name) => {
        const model = await t.client.models.get(name);
        t.result(model, () => describeModel(model));
      }),
    );

  pageOptions(clientCommand(models.command('list')))
    .description('List or search registered models')
    .action(
      action<[], PageFlags>(async (t, o) => {
        const page = await t.client.models.search(searchQuery(o));
        t.result(page, () => [
          ...table(
            ['NAME', 'LATEST', 'UPDATED', 'DESCRIPTION'],
            page.registeredModels.map((m) => [
              m.name,
              latestVersion(m),
              time(m.lastUpdatedTimestamp),
              m.description,
            ]),
            'No registered models.',
          ),
          ...(page.nextPageToken ? [`More: --page-token ${page.nextPageToken}`] : []),
        ]);
      }),
    );

  clientCommand(models.command('delete'))
    .description('Delete a registered model and all its versions')
    .argument('<name>', 'model name')
    .action(
      action<[string], object>(async (t, _o, name) => {
        await t.client.models.delete(name);
        t.result({ name, deleted: true }, () => [`Deleted registered model '${name}'`]);
      }),
    );

  pageOptions(clientCommand(models.command('versions')))
    .description('List the versions of a model')
    .argument('<name>', 'model name')
    .action(
      action<[string], PageFlags>(async (t, o, name) => {
        const page = await t.client.models.listVersions(name, {
          orderBy: ['version_number DESC'],
          ...searchQuery(o),
        });
        t.result(page, () => [
          ...table(
            ['VERSION', 'STAGE', 'ALIASES', 'CREATED', 'SOURCE'],
            page.modelVersions.map((v) => [
              v.version,
              v.currentStage,
              v.aliases.join(',') || '-',
              time(v.creationTimestamp),
              v.source,
            ]),
            'No versions.',
          ),
          ...(page.nextPageToken ? [`More: --page-token ${page.nextPageToken}`] : []),
        ]);
      }),
    );

  clientCommand(models.command('create-version'))
    .description(
      'Register a new version from a URI (runs:/<run-id>/<path>) or a local file or directory',
    )
    .argument('<name>', 'model name')
    .requiredOption('--source <uri-or-path>', 'runs:/... or another URI, or a local path to upload')
    .option('--run-id <id>', 'the run that produced the model')
    .option('--description <text>', 'description')
    .option('--tag <key=value>', 'tag to set (repeatable)', collectTag)
    .action(
      action<[string], { source: string; runId?: string; description?: string; tag?: Tag[] }>(
        async (t, o, name) => {
          const options = {
            ...(o.runId ? { runId: o.runId } : {}),
            ...(o.description ? { description: o.description } : {}),
            ...(o.tag ? { tags: o.tag } : {}),
          };
          let version: ModelVersion;
          if (URI.test(o.source)) {
            version = await t.client.models.createVersion(name, { ...options, source: o.source });
          } else {
            const files = await collectLocalFiles(o.source);
            version = await t.client.models.createVersionFromFiles(
              name,
              (async function* () {
                for (const file of files) {
                  yield { path: file.relativePath, body: await fileBody(file.diskPath) };
                }
              })(),
              {
                ...options,
                onFileUploaded: ({ path, index }) =>
                  t.progress(
                    `[${index + 1}/${files.length}] uploaded ${path} (${bytes(files[index]?.size ?? 0)})`,
                  ),
              },
            );
          }
          t.result(version, () => [
            `Created version ${version.version} of '${version.name}' from ${version.source}`,
          ]);
        },
      ),
    );

  clientCommand(models.command('get-version'))
    .description('Show one model version')
    .argument('<name>', 'model name')
    .argument('<version>', 'version number')
    .action(
      action<[string, string], object>(async (t, _o, name, version) => {
        const mv = await t.client.models.getVersion(name, version);
        t.result(mv, () => describeVersion(mv));
      }),
    );

  clientCommand(models.command('set-alias'))
    .description('Point an alias at a version')
    .argument('<name>', 'model name')
    .argument('<alias>', 'alias, e.g. champion')
    .argument('<version>', 'version number')
    .action(
      action<[string, string, string], object>(async (t, _o, name, alias, version) => {
        await t.client.models.setAlias(name, alias, version);
        t.result({ name, alias, version }, () => [`${name}@${alias} -> version ${version}`]);
      }),
    );

  clientCommand(models.command('delete-alias'))
    .description('Delete an alias')
    .argument('<name>', 'model name')
    .argument('<alias>', 'alias')
    .action(
      action<[string, string], object>(async (t, _o, name, alias) => {
        await t.client.models.deleteAlias(name, alias);
        t.result({ name, alias, deleted: true }, () => [`Deleted alias ${name}@${alias}`]);
      }),
    );

  clientCommand(models.command('resolve'))
    .description('Resolve models:/name@alias, models:/name/3 or models:/name/latest')
    .argument('<uri>', 'model URI')
    .action(
      action<[string], object>(async (t, _o, uri) => {
        const mv = await t.client.models.resolve(uri);
        t.result(mv, () => [`${uri} -> ${mv.name} version ${mv.version} (${mv.source})`]);
      }),
    );

  clientCommand(models.command('transition'))
    .description('Move a version to a stage (None, Staging, Production, Archived)')
    .argument('<name>', 'model name')
    .argument('<version>', 'version number')
    .argument('<stage>', 'target stage')
    .option('--archive-existing', 'archive the versions now in that stage')
    .action(
      action<[string, string, string], { archiveExisting?: boolean }>(
        async (t, o, name, version, stage) => {
          const mv = await t.client.models.transitionStage(
            name,
            version,
            stage as ModelVersionStage,
            { archiveExistingVersions: o.archiveExisting === true },
          );
          t.result(mv, () => [`${name} version ${version} is now in ${mv.currentStage}`]);
        },
      ),
    );

  clientCommand(models.command('history'))
    .description('Who changed what in a model, oldest first')
    .argument('<name>', 'model name')
    .option('--max-results <n>', 'page size', parsePositiveInteger)
    .option('--page-token <token>', 'continue from a previous page')
    .action(
      action<[string], PageFlags>(async (t, o, name) => {
        const page = await t.client.models.history(name, searchQuery(o));
        t.result(page, () => [
          ...table(
            ['TIME', 'ACTOR', 'ACTION', 'VERSION', 'CHANGE'],
            page.events.map((e) => [
              time(e.time),
              e.actor,
              e.action,
              e.version ?? '-',
              e.from !== undefined || e.to !== undefined ? `${e.from ?? ''} -> ${e.to ?? ''}` : '',
            ]),
            'No history.',
          ),
          ...(page.nextPageToken ? [`More: --page-token ${page.nextPageToken}`] : []),
        ]);
      }),
    );

  return models;
}

function pageOptions(command: Command): Command {
  return command
    .option('--filter <filter>', 'search filter, e.g. "name LIKE \'fraud%\'"')
    .option('--order-by <clause>', 'sort key (repeatable)', collect)
    .option('--max-results <n>', 'page size', parsePositiveInteger)
    .option('--page-token <token>', 'continue from a previous page');
}

function latestVersion(model: RegisteredModel): string {
  const versions = model.latestVersions.map((v) => Number(v.version));
  return versions.length > 0 ? String(Math.max(...versions)) : '-';
}

function describeModel(model: RegisteredModel): string[] {
  return [
    ...fields([
      ['Model', model.name],
      ['Description', model.description || '-'],
      ['Created', time(model.creationTimestamp)],
      ['Updated', time(model.lastUpdatedTimestamp)],
      ['Aliases', model.aliases.map((a) => `${a.alias}=${a.version}`).join(', ') || '-'],
    ]),
    'Latest versions:',
    ...(model.latestVersions.length === 0
      ? ['  (none)']
      : model.latestVersions.map((v) => `  ${v.version} (${v.currentStage}) ${v.source}`)),
    'Tags:',
    ...tagLines(model.tags),
  ];
}

function describeVersion(mv: ModelVersion): string[] {
  return [
    ...fields([
      ['Model', mv.name],
      ['Version', mv.version],
      ['Stage', mv.currentStage],
      ['Status', mv.status],
      ['Aliases', mv.aliases.join(', ') || '-'],
      ['Source', mv.source],
      ['Run', mv.runId || '-'],
      ['Description', mv.description || '-'],
      ['Created', time(mv.creationTimestamp)],
      ['Updated', time(mv.lastUpdatedTimestamp)],
      ['User', mv.userId || '-'],
    ]),
    'Tags:',
    ...tagLines(mv.tags),
  ];
}
