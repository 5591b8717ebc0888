const ZERO = 48;

function digits(text: string, start: number, count: number): number {
  let value = 0;
  for (let i = start; i < start + count; i++) {
    const d = text.charCodeAt(i) - ZERO;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value;
}

const MS_PER_DAY = 86_400_000;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);
}

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). Date.UTC
// would do, but it reads years 0-99 as 1900-1999.
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra =
    yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

// Returns the zone offset in minutes east of UTC, or NaN when the rest of the text is not a zone.
function zoneOffset(text: string, at: number): number {
  if (at === text.length) return 0;
  const c = text[at];
  if ((c === 'Z' || c === 'z') && at + 1 === text.length) return 0;
  if (c !== '+' && c !== '-') return Number.NaN;
  const hours = digits(text, at + 1, 2);
  let minutes = 0;
  let end = at + 3;
  if (end < text.length) {
    if (text[end] === ':') end++;
    minutes = digits(text, end, 2);
    end += 2;
  }
  if (hours < 0 || hours > 23 || minutes < 0 || minutes > 59 || end !== text.length) {
    return Number.NaN;
  }
  return (c === '-' ? -1 : 1) * (hours * 60 + minutes);
}

/**
 * Epoch milliseconds of an ISO 8601 date or date-time (`2024-05-01`, `2024-05-01T12:30`,
 * `2024-05-01 12:30:15.250+02:00`, `...Z`), or NaN for anything else. A value without a zone is
 * taken as UTC, never as the machine's local time, so a validation gives the same answer
 * everywhere. Reads characters by code, allocating nothing, as it runs once per row.
 */
export function parseIsoDatetime(text: string): number {
  if (text.length < 10 || text[4] !== '-' || text[7] !== '-') return Number.NaN;
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return Number.NaN;
  }
  const dayMs = daysFromCivil(year, month, day) * MS_PER_DAY;
  if (text.length === 10) return dayMs;
  const separator = text[10];
  if (separator !== 'T' && separator !== 't' && separator !== ' ') return Number.NaN;
  if (text[13] !== ':') return Number.NaN;
  const hour = digits(text, 11, 2);
  const minute = digits(text, 14, 2);
  let second = 0;
  let ms = 0;
  let at = 16;
  if (text[at] === ':') {
    second = digits(text, at + 1, 2);
    at += 3;
    if (text[at] === '.' || text[at] === ',') {
      let scale = 100;
      let fractionDigits = 0;
      for (at++; at < text.length; at++) {
        const d = text.charCodeAt(at) - ZERO;
        if (d < 0 || d > 9) break;
        ms += d * scale;
        scale /= 10;
        fractionDigits++;
      }
      if (fractionDigits === 0) return Number.NaN;
    }
  }
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
    return Number.NaN;
  }
  const offset = zoneOffset(text, at);
  if (Number.isNaN(offset)) return Number.NaN;
  return dayMs + ((hour * 60 + minute - offset) * 60 + second) * 1000 + ms;
}

/** A value's ISO datetime as epoch ms; NaN for non-strings and text that is not ISO 8601. */
export function readDatetime(value: unknown): number {
  return typeof value === 'string' ? parseIsoDatetime(value) : Number.NaN;
}
