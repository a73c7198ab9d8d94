/**
 * Diurnal profiles: how the rate of new mail changes over the day. A profile is
 * 24 relative weights, one per hour of simulated time (hour 0 = midnight at
 * t = 0, repeating every 24 h); a workload's `rate` is its *daily mean*, and the
 * rate in hour h is rate × w[h] / mean(w).
 *
 * The named shapes are illustrative, not measured: office mail peaks in working
 * hours with a lunch dip; residential mail peaks in the evening; mobile mail
 * (S35) is spread over the waking day with commuting and evening peaks. Give 24
 * numbers to use a measured profile instead.
 */
export const DIURNAL_PROFILES = {
  flat: Array<number>(24).fill(1),
  office: [0.1, 0.1, 0.1, 0.1, 0.1, 0.2, 0.4, 0.8, 1.6, 2.4, 2.6, 2.4, 1.6, 2.2, 2.6, 2.4, 2.2, 1.8, 1.1, 0.7, 0.5, 0.4, 0.3, 0.2],
  residential: [0.6, 0.3, 0.2, 0.1, 0.1, 0.2, 0.4, 0.8, 0.9, 0.8, 0.8, 0.9, 1.0, 0.9, 0.9, 0.9, 1.0, 1.2, 1.5, 1.9, 2.2, 2.3, 2.0, 1.2],
  mobile: [0.5, 0.2, 0.1, 0.1, 0.1, 0.2, 0.6, 1.4, 1.6, 1.0, 0.9, 1.0, 1.5, 1.1, 1.0, 1.0, 1.1, 1.4, 1.6, 1.5, 1.6, 1.7, 1.5, 1.0],
} as const satisfies Record<string, readonly number[]>;

export type DiurnalName = keyof typeof DIURNAL_PROFILES;

/** Multipliers (mean 1) for each hour of the day. */
export function diurnalMultipliers(profile: DiurnalName | readonly number[]): number[] {
  const w = typeof profile === "string" ? DIURNAL_PROFILES[profile] : profile;
  if (w.length !== 24 || w.some((x) => !(x >= 0))) throw new Error("a diurnal profile is 24 non-negative weights");
  const mean = w.reduce((a, b) => a + b, 0) / 24;
  if (mean === 0) throw new Error("a diurnal profile needs some positive weight");
  return w.map((x) => x / mean);
}
