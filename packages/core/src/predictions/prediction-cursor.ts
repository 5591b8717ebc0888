import { invalidArgument } from '../errors.js';
import { decodeBase64Url, encodeBase64Url } from '../search/base64url.js';

/** Position after the last row of a page: its time and its insertion id. */
export interface PredictionCursor {
  time: number;
  id: number;
}

const PREFIX = 'p1:';
const MAX_CURSOR_LENGTH = 128;

export function encodePredictionCursor(cursor: PredictionCursor): string {
  return encodeBase64Url(`${PREFIX}${cursor.time}:${cursor.id}`);
}

/** INVALID_ARGUMENT for anything that is not a cursor this module wrote. */
export function decodePredictionCursor(encoded: string): PredictionCursor {
  const text = encoded.length <= MAX_CURSOR_LENGTH ? decodeBase64Url(encoded) : undefined;
  const match = text === undefined ? null : /^p1:(-?\d{1,16}):(\d{1,16})$/.exec(text);
  const time = match ? Number(match[1]) : NaN;
  const id = match ? Number(match[2]) : NaN;
  if (!Number.isSafeInteger(time) || !Number.isSafeInteger(id)) {
    throw invalidArgument(
      `Invalid prediction page cursor "${encoded.slice(0, 40)}": pass the nextCursor of the previous page unchanged.`,
    );
  }
  return { time, id };
}
