import { describe, expect, it } from 'vitest';
import { auditFiltersOf, auditSearchOf, fromLocalInput, toLocalInput } from './audit-url.js';

describe('audit filters in the URL', () => {
  it('reads every filter, and ignores an unknown type or a time that is not one', () => {
    const filters = auditFiltersOf(
      new URLSearchParams(
        'actor=ada&action=permission.&type=experiment&resource=3&from=2026-12-07T10:00:00.000Z&to=later',
      ),
    );
    expect(filters).toEqual({
      actor: 'ada',
      action: 'permission.',
      type: 'experiment',
      resource: '3',
      from: '2026-12-07T10:00:00.000Z',
      to: '',
    });
    expect(auditFiltersOf(new URLSearchParams('type=planet')).type).toBe('');
  });

  it('asks the API for trimmed filters, with the whole minute of "to"', () => {
    const options = auditSearchOf(
      {
        actor: ' ada ',
        action: '',
        type: 'registered_model',
        resource: 'fraud',
        from: '2026-12-07T10:00:00.000Z',
        to: '2026-12-07T10:30:00.000Z',
      },
      'tok',
      50,
    );
    expect(options).toEqual({
      actor: 'ada',
      resourceType: 'registered_model',
      resourceId: 'fraud',
      from: Date.parse('2026-12-07T10:00:00.000Z'),
      to: Date.parse('2026-12-07T10:30:59.999Z'),
      pageToken: 'tok',
      maxResults: 50,
    });
  });

  it('converts between datetime-local values and ISO instants both ways', () => {
    const iso = fromLocalInput('2026-12-07T10:30');
    expect(iso).toMatch(/^2026-12-0\dT\d\d:\d0:00\.000Z$/u);
    expect(toLocalInput(iso)).toBe('2026-12-07T10:30');
    expect(fromLocalInput('')).toBe('');
    expect(fromLocalInput('not a time')).toBe('');
    expect(toLocalInput('')).toBe('');
  });
});
