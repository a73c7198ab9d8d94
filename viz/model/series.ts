/**
 * Chart series from the sampled rows (protocol.ts SampleRow): queue length per MTA,
 * link utilisation per link, and the total queue of a run (the compare view overlays
 * two runs' totals).
 */
import type { SampleRow } from "../protocol";

export interface Series {
  name: string;
  dashed: boolean;
  points: { t: number; v: number }[];
}

/**
 * Per MTA, two series: everything it has queued (solid) and its retry backlog
 * (dashed, always at or under the solid line): the mail that has failed at least
 * once, waiting for its next retry or in one. A message flips between active and
 * deferred at every queue run, so drawing "active" and "deferred" as lines gives a
 * comb (the deferred count drops to zero at each run); the total and the backlog
 * are smooth, and an outage reads as one swelling and draining curve (S34), the gap
 * between the lines being fresh mail on its first try. MTAs whose queue stays
 * empty are left out when there are many.
 */
export function queueSeries(rows: readonly SampleRow[], mtas: readonly string[]): Series[] {
  const out: Series[] = [];
  mtas.forEach((m, i) => {
    const total = rows.map((r) => ({ t: r.t, v: (r.queues[i]?.[0] ?? 0) + (r.queues[i]?.[1] ?? 0) }));
    const backlog = rows.map((r) => ({ t: r.t, v: r.queues[i]?.[2] ?? 0 }));
    if (total.some((p) => p.v > 0) || mtas.length <= 8) {
      out.push({ name: m, dashed: false, points: total }, { name: m, dashed: true, points: backlog });
    }
  });
  return out;
}

/** Links that carried anything, busiest first (at most `max`). */
export function utilSeries(rows: readonly SampleRow[], links: readonly string[], max = 6): Series[] {
  const peak = links.map((_, i) => Math.max(0, ...rows.map((r) => r.util[i] ?? 0)));
  return links
    .map((name, i) => ({ name, i, peak: peak[i] }))
    .filter((l) => l.peak > 0.001)
    .sort((a, b) => b.peak - a.peak)
    .slice(0, max)
    .map((l) => ({ name: l.name, dashed: false, points: rows.map((r) => ({ t: r.t, v: r.util[l.i] ?? 0 })) }));
}

export function totalQueue(rows: readonly SampleRow[]): { t: number; v: number }[] {
  return rows.map((r) => ({ t: r.t, v: r.queues.reduce((s, q) => s + q[0] + q[1], 0) }));
}
