import type { ModelHistoryEvent } from '@slipway/core';

/** What a history event changed, for the timeline's filter and its markers. */
export type HistoryKind = 'alias' | 'stage' | 'version' | 'model';

export const HISTORY_KINDS = [
  { value: 'all', label: 'All changes' },
  { value: 'alias', label: 'Aliases' },
  { value: 'stage', label: 'Stages' },
  { value: 'version', label: 'Versions' },
  { value: 'model', label: 'Model, tags and descriptions' },
] as const;

export type HistoryFilter = (typeof HISTORY_KINDS)[number]['value'];

export function historyFilterOf(raw: string | null): HistoryFilter {
  return HISTORY_KINDS.find((k) => k.value === raw)?.value ?? 'all';
}

/** `champion=2` (how the server records a keyed value) as its key and value. */
function split(keyed: string | undefined): { key: string; value: string } | undefined {
  if (keyed === undefined) return undefined;
  const at = keyed.indexOf('=');
  return at < 0
    ? { key: keyed, value: '' }
    : { key: keyed.slice(0, at), value: keyed.slice(at + 1) };
}

/** A quoted excerpt of free text (descriptions can be long). */
function excerpt(text: string | undefined): string {
  if (text === undefined || text === '') return '(empty)';
  const line = text.replace(/\s+/gu, ' ').trim();
  return `“${line.length > 60 ? `${line.slice(0, 59)}…` : line}”`;
}

function tagChange(event: ModelHistoryEvent, where: string): string {
  const before = split(event.from);
  const after = split(event.to);
  const key = after?.key ?? before?.key ?? '?';
  if (event.action.endsWith('_deleted'))
    return `deleted tag ${key}${where} (was “${before?.value ?? ''}”)`;
  if (before === undefined) return `set tag ${key}${where} to “${after?.value ?? ''}”`;
  return `changed tag ${key}${where} from “${before.value}” to “${after?.value ?? ''}”`;
}

/**
 * One history event as a sentence whose subject is its actor ("moved alias champion from version
 * 1 to version 2"), and what kind of change it was. Plain text: the page renders it as such.
 */
export function describeHistoryEvent(event: ModelHistoryEvent): {
  kind: HistoryKind;
  text: string;
} {
  const v = event.version === undefined ? 'a version' : `version ${event.version}`;
  switch (event.action) {
    case 'alias_set': {
      const before = split(event.from);
      const after = split(event.to);
      const alias = after?.key ?? before?.key ?? '?';
      const target = `version ${after?.value ?? event.version ?? '?'}`;
      if (before === undefined) return { kind: 'alias', text: `set alias ${alias} on ${target}` };
      if (before.value === after?.value) {
        return { kind: 'alias', text: `set alias ${alias} on ${target} again` };
      }
      return {
        kind: 'alias',
        text: `moved alias ${alias} from version ${before.value} to ${target}`,
      };
    }
    case 'alias_deleted': {
      const before = split(event.from);
      return {
        kind: 'alias',
        text: `deleted alias ${before?.key ?? '?'} (was on version ${before?.value ?? event.version ?? '?'})`,
      };
    }
    case 'stage_transitioned':
      return {
        kind: 'stage',
        text: `moved ${v} from stage ${event.from ?? 'None'} to ${event.to ?? 'None'}`,
      };
    case 'version_created':
      return {
        kind: 'version',
        text: `registered ${v}${event.to !== undefined ? ` from ${event.to}` : ''}`,
      };
    case 'version_deleted':
      return { kind: 'version', text: `deleted ${v}` };
    case 'version_status_changed':
      return {
        kind: 'version',
        text: `changed the status of ${v} from ${event.from ?? '?'} to ${event.to ?? '?'}`,
      };
    case 'version_updated':
      return { kind: 'version', text: `changed the description of ${v} to ${excerpt(event.to)}` };
    case 'version_tag_set':
    case 'version_tag_deleted':
      return { kind: 'version', text: tagChange(event, ` of ${v}`) };
    case 'model_created':
      return { kind: 'model', text: 'created the model' };
    case 'model_renamed':
      return {
        kind: 'model',
        text: `renamed the model from ${event.from ?? '?'} to ${event.to ?? '?'}`,
      };
    case 'model_description_updated':
      return { kind: 'model', text: `changed the description to ${excerpt(event.to)}` };
    case 'model_deleted':
      return { kind: 'model', text: 'deleted the model' };
    case 'model_tag_set':
    case 'model_tag_deleted':
      return { kind: 'model', text: tagChange(event, '') };
  }
}
