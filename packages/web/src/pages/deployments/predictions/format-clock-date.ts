const FORMAT = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

/** A prediction's time to the second, with its date: requests a second apart stay apart. */
export function formatClockDate(ms: number): string {
  return FORMAT.format(new Date(ms));
}
