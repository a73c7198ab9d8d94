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
 * Per MTA, two series: everything it has queued (solid) and the deferred part of it
 * (dashed, always at or under the solid line). A message flips between active and
 * deferred at every queue run, so drawing "active" and "deferred" as two lines
 * gives a comb; their sum is smooth, and an outage's backlog reads as one swelling
 * and draining curve (S34), with the dashed line showing how much of it waits for
 * its next retry. MTAs whose queue stays empty are left out when there are many.
 */
export function queueSeries(rows: readonly SampleRow[], mtas: readonly string[]): Series[] {
  const out: Series[] = [];
  mtas.forEach((m, i) => {
    const total = rows.map((r) => ({ t: r.t, v: (r.queues[i]?.[0] ?? 0) + (r.queues[i]?.[1] ?? 0) }));
    const deferred = rows.map((r) => ({ t: r.t, v: r.queues[i]?.[1] ?? 0 }));
    if (total.some((p) => p.v > 0) || mtas.length <= 8) {
      out.push({ name: m, dashed: false, points: total }, { name: m, dashed: true, points: deferred });
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
