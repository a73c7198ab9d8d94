/** Small formatters shared by the views: simulated time, sizes, bandwidths, percentages. */

/** Simulated seconds as "d hh:mm:ss" (days only when > 0), e.g. 21719.2 → "06:01:59". */
export function clock(s: number): string {
  const whole = Math.max(0, Math.floor(s));
  const d = Math.floor(whole / 86400);
  const h = Math.floor((whole % 86400) / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const sec = whole % 60;
  const p = (n: number): string => String(n).padStart(2, "0");
  return `${d > 0 ? `${d}d ` : ""}${p(h)}:${p(m)}:${p(sec)}`;
}

/** A duration, short: 0.2 s → "200ms", 90 → "1.5min", 7200 → "2h". */
export function span(s: number): string {
  if (s < 1) return `${+(s * 1000).toFixed(1)}ms`;
  if (s < 60) return `${+s.toFixed(2)}s`;
  if (s < 3600) return `${+(s / 60).toFixed(1)}min`;
  if (s < 86400) return `${+(s / 3600).toFixed(2)}h`;
  return `${+(s / 86400).toFixed(2)}d`;
}

export function bytes(n: number): string {
  if (n < 1000) return `${n} B`;
  if (n < 1e6) return `${+(n / 1e3).toFixed(1)} KB`;
  if (n < 1e9) return `${+(n / 1e6).toFixed(1)} MB`;
  return `${+(n / 1e9).toFixed(2)} GB`;
}

export function bps(n: number): string {
  if (n >= 1e9) return `${+(n / 1e9).toFixed(2)} Gbps`;
  if (n >= 1e6) return `${+(n / 1e6).toFixed(2)} Mbps`;
  if (n >= 1e3) return `${+(n / 1e3).toFixed(1)} kbps`;
  return `${n} bps`;
}
