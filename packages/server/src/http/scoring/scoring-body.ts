import { SlipwayError, invalidArgument } from '@slipway/core';
import type { StringCells } from '../../serving/scoring/cell-value.js';
import { csvFrame } from '../../serving/scoring/csv-frame.js';
import type { Frame } from '../../serving/scoring/frame.js';
import { parseScoringPayload } from '../../serving/scoring/scoring-payload.js';
import type { ScoringPayload } from '../../serving/scoring/scoring-payload.js';

export type ScoringInput = { payload: ScoringPayload } | { frame: Frame; strings: StringCells };

function unsupported(message: string): SlipwayError {
  // 415 has no SlipwayError code of its own; the route answers it with this status.
  return new SlipwayError({ code: 'INVALID_ARGUMENT', message, details: { status: 415 } });
}

/**
 * The body of an invocation, by content type as MLflow's scoring server reads it:
 * `application/json` (the four input fields) or `text/csv` (a header row, then rows). Only UTF-8
 * is accepted. A body without a content type is read as JSON, which is what curl users mean.
 */
export function parseScoringBody(body: Buffer, contentType: string | undefined): ScoringInput {
  const [mime = '', ...parameters] = (contentType ?? 'application/json')
    .split(';')
    .map((part) => part.trim().toLowerCase());
  for (const parameter of parameters) {
    const [key, value] = parameter.split('=').map((part) => part.trim());
    if (key !== 'charset') throw unsupported(`Unrecognized content type parameter: ${key}.`);
    if (value?.replace(/"/g, '') !== 'utf-8') {
      throw unsupported('The scoring server only supports UTF-8.');
    }
  }
  const text = body.toString('utf8');
  if (mime === 'text/csv') return { frame: csvFrame(text), strings: 'parse' };
  if (mime !== 'application/json' && mime !== '') {
    throw unsupported(
      `This endpoint takes application/json or text/csv, not '${contentType ?? ''}'.`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw invalidArgument(
      `Failed to parse input from JSON. Ensure that input is a valid JSON formatted string. Error: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  return { payload: parseScoringPayload(json) };
}
