/**
 * Counters and the delivery-latency distribution, folded from trace events.
 *
 * delivered: recipients put into a mailbox; deferrals: deferral decisions; bounced:
 * recipients bounced; rejected: refusals at SMTP time (mta.refused); discarded:
 * recipients accepted with 250 and then dropped by policy (access db DISCARD: the
 * `mta.discarded` event, the ledger's discard); backscatter: bounce notices (DSNs) generated — each is a new
 * message sent to an envelope sender, forged or not (S23, S30).
 */
import type { TraceEvent } from "../../sim/index";

export interface Counters {
  delivered: number;
  deferred: number;
  bounced: number;
  rejected: number;
  discarded: number;
  backscatter: number;
  fallback: number;
}

export function emptyCounters(): Counters {
  return { delivered: 0, deferred: 0, bounced: 0, rejected: 0, discarded: 0, backscatter: 0, fallback: 0 };
}

/** Latency tracking: submission time per message, and the latencies seen so far (seconds). */
export interface Latency {
  born: Map<string, number>;
  samples: number[];
}

export function emptyLatency(): Latency {
  return { born: new Map(), samples: [] };
}

export function countEvent(c: Counters, lat: Latency, e: TraceEvent): void {
  switch (e.type) {
    case "mta.queued":
      if (e.from === "") lat.born.set(e.message, e.t);
      break;
    case "mta.delivered":
      if (e.to.startsWith("mailbox:")) {
        c.delivered += e.rcpts.length;
        const b = lat.born.get(e.message);
        if (b !== undefined) for (let i = 0; i < e.rcpts.length; i++) lat.samples.push(e.t - b);
      }
      break;
    case "mta.deferred": c.deferred++; break;
    case "mta.bounced":
      c.bounced += e.rcpts.length;
      if (e.notice !== "") c.backscatter++;
      break;
    case "mta.refused": c.rejected++; break;
    case "mta.discarded": c.discarded += e.rcpts.length; break;
    case "mta.fallback": c.fallback++; break;
    default: break;
  }
}

/** The empirical CDF of `samples`: points (x = latency, y = fraction ≤ x), at most `max` of them. */
export function cdf(samples: readonly number[], max = 200): { x: number; y: number }[] {
  if (samples.length === 0) return [];
  const s = [...samples].sort((a, b) => a - b);
  const n = s.length;
  const stepN = Math.max(1, Math.floor(n / max));
  const out: { x: number; y: number }[] = [];
  for (let i = 0; i < n; i += stepN) out.push({ x: s[i], y: (i + 1) / n });
  if (out[out.length - 1].y < 1) out.push({ x: s[n - 1], y: 1 });
  return out;
}
