/**
 * JSON indented like `JSON.stringify(value, null, 2)`, except that an array of plain values (a
 * tensor's shape or data) stays on one line: a 30-value input reads as one wrapped line rather
 * than 30. Still JSON: what it prints parses back to the value.
 */
export function compactJson(value: unknown, indent = ''): string {
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.every((item) => item === null || typeof item !== 'object')) {
      return `[${value.map((item) => JSON.stringify(item) ?? 'null').join(', ')}]`;
    }
    const items = value.map((item) => `${inner}${compactJson(item, inner)}`);
    return `[\n${items.join(',\n')}\n${indent}]`;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, item]) => item !== undefined);
    if (entries.length === 0) return '{}';
    const fields = entries.map(
      ([key, item]) => `${inner}${JSON.stringify(key)}: ${compactJson(item, inner)}`,
    );
    return `{\n${fields.join(',\n')}\n${indent}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
