import { Command, InvalidArgumentError } from 'commander';
import { AUDIT_RESOURCE_TYPES } from '@slipway/core';
import type { AuditResourceType } from '@slipway/core';
import type { AuditEvent } from '@slipway/sdk';
import type { ActionFactory } from '../command-context.js';
import { clientCommand } from '../command-context.js';
import { parsePositiveInteger } from '../option-parsers.js';
import { table, time } from '../output.js';
import { UsageError } from '../usage-error.js';

// Dates with an optional time and zone; without a zone a time is local, as Date.parse reads it.
const ISO_TIME =
  /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2})?)?$/iu;

/** `--since` / `--until`: an ISO 8601 time, or milliseconds since the Unix epoch. */
export function parseTimeBound(value: string): number {
  const text = value.trim();
  if (/^\d+$/u.test(text)) return Number(text);
  if (ISO_TIME.test(text)) {
    const ms = Date.parse(text.replace(' ', 'T'));
    if (!Number.isNaN(ms)) return ms;
  }
  throw new InvalidArgumentError(
    'Expected an ISO 8601 time such as 2025-06-01 or 2025-06-01T12:00:00Z, or milliseconds since the Unix epoch.',
  );
}

function parseAuditResourceType(value: string): AuditResourceType {
  const text = value.toLowerCase() === 'model' ? 'registered_model' : value.toLowerCase();
  const type = AUDIT_RESOURCE_TYPES.find((t) => t === text);
  if (type === undefined) {
    throw new InvalidArgumentError(`Expected one of ${AUDIT_RESOURCE_TYPES.join(', ')}.`);
  }
  return type;
}

interface AuditFlags {
  actor?: string;
  resourceType?: AuditResourceType;
  resourceId?: string;
  action?: string;
  since?: number;
  until?: number;
  maxResults?: number;
  pageToken?: string;
}

const MAX_SIDE = 120;

/** `{name:"a"}`: the changed fields on one side of an event, cut short when long. */
function side(fieldsChanged: Record<string, unknown> | undefined): string {
  if (fieldsChanged === undefined) return '∅';
  const text = `{${Object.entries(fieldsChanged)
    .map(([key, value]) => `${key}:${JSON.stringify(value) ?? 'null'}`)
    .join(',')}}`;
  return text.length > MAX_SIDE ? `${text.slice(0, MAX_SIDE - 1)}…` : text;
}

function change(event: AuditEvent): string {
  if (event.before === undefined && event.after === undefined) return '';
  return `${side(event.before)} → ${side(event.after)}`;
}

/** `slipway audit`: the audit log, newest first, one line per event. */
export function auditCommand(action: ActionFactory): Command {
  return clientCommand(new Command('audit'))
    .description(
      "Search the audit log, newest first (admins see everything; others their own actions, or a resource's events with --resource-type and --resource-id)",
    )
    .option('--actor <username>', "only this user's actions")
    .option(
      '--resource-type <type>',
      `one of ${AUDIT_RESOURCE_TYPES.join(', ')}`,
      parseAuditResourceType,
    )
    .option('--resource-id <id>', 'only events about this resource')
    .option('--action <action>', 'e.g. experiment.delete, or a prefix such as registered_model.')
    .option('--since <time>', 'from this time: ISO 8601 or ms since the epoch', parseTimeBound)
    .option('--until <time>', 'up to this time: ISO 8601 or ms since the epoch', parseTimeBound)
    .option('--max-results <n>', 'page size (default 100, at most 1000)', parsePositiveInteger)
    .option('--page-token <token>', 'continue from a previous page')
    .action(
      action<[], AuditFlags>(async (t, o) => {
        if (o.since !== undefined && o.until !== undefined && o.since > o.until) {
          throw new UsageError(
            `--since (${time(o.since)}) is after --until (${time(o.until)}); swap them.`,
          );
        }
        const page = await t.client.audit.search({
          ...(o.actor !== undefined ? { actor: o.actor } : {}),
          ...(o.resourceType !== undefined ? { resourceType: o.resourceType } : {}),
          ...(o.resourceId !== undefined ? { resourceId: o.resourceId } : {}),
          ...(o.action !== undefined ? { action: o.action } : {}),
          ...(o.since !== undefined ? { from: o.since } : {}),
          ...(o.until !== undefined ? { to: o.until } : {}),
          ...(o.maxResults !== undefined ? { maxResults: o.maxResults } : {}),
          ...(o.pageToken !== undefined ? { pageToken: o.pageToken } : {}),
        });
        t.result(page, () => [
          ...table(
            ['TIME', 'ACTOR', 'ACTION', 'RESOURCE', 'CHANGE'],
            page.events.map((e) => [
              time(e.time),
              e.actor,
              e.action,
              `${e.resourceType}/${e.resourceId}`,
              change(e),
            ]),
            'No events.',
          ),
          ...(page.nextPageToken ? [`More: --page-token ${page.nextPageToken}`] : []),
        ]);
      }),
    );
}
