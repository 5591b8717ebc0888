const CLOCK = new Intl.DateTimeFormat(undefined, {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** A time of day to the second ("14:03:27"): the resolution of the live statistics. */
export function formatClock(ms: number): string {
  return CLOCK.format(new Date(ms));
}

const MINUTE = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });

/** A time of day to the minute ("14:03"), for axes ticked a minute apart or more. */
export function formatMinute(ms: number): string {
  return MINUTE.format(new Date(ms));
}
