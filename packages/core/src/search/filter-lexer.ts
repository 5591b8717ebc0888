import type { Fail } from './search-error.js';

/** One dot-separated part of an identifier; `quoted` when written in backticks or double quotes. */
export interface IdentSegment {
  text: string;
  quoted: boolean;
  start: number;
}

/**
 * `ident` is a whole dotted path such as metrics.`f1 score` or tags.mlflow.source.name; a double-quoted
 * text not followed by '.' is a `string` (it may still serve as a quoted key, the parser decides).
 */
export type Token =
  | { kind: 'ident'; start: number; end: number; segments: IdentSegment[] }
  | { kind: 'string'; start: number; end: number; value: string; quote: "'" | '"' }
  | { kind: 'number'; start: number; end: number; value: number }
  | { kind: 'op'; start: number; end: number; value: string }
  | { kind: '(' | ')' | ',' | 'eof'; start: number; end: number };

const WORD_CHAR = /[\p{L}\p{N}_$#]/u;
const DIGIT = /[0-9]/;
const SPACE = /\s/;

function isWordChar(ch: string | undefined): boolean {
  return ch !== undefined && WORD_CHAR.test(ch);
}

function isDigit(ch: string | undefined): boolean {
  return ch !== undefined && DIGIT.test(ch);
}

/**
 * Pull-based tokenizer: tokens are produced on demand so errors surface left to right, exactly where
 * the parser stands.
 */
export class FilterLexer {
  private pos = 0;
  private lookahead: Token | undefined;

  constructor(
    readonly source: string,
    private readonly fail: Fail,
  ) {}

  peek(): Token {
    this.lookahead ??= this.scan();
    return this.lookahead;
  }

  next(): Token {
    const token = this.peek();
    this.lookahead = undefined;
    return token;
  }

  /** The source text of a token, for messages. */
  text(token: Token): string {
    return this.source.slice(token.start, token.end);
  }

  private scan(): Token {
    const src = this.source;
    while (this.pos < src.length && SPACE.test(src.charAt(this.pos))) this.pos++;
    const start = this.pos;
    if (start >= src.length) return { kind: 'eof', start, end: start };
    const ch = src.charAt(start);
    const next = src.charAt(start + 1);

    if (ch === "'") {
      const { value, end } = this.scanQuoted(start, "'", 'string');
      this.pos = end;
      return { kind: 'string', start, end, value, quote: "'" };
    }
    if (ch === '"') {
      const { value, end } = this.scanQuoted(start, '"', 'string');
      if (src.charAt(end) === '.') return this.scanIdent(start);
      this.pos = end;
      return { kind: 'string', start, end, value, quote: '"' };
    }
    if (ch === '`' || isWordChar(ch)) {
      if (isDigit(ch)) return this.scanNumber(start);
      return this.scanIdent(start);
    }
    if ((ch === '-' || ch === '.') && (isDigit(next) || (next === '.' && ch === '-'))) {
      return this.scanNumber(start);
    }
    if (ch === '(' || ch === ')' || ch === ',') {
      this.pos = start + 1;
      return { kind: ch, start, end: start + 1 };
    }
    const op = this.scanOperator(start);
    if (op !== undefined) {
      this.pos = start + op.length;
      return { kind: 'op', start, end: this.pos, value: op };
    }
    // A bare name stops at the first special character, so `metrics.val-loss` fails here.
    const hint = isWordChar(src.charAt(start - 1))
      ? '; names with special characters must be quoted, e.g. metrics.`val-loss`'
      : '';
    return this.fail(start, `unexpected character '${ch}'${hint}`);
  }

  private scanOperator(start: number): string | undefined {
    const two = this.source.slice(start, start + 2);
    if (two === '!=' || two === '<=' || two === '>=' || two === '<>' || two === '==') return two;
    const one = this.source.charAt(start);
    return one === '=' || one === '<' || one === '>' ? one : undefined;
  }

  /** A quote inside quoted text is written twice ('it''s'); backslashes are ordinary characters. */
  private scanQuoted(start: number, quote: string, what: string): { value: string; end: number } {
    const src = this.source;
    let value = '';
    let i = start + 1;
    for (;;) {
      if (i >= src.length) {
        return this.fail(start, `unterminated ${what}: missing closing ${quote}`);
      }
      const ch = src.charAt(i);
      if (ch === '\u0000') {
        // PostgreSQL cannot compare text with a NUL in it; refused on every backend alike.
        return this.fail(i, `the NUL character (\\u0000) is not allowed in a ${what}`);
      }
      if (ch === quote) {
        if (src.charAt(i + 1) !== quote) return { value, end: i + 1 };
        value += quote;
        i += 2;
        continue;
      }
      value += ch;
      i++;
    }
  }

  private scanIdent(start: number): Token {
    const src = this.source;
    const segments: IdentSegment[] = [];
    let i = start;
    for (;;) {
      const ch = src.charAt(i);
      if (ch === '`' || ch === '"') {
        const { value, end } = this.scanQuoted(i, ch, 'quoted name');
        segments.push({ text: value, quoted: true, start: i });
        i = end;
      } else if (isWordChar(ch)) {
        let end = i;
        while (isWordChar(src.charAt(end))) end++;
        segments.push({ text: src.slice(i, end), quoted: false, start: i });
        i = end;
      } else {
        const found = i >= src.length ? 'the end of the input' : `'${ch}'`;
        return this.fail(i, `expected a name after '.', found ${found}`);
      }
      if (src.charAt(i) !== '.') break;
      i++;
    }
    this.pos = i;
    return { kind: 'ident', start, end: i, segments };
  }

  /** Integers, decimals and exponents, optionally negative: -1, 0.5, .5, 1., 1e-3, -2.5E+10. */
  private scanNumber(start: number): Token {
    const src = this.source;
    let i = start;
    if (src.charAt(i) === '-') i++;
    let digits = 0;
    const digitsFrom = (from: number): number => {
      let end = from;
      while (isDigit(src.charAt(end))) end++;
      digits += end - from;
      return end;
    };
    i = digitsFrom(i);
    if (src.charAt(i) === '.') i = digitsFrom(i + 1);
    if (digits > 0 && (src.charAt(i) === 'e' || src.charAt(i) === 'E')) {
      let j = i + 1;
      if (src.charAt(j) === '+' || src.charAt(j) === '-') j++;
      if (isDigit(src.charAt(j))) {
        while (isDigit(src.charAt(j))) j++;
        i = j;
      }
    }
    if (digits === 0 || isWordChar(src.charAt(i)) || src.charAt(i) === '.') {
      let end = i;
      while (isWordChar(src.charAt(end)) || src.charAt(end) === '.') end++;
      return this.fail(start, `malformed number '${src.slice(start, end)}'`);
    }
    const value = Number(src.slice(start, i));
    if (!Number.isFinite(value)) {
      return this.fail(start, `number '${src.slice(start, i)}' is out of range`);
    }
    this.pos = i;
    return { kind: 'number', start, end: i, value };
  }
}
