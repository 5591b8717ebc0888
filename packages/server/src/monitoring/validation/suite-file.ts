import { readFile, writeFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { parse as parseYaml, stringify as stringifyYaml, YAMLParseError } from 'yaml';
import { SlipwayError, invalidArgument, parseSuite } from '@slipway/core';
import type { ExpectationSuite } from '@slipway/core';

/** JSON for a `.json` name, YAML otherwise (`.yaml`, `.yml`; YAML also reads JSON). */
export function suiteFormatOf(path: string): 'json' | 'yaml' {
  return extname(path).toLowerCase() === '.json' ? 'json' : 'yaml';
}

function parseDocument(text: string, path: string, format: 'json' | 'yaml'): unknown {
  try {
    // A small alias budget stops a "billion laughs" document from blowing up in memory.
    return format === 'json' ? JSON.parse(text) : parseYaml(text, { maxAliasCount: 50 });
  } catch (err) {
    if (err instanceof YAMLParseError) {
      const at = err.linePos?.[0];
      const where = at === undefined ? '' : ` at line ${at.line}, column ${at.col}`;
      // The parser's first line repeats the position; the lines after it quote the source.
      const first = (err.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/u, '');
      throw invalidArgument(`Invalid expectation suite ${path}: bad YAML${where}: ${first}.`);
    }
    if (err instanceof SyntaxError) {
      throw invalidArgument(`Invalid expectation suite ${path}: bad JSON: ${err.message}.`);
    }
    throw err;
  }
}

/**
 * Reads and checks a suite file, YAML or JSON by its extension. Every failure (missing file,
 * bad syntax, an unknown expectation) is INVALID_ARGUMENT with a message naming the file.
 */
export async function readSuiteFile(path: string): Promise<ExpectationSuite> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : (err as Error).message;
    throw invalidArgument(`Cannot read the expectation suite ${path}: ${reason}.`);
  }
  const doc = parseDocument(text, path, suiteFormatOf(path));
  try {
    return parseSuite(doc);
  } catch (err) {
    if (!(err instanceof SlipwayError)) throw err;
    const message = err.message.replace(
      /^Invalid expectation suite/u,
      `Invalid expectation suite ${path}`,
    );
    const details = err.details === undefined ? {} : { details: err.details };
    throw new SlipwayError({ code: err.code, message, ...details, cause: err });
  }
}

/** A suite as file text: YAML (readable, commentable) or JSON. */
export function suiteToText(suite: ExpectationSuite, format: 'json' | 'yaml'): string {
  if (format === 'json') return `${JSON.stringify(suite, null, 2)}\n`;
  // No anchors or aliases: two expectations sharing a value_set must still read as two lists.
  return stringifyYaml(suite, { aliasDuplicateObjects: false, lineWidth: 0 });
}

/** Writes a suite, JSON when the name ends in .json and YAML otherwise. */
export async function writeSuiteFile(path: string, suite: ExpectationSuite): Promise<void> {
  await writeFile(path, suiteToText(suite, suiteFormatOf(path)));
}
