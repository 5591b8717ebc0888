import { LIMITS } from '../domain/limits.js';
import type { Comparator, FilterClause } from './filter-ast.js';
import type { EntityRules } from './entity-rules.js';
import { FilterLexer } from './filter-lexer.js';
import type { IdentSegment, Token } from './filter-lexer.js';
import { resolveFilterField } from './resolve-field.js';
import type { ResolvedField } from './resolve-field.js';
import { failFilter } from './search-error.js';
import type { Fail } from './search-error.js';

const RESERVED = new Set(['AND', 'OR', 'NOT', 'IN', 'LIKE', 'ILIKE', 'IS']);
const SYMBOL_COMPARATORS = new Set<string>(['=', '!=', '<', '<=', '>', '>=']);
const MAX_SHOWN = 40;

/** The upper-cased word when a token is a single bare word (AND, like, In, ...), else undefined. */
export function keywordOf(token: Token): string | undefined {
  if (token.kind !== 'ident' || token.segments.length !== 1) return undefined;
  const [segment] = token.segments;
  return segment && !segment.quoted ? segment.text.toUpperCase() : undefined;
}

/** A key token: a dotted identifier, or a double-quoted name standing alone ("Run name"). */
export function keySegments(token: Token): IdentSegment[] | undefined {
  if (token.kind === 'ident') return token.segments;
  if (token.kind === 'string' && token.quote === '"') {
    return [{ text: token.value, quoted: true, start: token.start }];
  }
  return undefined;
}

export function describeToken(lexer: FilterLexer, token: Token, end: string): string {
  if (token.kind === 'eof') return end;
  const text = lexer.text(token);
  return `'${text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN)}...` : text}'`;
}

/**
 * Parses an MLflow filter: `<key> <comparator> <value>` conditions joined by AND (any case). Keys are
 * resolved and comparators and values checked against the entity's rules as they are read, so the first
 * problem from the left is the one reported.
 */
export function parseFilter(source: string | undefined, rules: EntityRules): FilterClause[] {
  if (source === undefined || source.trim() === '') return [];
  return new FilterParser(source, rules, failFilter).parse();
}

class FilterParser {
  private readonly lexer: FilterLexer;
  /** Values of every IN / NOT IN list read so far. */
  private listValues = 0;

  constructor(
    source: string,
    private readonly rules: EntityRules,
    private readonly fail: Fail,
  ) {
    this.lexer = new FilterLexer(source, fail);
  }

  parse(): FilterClause[] {
    const clauses = [this.clause()];
    for (;;) {
      const token = this.lexer.next();
      if (token.kind === 'eof') return clauses;
      const word = keywordOf(token);
      if (word === 'AND') {
        // Each condition becomes a join or subquery of one SQL statement (see LIMITS.search).
        if (clauses.length === LIMITS.search.maxFilterClauses) {
          return this.fail(
            this.lexer.peek().start,
            `too many conditions: a filter may combine at most ${LIMITS.search.maxFilterClauses} with AND`,
          );
        }
        clauses.push(this.clause());
        continue;
      }
      if (word === 'OR') {
        return this.fail(
          token.start,
          'OR is not supported; conditions can only be combined with AND (run one search per alternative)',
        );
      }
      return this.fail(
        token.start,
        `expected AND or the end of the filter, found ${this.describe(token)}`,
      );
    }
  }

  private describe(token: Token): string {
    return describeToken(this.lexer, token, 'the end of the filter');
  }

  private clause(): FilterClause {
    const keyToken = this.lexer.next();
    const segments = keySegments(keyToken);
    if (segments === undefined || RESERVED.has(keywordOf(keyToken) ?? '')) {
      return this.fail(
        keyToken.start,
        `expected a key such as ${this.keyExample()}, found ${this.describe(keyToken)}`,
      );
    }
    const field = resolveFilterField(segments, keyToken.start, this.rules, this.fail);
    const comparator = this.comparator(this.lexer.text(keyToken), field);
    const value = this.value(field, comparator);
    return {
      type: field.type,
      key: field.key,
      comparator,
      value,
      position: keyToken.start,
    };
  }

