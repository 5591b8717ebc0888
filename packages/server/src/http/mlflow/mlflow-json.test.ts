import { describe, expect, it } from 'vitest';
import { MlflowJsonSyntaxError, parseMlflowJson, stringifyMlflowJson } from './mlflow-json.js';

describe('parseMlflowJson', () => {
  it('parses plain JSON exactly as JSON.parse', () => {
    const text = '{"a":[1,-2.5e3,true,false,null,"x\\u00e9\\n"],"b":{"c":{}}}';
    expect(parseMlflowJson(text)).toEqual(JSON.parse(text));
  });

  it('accepts bare NaN, Infinity and -Infinity tokens', () => {
    const value = parseMlflowJson('{"m":[NaN, Infinity ,-Infinity, 1], "s": "NaN"}') as {
      m: number[];
      s: string;
    };
    expect(Number.isNaN(value.m[0])).toBe(true);
    expect(value.m[1]).toBe(Number.POSITIVE_INFINITY);
    expect(value.m[2]).toBe(Number.NEGATIVE_INFINITY);
    expect(value.m[3]).toBe(1);
    expect(value.s).toBe('NaN');
  });

  it('decodes escapes in the tolerant path too', () => {
    expect(parseMlflowJson('{"k":"a\\"b\\\\c\\/\\t\\u263a","v":NaN}')).toMatchObject({
      k: 'a"b\\c/\t\u263a',
    });
  });

  it('keeps "__proto__" as an ordinary key', () => {
    const value = parseMlflowJson('{"__proto__":{"polluted":1},"v":NaN}') as Record<
      string,
      unknown
    >;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value)).toEqual(['__proto__', 'v']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each([
    ['{"a":nan}', 'Unexpected token'],
    ['{"a":Inf}', 'Unexpected token'],
    ['{"a":1,}', 'double-quoted property name'],
    ["{'a':1}", 'double-quoted property name'],
    ['{"a":01}', "Expected '}'"],
    ['{"a":"x\ny"}', 'Control character'],
    ['{"a":NaN', 'Unexpected end of JSON input'],
    ['{"a":NaN} x', 'Unexpected data after the JSON value'],
    ['{"a":"\\x"}', 'Invalid escape'],
    ['', 'Unexpected end of JSON input'],
  ])('rejects %j', (text, fragment) => {
    expect(() => parseMlflowJson(text)).toThrow(MlflowJsonSyntaxError);
    expect(() => parseMlflowJson(text)).toThrow(fragment);
  });

  it('rejects hostile nesting without overflowing the stack', () => {
    const deep = `${'['.repeat(100_000)}NaN${']'.repeat(100_000)}`;
    expect(() => parseMlflowJson(deep)).toThrow(/nested deeper/);
  });
});

describe('stringifyMlflowJson', () => {
  it('writes non-finite numbers as protobuf JSON strings', () => {
    expect(
      stringifyMlflowJson({
        v: [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 0.5],
      }),
    ).toBe('{"v":["NaN","Infinity","-Infinity",0.5]}');
  });

  it('omits undefined fields', () => {
    expect(stringifyMlflowJson({ a: undefined, b: 1 })).toBe('{"b":1}');
  });
});
