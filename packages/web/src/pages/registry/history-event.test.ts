import { describe, expect, it } from 'vitest';
import type { ModelHistoryEvent } from '@slipway/core';
import { describeHistoryEvent } from './history-event.js';

function event(change: Partial<ModelHistoryEvent>): ModelHistoryEvent {
  return { id: 1, modelName: 'fraud', action: 'model_created', actor: 'ada', time: 0, ...change };
}

describe('describeHistoryEvent', () => {
  it('tells an alias move from a first setting and a deletion', () => {
    const moved = event({
      action: 'alias_set',
      version: '2',
      from: 'champion=1',
      to: 'champion=2',
    });
    expect(describeHistoryEvent(moved)).toEqual({
      kind: 'alias',
      text: 'moved alias champion from version 1 to version 2',
    });
    const first = event({ action: 'alias_set', version: '1', to: 'champion=1' });
    expect(describeHistoryEvent(first).text).toBe('set alias champion on version 1');
    const gone = event({ action: 'alias_deleted', version: '1', from: 'champion=1' });
    expect(describeHistoryEvent(gone).text).toBe('deleted alias champion (was on version 1)');
  });

  it('describes stages, versions and tags', () => {
    expect(
      describeHistoryEvent(
        event({ action: 'stage_transitioned', version: '3', from: 'Staging', to: 'Production' }),
      ),
    ).toEqual({ kind: 'stage', text: 'moved version 3 from stage Staging to Production' });
    expect(
      describeHistoryEvent(
        event({ action: 'version_created', version: '1', to: 'runs:/abc/model' }),
      ).text,
    ).toBe('registered version 1 from runs:/abc/model');
    expect(
      describeHistoryEvent(event({ action: 'model_tag_set', from: 'team=risk', to: 'team=fraud' }))
        .text,
    ).toBe('changed tag team from “risk” to “fraud”');
    expect(
      describeHistoryEvent(event({ action: 'version_tag_set', version: '2', to: 'validated=yes' }))
        .text,
    ).toBe('set tag validated of version 2 to “yes”');
    expect(
      describeHistoryEvent(event({ action: 'model_tag_deleted', from: 'team=risk' })).text,
    ).toBe('deleted tag team (was “risk”)');
  });

  it('quotes a short excerpt of a new description', () => {
    const long = 'x'.repeat(100);
    const text = describeHistoryEvent(
      event({ action: 'model_description_updated', to: long }),
    ).text;
    expect(text).toBe(`changed the description to “${'x'.repeat(59)}…”`);
  });
});
