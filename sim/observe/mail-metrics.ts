/**
 * Mail metrics: queue lengths per MTA over time (active vs deferred, the picture of
 * S34: a queue that swells in an outage and drains after), per-MTA counts, DNS
 * resolver counters, and delivery latency (injection to mailbox) percentiles.
 */
import type { Gauge, TraceBus } from "../engine";
import type { ResolverCounters } from "../dns";
import type { MtaCounts, MtaGauge } from "../mta";
import { Histogram, type TimeSeries } from "./metrics";

/** An MTA's profile and counts (mta/gauge.ts), its peak queue at the samples and at the end, and its queue at the end. */
export interface MtaSummary extends MtaCounts {
  profile: string;
  peakQueue: number;
  queuedAtEnd: number;
}

export type ResolverSummary = ResolverCounters;

export interface LatencySummary {
  count: number;
  mean: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

/** Queue columns, three per MTA (active, deferred, retry backlog: mta/gauge.ts), in scenario order; the peak of each MTA's queue at the samples. */
export function addQueueGauges(mtas: readonly MtaGauge[], ts: TimeSeries): Map<string, () => number> {
  const peaks = new Map<string, () => number>();
  for (const g of mtas) {
    let peak = 0;
    ts.gauge(`queue.active:${g.subject}`, () => g.read().queue.active);
    ts.gauge(`queue.deferred:${g.subject}`, () => {
      const q = g.read().queue;
      peak = Math.max(peak, q.active + q.deferred);
      return q.deferred;
    });
    ts.gauge(`queue.backlog:${g.subject}`, () => g.read().queue.backlog);
    peaks.set(g.subject, () => peak);
  }
  return peaks;
}

/** Delivery latency: from a message's submission to each recipient's final delivery. */
export function watchLatency(bus: TraceBus): Histogram {
  const h = new Histogram();
  // Messages in flight: when each was submitted and how many of its recipients are
  // not settled yet. An entry leaves when the last one is, so the table holds what
  // is in flight, not every message of the run (a growing table of a million
  // entries costs the garbage collector at every scavenge).
  const born = new Map<string, { readonly t: number; left: number }>();
  const settle = (message: string, n: number): void => {
    const b = born.get(message);
    if (b !== undefined && (b.left -= n) <= 0) born.delete(message);
  };
  bus.subscribeTo(["mta.queued", "mta.delivered", "mta.bounced", "mta.discarded", "mta.expanded"], (e) => {
    if (e.type === "mta.queued" && e.from === "") born.set(e.message, { t: e.t, left: e.rcpts.length });
    else if (e.type === "mta.delivered" && e.to.startsWith("mailbox:")) {
      const b = born.get(e.message);
      if (b !== undefined) for (let i = 0; i < e.rcpts.length; i++) h.add(e.t - b.t);
      settle(e.message, e.rcpts.length);
    } else if (e.type === "mta.bounced" || e.type === "mta.discarded") settle(e.message, e.rcpts.length);
    else if (e.type === "mta.expanded") settle(e.message, 1);
  });
  return h;
}

export function latencySummary(h: Histogram): LatencySummary {
  return { count: h.count, mean: h.mean(), p50: h.percentile(50), p90: h.percentile(90), p99: h.percentile(99), max: h.max() };
}

export function mtaSummaries(mtas: readonly MtaGauge[], peaks: Map<string, () => number>): Record<string, MtaSummary> {
  const out: Record<string, MtaSummary> = {};
  for (const g of mtas) {
    const { profile, queue: q, counts } = g.read();
    const queued = q.active + q.deferred;
    out[g.subject] = { profile, ...counts, peakQueue: Math.max(peaks.get(g.subject)?.() ?? 0, queued), queuedAtEnd: queued };
  }
  return out;
}

export function resolverSummaries(resolvers: readonly Gauge<ResolverCounters>[]): Record<string, ResolverSummary> {
  const out: Record<string, ResolverSummary> = {};
  for (const g of resolvers) out[g.subject] = g.read();
  return out;
}
