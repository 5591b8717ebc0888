import type { FastifyInstance } from 'fastify';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { invalidArgument } from '@slipway/core';

export const YAML_TYPES = ['application/yaml', 'application/x-yaml', 'text/yaml', 'text/x-yaml'];

/** Parses a YAML request body; INVALID_ARGUMENT with the line and column of a syntax error. */
export function parseYamlBody(text: string): unknown {
  try {
    // A small alias budget stops a "billion laughs" document from blowing up in memory.
    return parseYaml(text, { maxAliasCount: 50 });
  } catch (err) {
    if (err instanceof YAMLParseError) {
      const at = err.linePos?.[0];
      const where = at === undefined ? '' : ` at line ${at.line}, column ${at.col}`;
      // The parser's first line repeats the position; the lines after it quote the source.
      const first = (err.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/u, '');
      throw invalidArgument(`Invalid YAML${where}: ${first}`);
    }
    throw err;
  }
}

/** Lets the routes of `app` take YAML bodies (spec files), parsed to plain values. */
export function acceptYamlBodies(app: FastifyInstance): void {
  app.addContentTypeParser(YAML_TYPES, { parseAs: 'string' }, (_request, text, done) => {
    try {
      done(null, parseYamlBody(text as string));
    } catch (err) {
      done(err as Error, undefined);
    }
  });
}

/** A spec request's body, or INVALID_ARGUMENT saying how to send one. */
export function requireSpecBody(body: unknown, what: string): unknown {
  if (body === undefined) {
    throw invalidArgument(
      `This request needs the ${what} spec as its body: JSON (application/json) or YAML (application/yaml).`,
    );
  }
  return body;
}

/** The spec of a PUT: its `name` may be left out, and must match the path when given. */
export function namedSpec(body: unknown, name: string, what: string): unknown {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return body;
  const given = (body as { name?: unknown }).name;
  if (given === undefined) return { ...body, name };
  if (given !== name) {
    throw invalidArgument(
      `The spec names ${what} '${String(given)}' but the path names '${name}'; they must match.`,
    );
  }
  return body;
}
