import { describe, expect, it } from 'vitest';
import { checkRequestValue } from './request-value.js';

const arrays = (levels: number): unknown =>
  JSON.parse(`${'['.repeat(levels)}1${']'.repeat(levels)}`);

describe('checkRequestValue', () => {
  it('accepts ordinary request parts', () => {
    expect(() =>
      checkRequestValue({ name: 'x', tags: [{ key: 'k', value: 'v' }], n: 1, ok: null }, 'Body'),
    ).not.toThrow();
    expect(() => checkRequestValue(undefined, 'Body')).not.toThrow();
  });

  it('refuses NUL in any string, naming where it is', () => {
    expect(() =>
      checkRequestValue({ tags: [{ key: 'k', value: 'a\u0000' }] }, 'The request body'),
    ).toThrow(
      "The request body 'tags.0.value' must not contain the NUL character (\\u0000); the stores cannot hold it.",
    );
    expect(() => checkRequestValue(['ok', 'b\u0000'], 'Query parameter')).toThrow(
      /Query parameter '1' must not contain/u,
    );
    expect(() => checkRequestValue('\u0000', 'Path parameter')).toThrow(/Path parameter must not/u);
  });

  it('refuses nesting past the limit without recursing', () => {
    expect(() => checkRequestValue(arrays(100), 'The request body')).not.toThrow();
    expect(() => checkRequestValue(arrays(101), 'The request body')).toThrow(
      'The request body is nested deeper than the limit of 100 levels of objects and arrays.',
    );
    expect(() => checkRequestValue({ label: arrays(200_000) }, 'The request body')).toThrow(
      /limit of 100 levels/u,
    );
  });
});
