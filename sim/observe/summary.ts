/**
 * The summary of a run: the one JSON object `mxsim run --json` prints and
 * `--out DIR` writes as summary.json. Its `messages` section is the ledger's
 * balance: every message that entered is counted in exactly one fate, and `lost`
 * must be zero.
 */
import type { Balance } from "../engine";
import type { Simulation } from "../scenario/simulation";

export interface MessageCounts {
  injected: number;
  delivered: number;
  bounced: number;
  discarded: number;
  rejected: number;
  /** Raw transfers broken by a fault (no mail protocol to retry them). */
  failed: number;
  /** Still held somewhere at the end, total and by place. */
  queued: number;
  queuedAt: Record<string, number>;
  lost: number;
  lostIds: string[];
}

export interface LinkSummary {
  bandwidthBps: number;
  latencyS: number;
  bytes: number;
  /** Mean utilisation over the run (0..1), the average of both directions. */
  meanUtilisation: number;
}

export interface Summary {
  scenario: string;
  file: string;
  seed: number | string;
  simTime: number;
  events: number;
  traceEvents: number;
  wallMs: number;
  fingerprint: string;
  messages: MessageCounts;
  links: Record<string, LinkSummary>;
}

export function messageCounts(b: Balance): MessageCounts {
  const queued = Object.values(b.held).reduce((a, n) => a + n, 0);
  const known = new Set(["delivered", "bounced", "discarded", "rejected", "failed"]);
  const other = Object.keys(b.settled).filter((k) => !known.has(k));
  if (other.length > 0) throw new Error(`summary: unknown message fate(s) ${other.join(", ")}`);
  return {
    injected: b.entered,
    delivered: b.settled.delivered ?? 0,
    bounced: b.settled.bounced ?? 0,
    discarded: b.settled.discarded ?? 0,
    rejected: b.settled.rejected ?? 0,
    failed: b.settled.failed ?? 0,
    queued,
    queuedAt: b.held,
    lost: b.lost,
    lostIds: b.lostIds,
  };
}

export function linkSummaries(sim: Simulation): Record<string, LinkSummary> {
  const out: Record<string, LinkSummary> = {};
  const t = sim.kernel.now;
  for (const l of sim.net.links) {
    const st = sim.net.linkStats(l.name);
    out[l.name] = {
      bandwidthBps: l.bandwidth,
      latencyS: l.latency,
      bytes: st.bytes,
      meanUtilisation: t > 0 ? st.busyIntegral / t : 0,
    };
  }
  return out;
}
