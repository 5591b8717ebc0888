import { LIMITS, jsonDepthError } from '@slipway/core';

/**
 * JSON as MLflow clients speak it. Python's `json` module writes bare `NaN`, `Infinity` and
 * `-Infinity` tokens, while protobuf JSON (what MLflow's own client sends and its server returns)
 * quotes them as strings. Requests may use either; responses use the protobuf form.
 */

export class MlflowJsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(message);
    this.name = 'MlflowJsonSyntaxError';
  }
}

/**
 * The request parser's own limit (core's, for every surface): deep enough for any MLflow message,
 * shallow enough that hostile nesting cannot blow the stack of this recursive parser.
 */
const MAX_DEPTH = LIMITS.maxJsonDepth;

/** Parses strict JSON plus the three non-finite number tokens. */
export function parseMlflowJson(text: string): unknown {
  try {
    // The native parser is much faster and handles every request that has no bare NaN.
    return JSON.parse(text) as unknown;
  } catch {
    return new TolerantParser(text).parseDocument();
  }
}

/** Serialises with non-finite numbers as the strings protobuf JSON uses. */
export function stringifyMlflowJson(value: unknown): string {
  // A replacer makes JSON.stringify call back for every key (1.7x slower on a 100-run search
  // page); non-finite numbers are rare, so look for one first and skip the replacer without.
  if (!hasNonFinite(value, 0)) return JSON.stringify(value);
  return JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === 'number' && !Number.isFinite(v)) {
      if (Number.isNaN(v)) return 'NaN';
      return v > 0 ? 'Infinity' : '-Infinity';
    }
    return v;
  });
}

/** Whether a non-finite number occurs anywhere in `value` (stops at the depth limit: not JSON). */
function hasNonFinite(value: unknown, depth: number): boolean {
  if (typeof value === 'number') return !Number.isFinite(value);
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH) return false;
  if (Array.isArray(value)) {
    for (const item of value) if (hasNonFinite(item, depth + 1)) return true;
    return false;
  }
  for (const key in value) {
    if (hasNonFinite((value as Record<string, unknown>)[key], depth + 1)) return true;
  }
  return false;
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPES: Record<string, string> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

class TolerantParser {
  private pos = 0;

  constructor(private readonly text: string) {}

  parseDocument(): unknown {
    const value = this.parseValue(0);
    this.skipWhitespace();
    if (this.pos < this.text.length) this.fail('Unexpected data after the JSON value');
    return value;
  }

  /** `depth`: how many objects and arrays enclose this value. */
  private parseValue(depth: number): unknown {
    this.skipWhitespace();
    const ch = this.text[this.pos];
    if ((ch === '{' || ch === '[') && depth >= MAX_DEPTH) {
      throw jsonDepthError('The request body', MAX_DEPTH);
    }
    switch (ch) {
      case '{':
        return this.parseObject(depth);
      case '[':
        return this.parseArray(depth);
      case '"':
        return this.parseString();
      case 't':
        return this.literal('true', true);
      case 'f':
        return this.literal('false', false);
      case 'n':
        return this.literal('null', null);
      case 'N':
        return this.literal('NaN', Number.NaN);
      case 'I':
        return this.literal('Infinity', Number.POSITIVE_INFINITY);
      case undefined:
        return this.fail('Unexpected end of JSON input');
      default:
        if (ch === '-' && this.text.startsWith('-Infinity', this.pos)) {
          return this.literal('-Infinity', Number.NEGATIVE_INFINITY);
        }
        return this.parseNumber();
    }
  }

  private parseObject(depth: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    this.pos++;
    this.skipWhitespace();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return out;
    }
    for (;;) {
      this.skipWhitespace();
      if (this.text[this.pos] !== '"') this.fail('Expected a double-quoted property name');
      const key = this.parseString();
      this.skipWhitespace();
      this.expect(':');
      const value = this.parseValue(depth + 1);
      // defineProperty, because assigning "__proto__" would replace the prototype instead.
      Object.defineProperty(out, key, {
        value,
        enumerable: true,
        writable: true,
        configurable: true,
      });
      this.skipWhitespace();
      if (this.text[this.pos] === ',') {
        this.pos++;
        continue;
      }
      this.expect('}');
      return out;
    }
  }

  private parseArray(depth: number): unknown[] {
    const out: unknown[] = [];
    this.pos++;
    this.skipWhitespace();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return out;
    }
    for (;;) {
      out.push(this.parseValue(depth + 1));
      this.skipWhitespace();
      if (this.text[this.pos] === ',') {
        this.pos++;
        continue;
      }
      this.expect(']');
      return out;
    }
  }

  private parseString(): string {
    this.pos++;
    let out = '';
    let runStart = this.pos;
    for (;;) {
      const code = this.text.charCodeAt(this.pos);
      if (Number.isNaN(code)) this.fail('Unterminated string');
      if (code === 0x22) {
        out += this.text.slice(runStart, this.pos);
        this.pos++;
        return out;
      }
      if (code < 0x20) this.fail('Control character in string');
      if (code === 0x5c) {
        out += this.text.slice(runStart, this.pos);
        out += this.parseEscape();
        runStart = this.pos;
        continue;
      }
      this.pos++;
    }
  }

  private parseEscape(): string {
    const ch = this.text[this.pos + 1];
    if (ch === 'u') {
      const hex = this.text.slice(this.pos + 2, this.pos + 6);
      if (!/^[0-9a-fA-F]{4}$/u.test(hex)) this.fail('Invalid \\u escape');
      this.pos += 6;
      return String.fromCharCode(parseInt(hex, 16));
    }
    const mapped = ch === undefined ? undefined : ESCAPES[ch];
    if (mapped === undefined) this.fail('Invalid escape in string');
    this.pos += 2;
    return mapped;
  }

  private parseNumber(): number {
    NUMBER.lastIndex = this.pos;
    const match = NUMBER.exec(this.text);
    if (!match) this.fail(`Unexpected character ${JSON.stringify(this.text[this.pos])}`);
    this.pos += match[0].length;
    return Number(match[0]);
  }

  private literal<T>(word: string, value: T): T {
    if (!this.text.startsWith(word, this.pos)) {
      this.fail(`Unexpected token ${JSON.stringify(this.text.slice(this.pos, this.pos + 10))}`);
    }
    this.pos += word.length;
    return value;
  }

  private expect(ch: string): void {
    if (this.text[this.pos] !== ch) {
      this.fail(this.pos >= this.text.length ? 'Unexpected end of JSON input' : `Expected '${ch}'`);
    }
    this.pos++;
  }

  private skipWhitespace(): void {
    for (;;) {
      const c = this.text.charCodeAt(this.pos);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) this.pos++;
      else return;
    }
  }

  private fail(message: string): never {
    throw new MlflowJsonSyntaxError(`${message} at position ${this.pos}`, this.pos);
  }
}
