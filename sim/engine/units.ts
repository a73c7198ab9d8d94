/**
 * Units, parsed once at the edge (scenario loading, CLI flags) into SI numbers:
 * seconds, bits per second, bytes. Inside `sim/` every quantity is a plain number
 * in those units, so no model ever sees a string like "1.5Mbps".
 *
 * Sizes are decimal (1 KB = 1000 bytes, as network people and the tutorial's
 * "1.5 Mbps" use them); binary multiples are spelled KiB, MiB, GiB.
 */

/** A value that could not be read as the expected unit; the message says what was expected. */
export class UnitError extends Error {
  constructor(
    readonly value: unknown,
    readonly expected: string,
  ) {
    super(`cannot read ${JSON.stringify(value)} (expected ${expected})`);
    this.name = "UnitError";
  }
}

type UnitTable = Readonly<Record<string, number>>;

const DURATION_UNITS: UnitTable = { ms: 1e-3, s: 1, m: 60, min: 60, h: 3600, d: 86400, w: 604800 };
const BANDWIDTH_UNITS: UnitTable = { bps: 1, kbps: 1e3, Kbps: 1e3, Mbps: 1e6, Gbps: 1e9, Tbps: 1e12 };
const SIZE_UNITS: UnitTable = {
  B: 1, KB: 1e3, kB: 1e3, MB: 1e6, GB: 1e9,
  KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3,
};

const QUANTITY = /^\s*([0-9]+(?:\.[0-9]*)?(?:[eE][+-]?[0-9]+)?|\.[0-9]+)\s*([A-Za-z]*)\s*$/;

function parseQuantity(value: unknown, units: UnitTable, bareUnit: number | null, expected: string): number {
  if (typeof value === "number") {
    if (bareUnit !== null && Number.isFinite(value) && value >= 0) return value * bareUnit;
    throw new UnitError(value, expected);
  }
  if (typeof value !== "string") throw new UnitError(value, expected);
  const m = QUANTITY.exec(value);
  if (m === null) throw new UnitError(value, expected);
  const unit = m[2];
  const factor = unit === "" ? bareUnit : units[unit];
  if (factor === undefined || factor === null) throw new UnitError(value, expected);
  // `1e400s` reads as Infinity in JavaScript: no model can run on it.
  const q = Number(m[1]) * factor;
  if (!Number.isFinite(q)) throw new UnitError(value, `${expected} (a finite number)`);
  return q;
}

/** Seconds from `300s`, `30m`, `4h`, `5d`, `1.5h`, `250ms`, or a bare number of seconds. */
export function parseDuration(value: unknown): number {
  return parseQuantity(value, DURATION_UNITS, 1, "a duration like 250ms, 300s, 30m, 4h, 5d");
}

/** Bits per second from `64kbps`, `1.5Mbps`, `10Gbps`. A bare number is rejected: say the unit. */
export function parseBandwidth(value: unknown): number {
  const bps = parseQuantity(value, BANDWIDTH_UNITS, null, "a bandwidth like 64kbps, 1.5Mbps, 10Gbps");
  if (bps <= 0) throw new UnitError(value, "a bandwidth greater than zero");
  return bps;
}

/** Bytes from `512B`, `10KB`, `2MB`, `1GiB`, or a bare number of bytes. */
export function parseSize(value: unknown): number {
  return parseQuantity(value, SIZE_UNITS, 1, "a size like 512B, 10KB, 2MB, 1GiB");
}

/** Human-readable forms, for summaries and explanations. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return String(seconds);
  if (seconds < 1) return `${+(seconds * 1000).toFixed(3)}ms`;
  if (seconds < 120) return `${+seconds.toFixed(3)}s`;
  if (seconds < 7200) return `${+(seconds / 60).toFixed(2)}m`;
  if (seconds < 172800) return `${+(seconds / 3600).toFixed(2)}h`;
  return `${+(seconds / 86400).toFixed(2)}d`;
}

export function formatBandwidth(bps: number): string {
  if (bps >= 1e9) return `${+(bps / 1e9).toFixed(3)}Gbps`;
  if (bps >= 1e6) return `${+(bps / 1e6).toFixed(3)}Mbps`;
  if (bps >= 1e3) return `${+(bps / 1e3).toFixed(3)}kbps`;
  return `${+bps.toFixed(3)}bps`;
}

export function formatSize(bytes: number): string {
  if (bytes >= 1e9) return `${+(bytes / 1e9).toFixed(2)}GB`;
  if (bytes >= 1e6) return `${+(bytes / 1e6).toFixed(2)}MB`;
  if (bytes >= 1e3) return `${+(bytes / 1e3).toFixed(2)}KB`;
  return `${Math.round(bytes)}B`;
}
