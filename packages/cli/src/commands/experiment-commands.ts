import { searchQuery } from '../search-flags.js';
import type { SearchFlags } from '../search-flags.js';
import { Command } from 'commander';
import type { Experiment, Tag } from '@slipway/core';
import type { ActionFactory } from '../command-context.js';
import { clientCommand } from '../command-context.js';
import { collect, collectTag, parsePositiveInteger, parseView } from '../option-parsers.js';
import { fields, table, tagLines, time } from '../output.js';
import { UsageError } from '../usage-error.js';

export function experimentCommands(action: ActionFactory): Command {
  const experiments = new Command('experiments').description('Create and manage experiments');

  clientCommand(experiments.command('create'))
    .description('Create an experiment')
    .argument('<name>', 'experiment name')
    .option('--artifact-location <uri>', "where its artifacts go (default: the server's store)")
    .option('--tag <key=value>', 'tag to set (repeatable)', collectTag)
    .action(
      action<[string], { artifactLocation?: string; tag?: Tag[] }>(async (t, o, name) => {
        const exp = await t.client.experiments.create({
          name,
          ...(o.artifactLocation ? { artifactLocation: o.artifactLocation } : {}),
          ...(o.tag ? { tags: o.tag } : {}),
        });
        t.result(exp, () => [`Created experiment '${exp.name}' with id ${exp.experimentId}`]);
      }),
    );

  clientCommand(experiments.command('get'))
    .description('Show one experiment, by id or by --name')
    .argument('[id]', 'experiment id')
    .option('--name <name>', 'look the experiment up by name instead')
    .action(
      action<[string | undefined], { name?: string }>(async (t, o, id) => {
        if ((id === undefined) === (o.name === undefined)) {
          throw new UsageError('give either an experiment id or --name <name>');
        }
        const exp =
          id !== undefined
            ? await t.client.experiments.get(id)
            : await t.client.experiments.getByName(o.name ?? '');
        t.result(exp, () => describeExperiment(exp));
      }),
    );

  clientCommand(experiments.command('list'))
    .description('List or search experiments')
    .option('--filter <filter>', 'search filter, e.g. "name LIKE \'fraud%\'"')
    .option('--order-by <clause>', "sort key, e.g. 'name ASC' (repeatable)", collect)
    .option('--view <view>', 'active, deleted or all', parseView)
    .option('--max-results <n>', 'page size', parsePositiveInteger)
    .option('--page-token <token>', 'continue from a previous page')
    .action(
      action<[], SearchFlags>(async (t, o) => {
        const page = await t.client.experiments.search(searchQuery(o));
        t.result(page, () => [
          ...table(
            ['ID', 'NAME', 'STAGE', 'CREATED'],
            page.experiments.map((e) => [
              e.experimentId,
              e.name,
              e.lifecycleStage,
              time(e.creationTime),
            ]),
            'No experiments.',
          ),
          ...(page.nextPageToken ? [`More: --page-token ${page.nextPageToken}`] : []),
        ]);
      }),
    );

  clientCommand(experiments.command('rename'))
    .description('Rename an experiment')
    .argument('<id>', 'experiment id')
    .argument('<new-name>', 'new name')
    .action(
      action<[string, string], object>(async (t, _o, id, newName) => {
        const exp = await t.client.experiments.rename(id, newName);
        t.result(exp, () => [`Renamed experiment ${id} to '${exp.name}'`]);
      }),
    );

  clientCommand(experiments.command('delete'))
    .description('Delete an experiment (restorable)')
    .argument('<id>', 'experiment id')
    .action(
      action<[string], object>(async (t, _o, id) => {
        await t.client.experiments.delete(id);
        t.result({ experimentId: id, lifecycleStage: 'deleted' }, () => [
          `Deleted experiment ${id}`,
        ]);
      }),
    );

  clientCommand(experiments.command('restore'))
    .description('Restore a deleted experiment')
    .argument('<id>', 'experiment id')
    .action(
      action<[string], object>(async (t, _o, id) => {
        await t.client.experiments.restore(id);
        t.result({ experimentId: id, lifecycleStage: 'active' }, () => [
          `Restored experiment ${id}`,
        ]);
      }),
    );

  return experiments;
}

function describeExperiment(exp: Experiment): string[] {
  return [
    ...fields([
      ['Experiment', exp.experimentId],
      ['Name', exp.name],
      ['Stage', exp.lifecycleStage],
      ['Artifacts', exp.artifactLocation],
      ['Created', time(exp.creationTime)],
      ['Updated', time(exp.lastUpdateTime)],
    ]),
    'Tags:',
    ...tagLines(exp.tags),
  ];
}
