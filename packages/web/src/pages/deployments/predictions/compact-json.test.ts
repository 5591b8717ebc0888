import { describe, expect, it } from 'vitest';
import { compactJson } from './compact-json.js';

describe('compactJson', () => {
  const tensors = [
    { name: 'input', datatype: 'FP32', shape: [1, 3], data: [0.5, 'NaN', 2] },
    { name: 'flags', datatype: 'BOOL', shape: [], data: [true], extra: undefined },
  ];

  it('keeps arrays of plain values on one line and indents the rest', () => {
    expect(compactJson(tensors)).toBe(
      [
        '[',
        '  {',
        '    "name": "input",',
        '    "datatype": "FP32",',
        '    "shape": [1, 3],',
        '    "data": [0.5, "NaN", 2]',
        '  },',
        '  {',
        '    "name": "flags",',
        '    "datatype": "BOOL",',
        '    "shape": [],',
        '    "data": [true]',
        '  }',
        ']',
      ].join('\n'),
    );
  });

  it('prints JSON that parses back to the value', () => {
    const value = { a: [[1, 2], [3]], b: { c: null, d: 'x' }, e: {} };
    expect(JSON.parse(compactJson(value))).toEqual(value);
    expect(JSON.parse(compactJson(tensors))).toEqual(JSON.parse(JSON.stringify(tensors)));
  });
});
