import { invalidArgument } from '../errors.js';
import { LIMITS } from '../domain/limits.js';
import type { OrderByClause } from './filter-ast.js';
import type { EntityRules } from './entity-rules.js';
import { describeToken, keySegments, keywordOf } from './filter-parser.js';
import { FilterLexer } from './filter-lexer.js';
import { resolveOrderField } from './resolve-field.js';
import { failOrderBy } from './search-error.js';

/**
 * Parses MLflow order_by entries such as "metrics.acc DESC", "attributes.start_time" or
 * "tags.`a b` desc": one key, then an optional ASC/DESC in any case (ascending by default).
 */
export function parseOrderBy(
  orderBy: readonly string[] | undefined,
  rules: EntityRules,
): OrderByClause[] {
  checkOrderByCount(orderBy?.length ?? 0);
  return (orderBy ?? []).map((clause, index) => parseOne(clause, index, rules));
}

/** Each order key is a join or subquery in SQL; the limit keeps statements within SQLite's. */
export function checkOrderByCount(count: number): void {
  const { maxOrderByKeys } = LIMITS.search;
  if (count > maxOrderByKeys) {
    throw invalidArgument(
      `Invalid order_by: ${count} clauses given, at most ${maxOrderByKeys} are allowed.`,
      { index: maxOrderByKeys, limit: maxOrderByKeys },
    );
  }
}

function parseOne(clause: string, index: number, rules: EntityRules): OrderByClause {
  const fail = failOrderBy(clause, index);
  const lexer = new FilterLexer(clause, fail);
  const describe = (token: ReturnType<FilterLexer['next']>) =>
    describeToken(lexer, token, 'the end of the clause');

  const keyToken = lexer.next();
  const segments = keySegments(keyToken);
  if (segments === undefined) {
    const problem = keyToken.kind === 'eof' ? 'the clause is empty' : 'expected a key';
    return fail(keyToken.start, `${problem}, found ${describe(keyToken)}`);
  }
  const { type, key } = resolveOrderField(segments, keyToken.start, rules, fail);

  let ascending = true;
  const direction = lexer.next();
  if (direction.kind !== 'eof') {
    const word = keywordOf(direction);
    if (word !== 'ASC' && word !== 'DESC') {
      return fail(
        direction.start,
        `expected ASC or DESC after '${lexer.text(keyToken)}', found ${describe(direction)}`,
      );
    }
    ascending = word === 'ASC';
    const rest = lexer.next();
    if (rest.kind !== 'eof') {
      return fail(
        rest.start,
        `expected the end of the clause after ${word}, found ${describe(rest)}`,
      );
    }
  }
  return { type, key, ascending };
}
