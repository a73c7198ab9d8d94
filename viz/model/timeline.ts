/**
 * The timeline and speed control's arithmetic: a log-scale speed slider (simulated
 * seconds per wall second) and fault markers as fractions of the run.
 */
import type { FaultInfo } from "../protocol";

export const SPEED_MIN = 1;
export const SPEED_MAX = 20000;

/** Slider position 0..1000 → speed, log scale from SPEED_MIN to SPEED_MAX. */
export function speedOf(pos: number): number {
  const f = Math.min(1000, Math.max(0, pos)) / 1000;
  const v = SPEED_MIN * Math.pow(SPEED_MAX / SPEED_MIN, f);
  return v < 10 ? Math.round(v * 10) / 10 : Math.round(v);
}

export function posOf(speed: number): number {
  return Math.round((1000 * Math.log(Math.max(SPEED_MIN, speed) / SPEED_MIN)) / Math.log(SPEED_MAX / SPEED_MIN));
}

export interface Marker {
  left: number;
  width: number;
  label: string;
}

/** Fault markers as percentages of the duration (a fault with `for` spans its time). */
export function markers(faults: readonly FaultInfo[], duration: number): Marker[] {
  if (!(duration > 0)) return [];
  return faults
    .filter((f) => f.at <= duration)
    .map((f) => ({
      left: (100 * f.at) / duration,
      width: f.until !== undefined ? (100 * (Math.min(f.until, duration) - f.at)) / duration : 0,
      label: f.label,
    }));
}