  private keyExample(): string {
    return this.rules.fields.metric ? 'metrics.acc, params.lr or tags.team' : 'name or tags.team';
  }

  private comparator(label: string, field: ResolvedField): Comparator {
    const token = this.lexer.next();
    const comparator = this.readComparator(token, label);
    if (!field.spec.comparators.includes(comparator)) {
      return this.fail(
        token.start,
        `comparator '${comparator}' is not allowed for ${field.description}; ` +
          `use one of ${field.spec.comparators.join(', ')}`,
      );
    }
    return comparator;
  }

  private readComparator(token: Token, label: string): Comparator {
    if (token.kind === 'op') {
      if (SYMBOL_COMPARATORS.has(token.value)) return token.value as Comparator;
      const instead = token.value === '==' ? '=' : '!=';
      return this.fail(token.start, `unsupported operator '${token.value}'; use '${instead}'`);
    }
    const word = keywordOf(token);
    if (word === 'LIKE' || word === 'ILIKE' || word === 'IN') return word;
    if (word === 'NOT') {
      const after = this.lexer.next();
      if (keywordOf(after) === 'IN') return 'NOT IN';
      return this.fail(
        after.start,
        `expected IN after NOT (NOT IN is the only negated comparator), found ${this.describe(after)}`,
      );
    }
    if (word === 'IS') {
      return this.fail(token.start, `IS NULL / IS NOT NULL is not supported`);
    }
    return this.fail(
      token.start,
      `expected a comparison operator after '${label}', found ${this.describe(token)}`,
    );
  }

  private value(field: ResolvedField, comparator: Comparator): FilterClause['value'] {
    const token = this.lexer.next();
    if (comparator === 'IN' || comparator === 'NOT IN') return this.list(token, comparator);
    if (token.kind === '(') {
      return this.fail(token.start, `a list of values needs IN or NOT IN, not '${comparator}'`);
    }
    if (field.spec.kind === 'number') {
      if (token.kind === 'number') return token.value;
      const quoted = token.kind === 'string' ? ' (numbers are written without quotes)' : '';
      return this.fail(
        token.start,
        `expected a number for ${field.description}, found ${this.describe(token)}${quoted}`,
      );
    }
    if (token.kind === 'string') return token.value;
    return this.fail(
      token.start,
      `expected a quoted string for ${field.description} (e.g. 'value'), found ${this.describe(token)}`,
    );
  }

  private list(open: Token, comparator: Comparator): string[] {
    if (open.kind !== '(') {
      return this.fail(
        open.start,
        `expected a parenthesised list of quoted strings after ${comparator}, e.g. ('a', 'b'), ` +
          `found ${this.describe(open)}`,
      );
    }
    const values: string[] = [];
    for (;;) {
      const item = this.lexer.next();
      if (item.kind === ')' && values.length === 0) {
        return this.fail(item.start, `the list after ${comparator} must not be empty`);
      }
      if (item.kind !== 'string') {
        return this.fail(
          item.start,
          `expected a quoted string in the ${comparator} list, found ${this.describe(item)}`,
        );
      }
      // Every value is a bound parameter of one SQL statement, which engines cap (SQLite at 32,766).
      if (this.listValues === LIMITS.search.maxInListItems) {
        return this.fail(
          item.start,
          `too many values in ${comparator} lists: a filter may list at most ${LIMITS.search.maxInListItems} in all`,
        );
      }
      this.listValues += 1;
      values.push(item.value);
      const separator = this.lexer.next();
      if (separator.kind === ')') return values;
      if (separator.kind !== ',') {
        return this.fail(
          separator.start,
          `expected ',' or ')' in the ${comparator} list, found ${this.describe(separator)}`,
        );
      }
    }
  }
}
