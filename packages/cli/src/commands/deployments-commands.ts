import { readFile } from 'node:fs/promises';
import { Command } from 'commander';
import type { DeploymentEventView, DeploymentView } from '@slipway/core';
import type { ActionFactory } from '../command-context.js';
import { clientCommand } from '../command-context.js';
import { parsePositiveInteger } from '../option-parsers.js';
import { fields, table, time } from '../output.js';
import { UsageError } from '../usage-error.js';
import { analyzeCommand } from './deployments-analyze-command.js';

const num = (value: number | null | undefined, digits = 3): string =>
  value === null || value === undefined ? '-' : String(Number(value.toFixed(digits)));

/** Reads a spec file. It goes to the server as text: YAML, or JSON (which is YAML too). */
async function readSpec(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(
      `Cannot read the spec file '${path}': ${code === 'ENOENT' ? 'no such file' : (err as Error).message}.`,
    );
  }
}

function versionsOf(deployment: DeploymentView): string {
  return deployment.variants
    .map(
      (v) =>
        `${v.id}=${v.resolved.name}/${v.resolved.version}${v.trafficPercent > 0 ? ` ${num(v.trafficPercent, 1)}%` : ''}`,
    )
    .join(', ');
}

/** One line on where the deployment's traffic goes now. */
export function stateLine(deployment: DeploymentView): string {
  const { canary, blueGreen, bandit, shadow } = deployment;
  if (canary !== undefined) {
    return `canary ${canary.phase}: ${num(canary.weight, 1)}% to the candidate (step ${canary.stepIndex + 1} of ${canary.steps.length})`;
  }
  if (blueGreen !== undefined) {
    return `blue-green: ${blueGreen.active} is live${blueGreen.preview === undefined ? '' : `, ${blueGreen.preview} is the warm standby`}`;
  }
  if (bandit !== undefined) {
    return `bandit (${bandit.algorithm}): ${bandit.arms.map((arm) => `${arm.id} ${arm.pulls} rewards, mean ${num(arm.meanReward)}`).join('; ')}`;
  }
  if (shadow !== undefined) {
    return `shadow: ${shadow.mirrored} mirrored, agreement ${num(shadow.agreementRate)}, mean abs diff ${num(shadow.meanAbsoluteDifference, 6)}, ${shadow.errors} challenger errors`;
  }
  return deployment.policy;
}

function eventLines(events: readonly DeploymentEventView[]): string[] {
  return table(
    ['TIME', 'ACTION', 'ACTOR', 'REASON'],
    events.map((e) => [time(e.time), e.action, e.actor, e.reason]),
    'No events.',
  );
}

function describe(deployment: DeploymentView): string[] {
  return [
    ...fields([
      ['Deployment', deployment.name],
      ['Policy', deployment.policy],
      [
        'Status',
        `${deployment.status}${deployment.statusMessage ? ` (${deployment.statusMessage})` : ''}`,
      ],
      ['State', stateLine(deployment)],
      ['Revision', String(deployment.revision)],
      ['Updated', `${time(deployment.updatedAt)} by ${deployment.updatedBy}`],
    ]),
    'Variants:',
    ...table(
      ['VARIANT', 'MODEL', 'VERSION', 'TRAFFIC', 'READY', 'REQUESTS', 'ERRORS', 'P95 MS'],
      deployment.variants.map((v) => [
        v.id,
        v.resolved.name,
        v.resolved.version,
        `${num(v.trafficPercent, 1)}%`,
        v.ready ? 'yes' : 'no',
        String(v.stats.requests),
        String(v.stats.errors),
        num(v.stats.p95LatencyMs, 2),
      ]),
    ).map((line) => `  ${line}`),
    'Recent events:',
    ...eventLines(deployment.recentEvents ?? []).map((line) => `  ${line}`),
  ];
}

export function deploymentsCommands(action: ActionFactory): Command {
  const deployments = new Command('deployments').description(
    'Deployments: named inference endpoints with canary, blue-green, shadow, A/B or bandit traffic',
  );

  clientCommand(deployments.command('apply'))
    .description('Create or update a deployment from a spec file (YAML or JSON)')
    .requiredOption('-f, --file <path>', 'the spec file')
    .action(
      action<[], { file: string }>(async (t, o) => {
        const result = await t.client.deployments.apply(await readSpec(o.file));
        const d = result.deployment;
        t.result(result, () => [
          `${result.created ? 'Created' : result.changed ? 'Updated' : 'Unchanged:'} deployment '${d.name}' (revision ${d.revision}): ${versionsOf(d)}`,
          stateLine(d),
        ]);
      }),
    );

  clientCommand(deployments.command('list'))
    .description('List deployments')
    .action(
      action<[], object>(async (t) => {
        const list = await t.client.deployments.list();
        t.result({ deployments: list }, () =>
          table(
            ['NAME', 'POLICY', 'STATUS', 'VERSIONS', 'UPDATED'],
            list.map((d) => [d.name, d.policy, d.status, versionsOf(d), time(d.updatedAt)]),
            'No deployments.',
          ),
        );
      }),
    );

  clientCommand(deployments.command('get'))
    .description('Show a deployment: versions, live state, statistics and recent events')
    .argument('<name>', 'deployment name')
    .action(
      action<[string], object>(async (t, _o, name) => {
        const d = await t.client.deployments.get(name);
        t.result(d, () => describe(d));
      }),
    );

  clientCommand(deployments.command('delete'))
    .description('Delete a deployment (its models unload once their requests finish)')
    .argument('<name>', 'deployment name')
    .action(
      action<[string], object>(async (t, _o, name) => {
        await t.client.deployments.delete(name);
        t.result({ name, deleted: true }, () => [`Deleted deployment '${name}'`]);
      }),
    );

  clientCommand(deployments.command('promote'))
    .description('Canary: all traffic to the candidate now. Blue-green: switch to the preview')
    .argument('<name>', 'deployment name')
    .action(
      action<[string], object>(async (t, _o, name) => {
        const d = await t.client.deployments.promote(name);
        t.result(d, () => [`Promoted '${name}': ${stateLine(d)}`]);
      }),
    );

  clientCommand(deployments.command('rollback'))
    .description('Canary: all traffic back to stable. Blue-green: undo the last switch')
    .argument('<name>', 'deployment name')
    .action(
      action<[string], object>(async (t, _o, name) => {
        const d = await t.client.deployments.rollback(name);
        t.result(d, () => [`Rolled back '${name}': ${stateLine(d)}`]);
      }),
    );

  clientCommand(deployments.command('events'))
    .description('The changes of a deployment with their reasons, oldest first')
    .argument('<name>', 'deployment name')
    .option('--max-results <n>', 'page size', parsePositiveInteger)
    .option('--page-token <token>', 'continue from a previous page')
    .action(
      action<[string], { maxResults?: number; pageToken?: string }>(async (t, o, name) => {
        const page = await t.client.deployments.events(name, {
          ...(o.maxResults ? { maxResults: o.maxResults } : {}),
          ...(o.pageToken ? { pageToken: o.pageToken } : {}),
        });
        t.result(page, () => [
          ...eventLines(page.events),
          ...(page.nextPageToken ? [`More: --page-token ${page.nextPageToken}`] : []),
        ]);
      }),
    );

  analyzeCommand(deployments, action);

  return deployments;
}
