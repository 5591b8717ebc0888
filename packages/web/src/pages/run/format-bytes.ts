const UNITS = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];

/** A size as people read it: "812 bytes", "1.5 KiB", "24 MiB"; '—' when unknown. */
export function formatBytes(bytes: number | undefined): string {
  if (bytes === undefined || !Number.isFinite(bytes) || bytes < 0) return '—';
  if (bytes === 1) return '1 byte';
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = unit === 0 || value >= 100 ? 0 : value >= 10 ? 1 : 2;
  return `${Number(value.toFixed(digits)).toString()} ${UNITS[unit] ?? ''}`;
}
