import { describe, expect, it } from 'vitest';
import { parseRestBody } from './rest-body.js';

describe('parseRestBody', () => {
  it('splits the JSON header from the binary section', () => {
    const body = Buffer.concat([Buffer.from('{"a":1}'), Buffer.from([1, 2, 3])]);
    const parsed = parseRestBody(body, '7');
    expect(parsed.json).toEqual({ a: 1 });
    expect(Array.from(parsed.binary ?? [])).toEqual([1, 2, 3]);
  });

  it('treats the whole body as JSON without the header', () => {
    expect(parseRestBody(Buffer.from('{"a":[1]}'), undefined)).toEqual({
      json: { a: [1] },
      binary: undefined,
    });
  });

  it('refuses header lengths that are not a byte count within the body', () => {
    const body = Buffer.from('{"a":1}');
    for (const bad of ['', 'x', '1.5', '-1', '0x7', '8']) {
      expect(() => parseRestBody(body, bad), bad).toThrow('Inference-Header-Content-Length');
    }
    expect(() => parseRestBody(body, '3')).toThrow('not valid JSON');
  });
});
