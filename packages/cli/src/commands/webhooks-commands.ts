import { Command, InvalidArgumentError } from 'commander';
import type { UpdateWebhookOptions, Webhook, WebhookDelivery, WebhookStatus } from '@slipway/sdk';
import type { CliIo } from '../cli-io.js';
import type { ActionFactory } from '../command-context.js';
import { clientCommand } from '../command-context.js';
import { collect, parsePositiveInteger } from '../option-parsers.js';
import { fields, table, time } from '../output.js';
import { UsageError } from '../usage-error.js';
import { SECRET_ENV_HELP, SECRET_STDIN_HELP, webhookSecret } from './webhook-secret.js';
import type { SecretFlags } from './webhook-secret.js';

const EVENT_HELP =
  'an event as entity.action, e.g. model_version.created, registered_model.created, model_version_tag.set, model_version_alias.created (repeat for several)';
// --url is the server's URL on every client command, so the receiver's is --webhook-url.
const WEBHOOK_URL_HELP = "the receiver's http(s) URL, where deliveries are POSTed";

function parseStatus(value: string): WebhookStatus {
  const status = value.toUpperCase();
  if (status === 'ACTIVE' || status === 'DISABLED') return status;
  throw new InvalidArgumentError('Expected active or disabled.');
}

function webhookLines(w: Webhook): string[] {
  return fields([
    ['id', w.id],
    ['name', w.name],
    ['url', w.url],
    ['status', w.status],
    ['events', w.events.join(', ')],
    ['description', w.description ?? '-'],
    ['created', time(w.createdAt)],
    ['updated', time(w.updatedAt)],
  ]);
}

function outcome(d: WebhookDelivery): string {
  if (d.statusCode !== undefined) return `HTTP ${d.statusCode}`;
  return d.error ?? '-';
}

interface WebhookFlags extends SecretFlags {
  name?: string;
  webhookUrl?: string;
  event?: string[];
  description?: string;
}

