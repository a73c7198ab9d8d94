/**
 * The summary of a run: the one JSON object `mxsim run --json` prints and
 * `--out DIR` writes as summary.json. Its `messages` section is the ledger's
 * balance: every message that entered is counted in exactly one fate, and `lost`
 * must be zero.
 */
import type { Balance } from "../engine";
import type { LinkGauge } from "./gauges";
import type { LatencySummary, MtaSummary, ResolverSummary } from "./mail-metrics";

export interface MessageCounts {
  injected: number;
  delivered: number;
  bounced: number;
  discarded: number;
  rejected: number;
  /** Copies addressed to an alias or mailing list, ended by expansion (each member's copy entered anew). */
  expanded: number;
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
  /** Bytes carried, both directions. */
  bytes: number;
  /** Mean utilisation over the run (0..1) of the busier direction: a line full one way is full. */
  meanUtilisation: number;
  /** Bytes and mean utilisation per direction, named `a->b` and `b->a` after the link's ends. */
  directions: Record<string, { bytes: number; meanUtilisation: number }>;
}

export interface Summary {
  scenario: string;
  file: string;
  seed: number | string;
  simTime: number;
  events: number;
  traceEvents: number;
  wallMs: number;
  /** Hash of every trace event (fingerprint.ts), 16 hex digits; null when the run was asked not to compute it. */
  fingerprint: string | null;
  messages: MessageCounts;
  links: Record<string, LinkSummary>;
  /** Per MTA host: counts, peak and final queue (mail-metrics.ts). */
  mtas: Record<string, MtaSummary>;
  /** Per caching resolver: lookups, cache hits, queries sent, timeouts. */
  resolvers: Record<string, ResolverSummary>;
  /** Delivery latency, submission to mailbox, over every delivered recipient (seconds). */
  latency: LatencySummary;
}

export function messageCounts(b: Balance): MessageCounts {
  const queued = Object.values(b.held).reduce((a, n) => a + n, 0);
  const known = new Set(["delivered", "bounced", "discarded", "rejected", "expanded", "failed"]);
  const other = Object.keys(b.settled).filter((k) => !known.has(k));
  if (other.length > 0) throw new Error(`summary: unknown message fate(s) ${other.join(", ")}`);
  return {
    injected: b.entered,
    delivered: b.settled.delivered ?? 0,
    bounced: b.settled.bounced ?? 0,
    discarded: b.settled.discarded ?? 0,
    rejected: b.settled.rejected ?? 0,
    expanded: b.settled.expanded ?? 0,
    failed: b.settled.failed ?? 0,
    queued,
    queuedAt: b.held,
    lost: b.lost,
    lostIds: b.lostIds,
  };
}

/** Per link, what its gauge (gauges.ts) reads at time t. */
export function linkSummaries(links: readonly LinkGauge[], t: number): Record<string, LinkSummary> {
  const out: Record<string, LinkSummary> = {};
  for (const g of links) {
    const l = g.link;
    const st = g.read();
    const [ab, ba] = st.directions;
    const u = (busy: number): number => (t > 0 ? busy / t : 0);
    out[l.name] = {
      bandwidthBps: l.bandwidth,
      latencyS: l.latency,
      bytes: st.bytes,
      meanUtilisation: Math.max(u(ab.busyIntegral), u(ba.busyIntegral)),
      directions: {
        [`${l.a}->${l.b}`]: { bytes: ab.bytes, meanUtilisation: u(ab.busyIntegral) },
        [`${l.b}->${l.a}`]: { bytes: ba.bytes, meanUtilisation: u(ba.busyIntegral) },
      },
    };
  }
  return out;
}
