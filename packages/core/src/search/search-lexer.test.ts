import { describe, expect, it } from 'vitest';
import { SlipwayError } from '../errors.js';
import { FilterLexer } from './filter-lexer.js';
import type { Token } from './filter-lexer.js';
import { failFilter } from './search-error.js';

function lex(source: string): Token[] {
  const lexer = new FilterLexer(source, failFilter);
  const tokens: Token[] = [];
  for (;;) {
    const token = lexer.next();
    tokens.push(token);
    if (token.kind === 'eof') return tokens;
  }
}

function lexError(source: string): SlipwayError {
  try {
    lex(source);
  } catch (err) {
    expect(err).toBeInstanceOf(SlipwayError);
    return err as SlipwayError;
  }
  throw new Error(`expected lexing ${source} to fail`);
}

describe('FilterLexer', () => {
  it('produces tokens with 0-based start/end offsets', () => {
    expect(lex("metrics.acc>=0.5 AND x = 'y'")).toEqual([
      {
        kind: 'ident',
        start: 0,
        end: 11,
        segments: [
          { text: 'metrics', quoted: false, start: 0 },
          { text: 'acc', quoted: false, start: 8 },
        ],
      },
      { kind: 'op', start: 11, end: 13, value: '>=' },
      { kind: 'number', start: 13, end: 16, value: 0.5 },
      {
        kind: 'ident',
        start: 17,
        end: 20,
        segments: [{ text: 'AND', quoted: false, start: 17 }],
      },
      { kind: 'ident', start: 21, end: 22, segments: [{ text: 'x', quoted: false, start: 21 }] },
      { kind: 'op', start: 23, end: 24, value: '=' },
      { kind: 'string', start: 25, end: 28, value: 'y', quote: "'" },
      { kind: 'eof', start: 28, end: 28 },
    ]);
  });

  it('keeps dotted paths with backticked and double-quoted segments in one identifier', () => {
    const [token] = lex('tags.`a b`."c.d".e1');
    expect(token).toEqual({
      kind: 'ident',
      start: 0,
      end: 19,
      segments: [
        { text: 'tags', quoted: false, start: 0 },
        { text: 'a b', quoted: true, start: 5 },
        { text: 'c.d', quoted: true, start: 11 },
        { text: 'e1', quoted: false, start: 17 },
      ],
    });
  });

  it('treats a double-quoted text as a string unless a dot follows it', () => {
    expect(lex('"x y"')[0]).toEqual({ kind: 'string', start: 0, end: 5, value: 'x y', quote: '"' });
    expect(lex('"tags".k')[0]).toMatchObject({
      kind: 'ident',
      segments: [
        { text: 'tags', quoted: true },
        { text: 'k', quoted: false },
      ],
    });
  });

  it('unescapes doubled quotes and leaves backslashes alone', () => {
    expect(lex("'it''s'")[0]).toMatchObject({ kind: 'string', value: "it's" });
    expect(lex('"say ""hi"""')[0]).toMatchObject({ kind: 'string', value: 'say "hi"' });
    expect(lex("'C:\\dir\\'")[0]).toMatchObject({ kind: 'string', value: 'C:\\dir\\' });
    expect(lex('tags.`a``b`')[0]).toMatchObject({ segments: [{ text: 'tags' }, { text: 'a`b' }] });
  });

  it.each([
    ['0', 0],
    ['42', 42],
    ['-7', -7],
    ['3.25', 3.25],
    ['.5', 0.5],
    ['-.5', -0.5],
    ['1.', 1],
    ['1e3', 1000],
    ['1E-3', 0.001],
    ['-2.5e+2', -250],
    ['6.02e23', 6.02e23],
  ])('reads the number %s', (source, value) => {
    expect(lex(source)[0]).toEqual({ kind: 'number', start: 0, end: source.length, value });
  });

  it.each([
    ['1abc', 0, "malformed number '1abc'"],
    ['1.2.3', 0, "malformed number '1.2.3'"],
    ['1e', 0, "malformed number '1e'"],
    ['x = 1e999', 4, "number '1e999' is out of range"],
    ["'abc", 0, 'unterminated string'],
    ['"abc', 0, 'unterminated string'],
    ['tags.`abc', 5, 'unterminated quoted name'],
    ['metrics. = 1', 8, "expected a name after '.'"],
    ['metrics.', 8, "expected a name after '.', found the end of the input"],
    ['a ; b', 2, "unexpected character ';'"],
    ['a ! b', 2, "unexpected character '!'"],
    ['metrics.val-loss', 11, 'names with special characters must be quoted'],
  ])('rejects %j at position %i', (source, position, message) => {
    const err = lexError(source);
    expect(err.code).toBe('INVALID_ARGUMENT');
    expect(err.details).toEqual({ position });
    expect(err.message).toContain(`Invalid filter at position ${position}: `);
    expect(err.message).toContain(message);
  });

  it('lexes every operator and punctuation mark', () => {
    const kinds = lex('= != < <= > >= <> == ( , )').map((t) =>
      t.kind === 'op' ? t.value : t.kind,
    );
    expect(kinds).toEqual(['=', '!=', '<', '<=', '>', '>=', '<>', '==', '(', ',', ')', 'eof']);
  });
});
