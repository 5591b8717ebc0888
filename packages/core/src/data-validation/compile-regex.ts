/**
 * Compiles a suite's regex. Suites are often written for GE, i.e. in Python's syntax, so Python's
 * named groups `(?P<name>...)` and back-references `(?P=name)` are rewritten to JavaScript's. Tried
 * with the `u` flag first (Python patterns are Unicode-aware); patterns that flag rejects but
 * Python accepts (identity escapes such as `\-` outside a class) compile without it.
 * Returns the compile error's text instead of throwing.
 */
export function compileRegex(source: string): RegExp | string {
  const translated = source.replace(/\(\?P</gu, '(?<').replace(/\(\?P=(\w+)\)/gu, '\\k<$1>');
  try {
    return new RegExp(translated, 'u');
  } catch {
    try {
      return new RegExp(translated);
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  }
}
