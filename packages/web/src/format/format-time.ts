const FORMAT = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** A timestamp in milliseconds as the user's locale writes it; '—' when there is none. */
export function formatTime(ms: number | undefined): string {
  return ms === undefined ? '—' : FORMAT.format(new Date(ms));
}

/** The same instant in ISO 8601, for `<time dateTime>`. */
export function isoTime(ms: number | undefined): string | undefined {
  return ms === undefined ? undefined : new Date(ms).toISOString();
}
