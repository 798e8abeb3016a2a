const UNITS = ['KiB', 'MiB', 'GiB', 'TiB'] as const;

/**
 * A byte count for people: "512 bytes", "9.8 KiB", "10 MiB". Binary units, because limits are
 * set in them (MEDIA_MAX_BYTES defaults to 10 × 1024 × 1024); one decimal below 10 so a small
 * limit never reads as 0, whole numbers above.
 */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 1024) return `${bytes} ${bytes === 1 ? 'byte' : 'bytes'}`;
  let value = bytes / 1024;
  let unit = 0;
  while (round(value) >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${round(value)} ${UNITS[unit]}`;
}

/** The exact count with its readable form: "10000 bytes (9.8 KiB)"; just "512 bytes" when that says it all. */
export function describeBytes(bytes: number): string {
  return bytes < 1024 ? formatBytes(bytes) : `${bytes} bytes (${formatBytes(bytes)})`;
}

function round(value: number): number {
  return value < 10 ? Math.round(value * 10) / 10 : Math.round(value);
}
