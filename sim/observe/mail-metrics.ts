/**
 * Mail metrics: queue lengths per MTA over time (active vs deferred, the picture of
 * S34: a queue that swells in an outage and drains after), per-MTA counts, DNS
 * resolver counters, and delivery latency (injection to mailbox) percentiles.
 */
import type { Simulation } from "../scenario/simulation";
import { Histogram, type TimeSeries } from "./metrics";

export interface MtaSummary {
  profile: string;
  accepted: number;
  delivered: number;
  relayed: number;
  deferred: number;
  bounced: number;
  notices: number;
  sessions: number;
  fallback: number;
  peakQueue: number;
  queuedAtEnd: number;
}

export interface ResolverSummary {
  lookups: number;
  cacheHits: number;
  queriesSent: number;
  timeouts: number;
  servfails: number;
}

export interface LatencySummary {
  count: number;
  mean: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

/** Queue gauges, three columns per MTA (active, deferred, retry backlog: Mta.queueLength), in scenario order. */
export function addQueueGauges(sim: Simulation, ts: TimeSeries): Map<string, () => number> {
  const peaks = new Map<string, () => number>();
  for (const [host, mta] of sim.mtas) {
    let peak = 0;
    ts.gauge(`queue.active:${host}`, () => mta.queueLength().active);
    ts.gauge(`queue.deferred:${host}`, () => {
      const q = mta.queueLength();
      peak = Math.max(peak, q.active + q.deferred);
      return q.deferred;
    });
    ts.gauge(`queue.backlog:${host}`, () => mta.queueLength().backlog);
    peaks.set(host, () => peak);
  }
  return peaks;
}

/** Delivery latency: from a message's submission to each recipient's final delivery. */
export function watchLatency(sim: Simulation): Histogram {
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
  sim.bus.subscribeTo(["mta.queued", "mta.delivered", "mta.bounced", "mta.discarded", "mta.expanded"], (e) => {
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

export function mtaSummaries(sim: Simulation, peaks: Map<string, () => number>): Record<string, MtaSummary> {
  const out: Record<string, MtaSummary> = {};
  for (const [host, mta] of sim.mtas) {
    const q = mta.queueLength();
    out[host] = { profile: mta.cfg.profile.name, ...mta.stats, peakQueue: Math.max(peaks.get(host)?.() ?? 0, q.active + q.deferred), queuedAtEnd: q.active + q.deferred };
  }
  return out;
}

export function resolverSummaries(sim: Simulation): Record<string, ResolverSummary> {
  const out: Record<string, ResolverSummary> = {};
  for (const [host, r] of sim.dns.resolvers) out[host] = { ...r.counters };
  return out;
}
