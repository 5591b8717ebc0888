import { parseExperimentFilter } from '@slipway/core';
import { describe, expect, it } from 'vitest';
import { experimentFilterFor } from './experiment-filter.js';

describe('experimentFilterFor', () => {
  it('is no filter for an empty box', () => {
    expect(experimentFilterFor('')).toBeUndefined();
    expect(experimentFilterFor('   ')).toBeUndefined();
  });

  it('turns a name fragment into a case-insensitive contains, quotes doubled', () => {
    expect(experimentFilterFor(' fraud ')).toBe("name ILIKE '%fraud%'");
    expect(experimentFilterFor("ada's runs")).toBe("name ILIKE '%ada''s runs%'");
    // The server's own parser takes it, with the quote as one character of the value.
    expect(JSON.stringify(parseExperimentFilter(experimentFilterFor("ada's runs")))).toContain(
      "%ada's runs%",
    );
  });

  it.each([
    "name = 'churn'",
    "name LIKE 'fraud%'",
    "tags.team = 'risk'",
    "name ilike '%x%'",
    'creation_time > 5',
    "name != 'a' and tags.x = 'y'",
  ])('passes the filter %s as typed', (filter) => {
    expect(experimentFilterFor(filter)).toBe(filter);
  });
});