/** `slipway webhooks ...`: MLflow 3 webhooks of registry events, and their delivery log. */
export function webhooksCommands(action: ActionFactory, io: CliIo): Command {
  const webhooks = new Command('webhooks').description(
    'Webhooks: registry events POSTed, signed and retried, to a URL (admins only)',
  );

  clientCommand(webhooks.command('create'))
    .description('Create a webhook')
    .requiredOption('--name <name>', 'a name for people')
    .requiredOption('--webhook-url <url>', WEBHOOK_URL_HELP)
    .requiredOption('--event <event>', EVENT_HELP, collect)
    .option('--secret-env <var>', SECRET_ENV_HELP)
    .option('--secret-stdin', SECRET_STDIN_HELP)
    .option('--description <text>', 'what the webhook is for')
    .option('--disabled', 'create it disabled: it receives nothing until enabled')
    .action(
      action<[], WebhookFlags & { disabled?: boolean }>(async (t, o) => {
        const secret = await webhookSecret(io, o);
        const w = await t.client.webhooks.create({
          name: o.name ?? '',
          url: o.webhookUrl ?? '',
          events: o.event ?? [],
          description: o.description,
          secret,
          status: o.disabled === true ? 'DISABLED' : undefined,
        });
        t.result(w, () => [
          `Created webhook '${w.name}' (${w.id}, ${w.status}${secret === undefined ? ', unsigned' : ', signed'})`,
          ...webhookLines(w),
        ]);
      }),
    );

  clientCommand(webhooks.command('list'))
    .description('List webhooks, oldest first')
    .action(
      action<[], object>(async (t) => {
        const list = await t.client.webhooks.list();
        t.result({ webhooks: list }, () =>
          table(
            ['ID', 'NAME', 'STATUS', 'URL', 'EVENTS'],
            list.map((w) => [w.id, w.name, w.status, w.url, w.events.join(', ')]),
            'No webhooks.',
          ),
        );
      }),
    );

  clientCommand(webhooks.command('get'))
    .description('Show a webhook (never its secret)')
    .argument('<id>', 'webhook id')
    .action(
      action<[string], object>(async (t, _o, id) => {
        const w = await t.client.webhooks.get(id);
        t.result(w, () => webhookLines(w));
      }),
    );

  clientCommand(webhooks.command('update'))
    .description('Change a webhook; what is not given stays as it is')
    .argument('<id>', 'webhook id')
    .option('--name <name>', 'a new name')
    .option('--webhook-url <url>', WEBHOOK_URL_HELP)
    .option('--event <event>', `${EVENT_HELP}; replaces the events`, collect)
    .option('--status <status>', 'active or disabled', parseStatus)
    .option('--description <text>', 'a new description ("" removes it)')
    .option('--secret-env <var>', SECRET_ENV_HELP)
    .option('--secret-stdin', SECRET_STDIN_HELP)
    .option('--remove-secret', 'stop signing deliveries')
    .action(
      action<[string], WebhookFlags & { status?: WebhookStatus; removeSecret?: boolean }>(
        async (t, o, id) => {
          if (o.removeSecret === true && (o.secretEnv !== undefined || o.secretStdin === true)) {
            throw new UsageError('Give a new secret or --remove-secret, not both.');
          }
          const secret = o.removeSecret === true ? '' : await webhookSecret(io, o);
          const patch: UpdateWebhookOptions = {
            name: o.name,
            url: o.webhookUrl,
            events: o.event,
            status: o.status,
            description: o.description,
            secret,
          };
          if (Object.values(patch).every((v) => v === undefined)) {
            throw new UsageError(
              'Nothing to change: give --name, --webhook-url, --event, --status, --description, a secret or --remove-secret.',
            );
          }
          const w = await t.client.webhooks.update(id, patch);
          t.result(w, () => [`Updated webhook '${w.name}' (${w.id})`, ...webhookLines(w)]);
        },
      ),
    );

  clientCommand(webhooks.command('delete'))
    .description('Delete a webhook and its delivery log')
    .argument('<id>', 'webhook id')
    .action(
      action<[string], object>(async (t, _o, id) => {
        await t.client.webhooks.delete(id);
        t.result({ id, deleted: true }, () => [`Deleted webhook ${id}`]);
      }),
    );

  clientCommand(webhooks.command('test'))
    .description(
      "Send an example event once and show the receiver's answer; exits 1 unless it answered 2xx",
    )
    .argument('<id>', 'webhook id')
    .option('--event <event>', "the event to send (default: the webhook's first)")
    .action(
      action<[string], { event?: string }>(async (t, o, id) => {
        const result = await t.client.webhooks.test(id, { event: o.event });
        const status = result.responseStatus;
        t.result(result, () =>
          status === undefined
            ? [`No answer: ${result.errorMessage ?? 'unknown error'}`]
            : [`HTTP ${status}`, ...(result.responseBody ? [result.responseBody] : [])],
        );
        if (status === undefined || status < 200 || status > 299) {
          throw new Error(
            status === undefined
              ? 'The receiver did not answer.'
              : `The receiver answered HTTP ${status}, not 2xx.`,
          );
        }
      }),
    );

  clientCommand(webhooks.command('deliveries'))
    .description("A webhook's delivery log, newest first: one line per attempt")
    .argument('<id>', 'webhook id')
    .option('--max-results <n>', 'attempts to show (default 100)', parsePositiveInteger)
    .option('--page-token <token>', 'continue from a previous page')
    .action(
      action<[string], { maxResults?: number; pageToken?: string }>(async (t, o, id) => {
        const page = await t.client.webhooks.deliveries(id, {
          maxResults: o.maxResults,
          pageToken: o.pageToken,
        });
        t.result(page, () => [
          ...table(
            ['TIME', 'EVENT', 'ATTEMPT', 'RESULT', 'NEXT ATTEMPT', 'DELIVERY'],
            page.deliveries.map((d) => [
              time(d.time),
              d.event,
              String(d.attempt),
              outcome(d),
              time(d.nextAttemptAt),
              d.deliveryId,
            ]),
            'No deliveries.',
          ),
          ...(page.nextPageToken ? [`More: --page-token ${page.nextPageToken}`] : []),
        ]);
      }),
    );

  return webhooks;
}
