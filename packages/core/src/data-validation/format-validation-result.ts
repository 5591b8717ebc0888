import { describeExpected, expectationColumns } from './describe-expectation.js';
import { displayList, displayPercent, displayValue } from './display-value.js';

const MAX_EXAMPLES_SHOWN = 10;
import type { ExpectationValidationResult, ValidationResult } from './validation-result.js';

function describeObserved(entry: ExpectationValidationResult): string {
  const { result } = entry;
  if (entry.expectation_type === 'expect_column_to_exist') {
    const at = result.observed_value;
    return typeof at === 'number' ? `found at position ${at}` : 'not found';
  }
  if (result.unexpected_count !== undefined) {
    const judged = (result.element_count ?? 0) - (result.missing_count ?? 0);
    const isNullCheck = entry.expectation_type === 'expect_column_values_to_not_be_null';
    const of = isNullCheck ? (result.element_count ?? 0) : judged;
    const what = isNullCheck ? 'null' : 'unexpected';
    const share = of > 0 ? ` (${displayPercent((result.unexpected_count / of) * 100)})` : '';
    const skipped =
      !isNullCheck && (result.missing_count ?? 0) > 0
        ? `, ${result.missing_count} missing skipped`
        : '';
    return `${result.unexpected_count} of ${of} ${what}${share}${skipped}`;
  }
  const observed = result.observed_value;
  if (observed === undefined) return 'nothing measured';
  if (Array.isArray(observed)) {
    const distinct = result.details?.['distinct_count'];
    return `{${displayList(observed)}}${typeof distinct === 'number' ? ` (${distinct} distinct)` : ''}`;
  }
  if (observed !== null && typeof observed === 'object' && 'quantiles' in observed) {
    return observed.quantiles
      .map((q, i) => `q${q} = ${displayValue(observed.values[i] ?? null)}`)
      .join(', ');
  }
  return observed === null ? 'no values' : displayValue(observed);
}

function describeExamples(
  entry: ExpectationValidationResult,
  examples: readonly unknown[],
): string {
  const distinct = entry.result.details?.['unexpected_distinct_count'];
  const total =
    entry.result.unexpected_count ?? (typeof distinct === 'number' ? distinct : examples.length);
  const shown = examples.slice(0, MAX_EXAMPLES_SHOWN);
  const more = total > shown.length ? `, … (${total} in all)` : '';
  return `${shown.map(displayValue).join(', ')}${more}`;
}

/** One expectation: `✓ type [columns]: expected …; observed …`, then examples or the error when it failed. */
export function formatExpectationResult(entry: ExpectationValidationResult): string {
  const columns = expectationColumns(entry);
  const label = columns.length > 0 ? ` [${columns.join(', ')}]` : '';
  const head = `${entry.success ? '✓' : '✗'} ${entry.expectation_type}${label}`;
  const message = entry.exception_info.exception_message;
  const lines = [
    message === null
      ? `${head}: expected ${describeExpected(entry)}; observed ${describeObserved(entry)}`
      : `${head}: expected ${describeExpected(entry)}; error: ${message}`,
  ];
  const examples = entry.result.partial_unexpected_list ?? [];
  if (!entry.success && examples.length > 0)
    lines.push(`    unexpected examples: ${describeExamples(entry, examples)}`);
  return lines.join('\n');
}

/**
 * The text `slipway validate` prints: a line per expectation (failed ones with up to ten
 * unexpected examples), then a summary line that starts with PASSED or FAILED.
 */
export function formatValidationResult(validation: ValidationResult): string {
  const { statistics: stats } = validation;
  const lines = validation.results.map(formatExpectationResult);
  const verdict = validation.success ? 'PASSED' : 'FAILED';
  const percent =
    stats.success_percent === null ? '' : ` (${displayPercent(stats.success_percent)})`;
  lines.push(
    `${verdict}: suite ${JSON.stringify(validation.suite_name)}, ${stats.successful_expectations} of ${stats.evaluated_expectations} expectations met${percent}, ${stats.unsuccessful_expectations} failed`,
  );
  return lines.join('\n');
}
