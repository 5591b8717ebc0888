import { describe, expect, it } from 'vitest';
import type { ValidationResult } from '@slipway/core';
import { renderValidationReport } from './validation-report-html.js';

const result: ValidationResult = {
  success: false,
  suite_name: '<suite & "co">',
  statistics: {
    evaluated_expectations: 1,
    successful_expectations: 0,
    unsuccessful_expectations: 1,
    success_percent: 0,
  },
  results: [
    {
      expectation_type: 'expect_column_values_to_be_in_set',
      kwargs: { column: '<col>', value_set: ["</script><img src=x onerror='1'>"] },
      success: false,
      result: {
        element_count: 1,
        missing_count: 0,
        unexpected_count: 1,
        partial_unexpected_list: ['<b>bad</b>'],
      },
      exception_info: { raised_exception: false, exception_message: null },
    },
  ],
};

describe('renderValidationReport', () => {
  const html = renderValidationReport({ result, dataName: 'd<1>.csv', rowCount: 1 });

  it('escapes every value, including inside the embedded JSON', () => {
    expect(html).toContain('&lt;suite &amp; &quot;co&quot;&gt;');
    expect(html).toContain('&lt;col&gt;');
    expect(html).toContain('&lt;b&gt;bad&lt;/b&gt;');
    expect(html).toContain('d&lt;1&gt;.csv');
    for (const raw of ['<col>', '<img', '<b>bad', '<suite']) expect(html).not.toContain(raw);
    // One closing script tag: the embedded result's own "</script>" is escaped.
    expect(html.match(/<\/script>/gu)).toHaveLength(1);
  });

  it('shows the verdict and the expected kwargs beside the observed counts', () => {
    expect(html).toContain('FAILED: 0 of 1 expectations met (0.0%), 1 failed.');
    expect(html).toContain('<th scope="row">unexpected_count</th><td><code>1</code>');
    expect(html).toContain('<th scope="row">value_set</th>');
  });
});
