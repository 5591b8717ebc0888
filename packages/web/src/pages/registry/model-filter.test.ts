import { describe, expect, it } from 'vitest';
import { modelFilterFor, modelSortOf } from './model-filter.js';

describe('modelFilterFor', () => {
  it('searches names containing plain text, case-insensitively, with quotes escaped', () => {
    expect(modelFilterFor('  fraud ')).toBe("name ILIKE '%fraud%'");
    expect(modelFilterFor("o'brien")).toBe("name ILIKE '%o''brien%'");
  });

  it('passes MLflow filters through as typed', () => {
    for (const filter of [
      "name = 'fraud'",
      "name LIKE 'fraud%'",
      "tags.team != 'risk'",
      "name ilike '%a%' and tags.x = 'y'",
    ]) {
      expect(modelFilterFor(filter)).toBe(filter);
    }
  });

  it('is absent for an empty box', () => {
    expect(modelFilterFor('   ')).toBeUndefined();
  });
});

describe('modelSortOf', () => {
  it('maps the URL to an order, by name by default', () => {
    expect(modelSortOf('updated').orderBy).toBe('last_updated_timestamp DESC');
    expect(modelSortOf(null).orderBy).toBe('name ASC');
    expect(modelSortOf('nonsense').value).toBe('name');
  });
});
