/**
 * The metrics of one run, as a sweep reports them: a flat map from column name to
 * a number (or null when the run has no such value, e.g. no delivery at all, or a
 * backlog that never drained). All of them come from the run's {@link Summary} and
 * its time series; none needs a model to keep statistics.
 *
 * | column | meaning |
 * | --- | --- |
 * | `delivered`, `bounced` | recipients delivered / bounced (summary.messages) |
 * | `backscatter` | DSNs the MTAs sent (bounces and delay warnings, Σ mtas[*].notices); with forged senders these land on innocent third parties (S23) |
 * | `latencyP50` … `latencyMax` | delivery latency, submission to mailbox, seconds (nearest-rank percentiles) |
 * | `drainTime` | seconds from the end of the last fault until the backlog is gone (see {@link drainTime}) |
 * | `peakQueue[h]` | most messages queued at MTA host h at any moment |
 * | `linkUtilPeak[l]` | highest utilisation of link l (busier direction) over one sampling interval (sampleEvery) |
 * | `linkUtilMean[l]` | mean utilisation of link l (busier direction) over the run |
 * | `dnsQueries` | queries the caching resolvers sent to authoritative servers (what crosses the lines) |
 * | `smtpSessions` | SMTP sessions opened by all MTAs (Σ mtas[*].sessions) |
 * | `attemptsPerMessage` | recipient delivery attempts, summed over every MTA (delivered to a mailbox, relayed, deferred or bounced), per injected message: a message crossing 2 MTAs without trouble counts 2; every deferral adds 1 |
 */
import type { Summary } from "../../observe/summary";
import type { TimeSeries } from "../../observe/metrics";
import type { Scenario } from "../../scenario/load";

export const METRIC_FAMILIES = [
  "delivered", "bounced", "backscatter", "latencyP50", "latencyP90", "latencyP99", "latencyMax", "drainTime",
  "peakQueue", "linkUtilPeak", "linkUtilMean", "dnsQueries", "smtpSessions", "attemptsPerMessage",
] as const;
export type MetricFamily = (typeof METRIC_FAMILIES)[number];

/** Families with one column per host or link: `peakQueue[gateway]`. */
export const PER_HOST: readonly MetricFamily[] = ["peakQueue"];
export const PER_LINK: readonly MetricFamily[] = ["linkUtilPeak", "linkUtilMean"];

export type RunMetrics = Record<string, number | null>;

/** Human label and unit of a column (for tables and charts). */
export function describeColumn(column: string): { family: MetricFamily; label: string; unit: string; subject?: string } {
  const m = /^(\w+)(?:\[(.*)\])?$/.exec(column);
  const family = (m?.[1] ?? column) as MetricFamily;
  const subject = m?.[2];
  const table: Record<MetricFamily, [string, string]> = {
    delivered: ["recipients delivered", "recipients"],
    bounced: ["recipients bounced", "recipients"],
    backscatter: ["DSNs sent (backscatter)", "messages"],
    latencyP50: ["delivery latency, median", "s"],
    latencyP90: ["delivery latency, 90th percentile", "s"],
    latencyP99: ["delivery latency, 99th percentile", "s"],
    latencyMax: ["delivery latency, maximum", "s"],
    drainTime: ["time to drain the backlog after recovery", "s"],
    peakQueue: ["peak queue", "messages"],
    linkUtilPeak: ["peak link utilisation (per sampling interval)", "fraction"],
    linkUtilMean: ["mean link utilisation", "fraction"],
    dnsQueries: ["DNS queries to authoritative servers", "queries"],
    smtpSessions: ["SMTP sessions", "sessions"],
    attemptsPerMessage: ["delivery attempts per message", "attempts"],
  };
  const [label, unit] = table[family] ?? [column, ""];
  return { family, label: subject === undefined ? label : `${label}, ${subject}`, unit, subject };
}

const num = (x: number): number | null => (Number.isFinite(x) ? x : null);
const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);

/** Every metric column of a run: all MTA hosts, all of the scenario's own links. */
export function runMetrics(scenario: Scenario, summary: Summary, ts: TimeSeries): RunMetrics {
  const mtas = Object.values(summary.mtas);
  const out: RunMetrics = {
    delivered: summary.messages.delivered,
    bounced: summary.messages.bounced,
    backscatter: sum(mtas.map((m) => m.notices)),
    latencyP50: num(summary.latency.p50),
    latencyP90: num(summary.latency.p90),
    latencyP99: num(summary.latency.p99),
    latencyMax: num(summary.latency.max),
    drainTime: drainTime(scenario, ts),
    dnsQueries: sum(Object.values(summary.resolvers).map((r) => r.queriesSent)),
    smtpSessions: sum(mtas.map((m) => m.sessions)),
    attemptsPerMessage: summary.messages.injected > 0
      ? sum(mtas.map((m) => m.delivered + m.relayed + m.deferred + m.bounced)) / summary.messages.injected
      : null,
  };
  for (const [host, m] of Object.entries(summary.mtas)) out[`peakQueue[${host}]`] = m.peakQueue;
  for (const link of scenario.linkNames) {
    const series = ts.columns.includes(`util:${link}`) ? ts.column(`util:${link}`) : [];
    out[`linkUtilPeak[${link}]`] = series.length > 0 ? Math.max(...series) : null;
    out[`linkUtilMean[${link}]`] = summary.links[link]?.meanUtilisation ?? null;
  }
  return out;
}

/** Total messages queued at all MTAs at each sample (active + deferred). */
export function totalQueue(ts: TimeSeries): number[] {
  const cols = ts.columns.map((c, i) => (c.startsWith("queue.active:") || c.startsWith("queue.deferred:") ? i : -1)).filter((i) => i >= 0);
  return ts.rows.map((r) => cols.reduce((a, i) => a + r[i], 0));
}

/**
 * Time to drain the backlog after recovery, in seconds, or null.
 *
 * Let Q(t) be the total number of messages queued at all MTAs (active + deferred)
 * at the time-series samples (every `sampleEvery`). With the scenario's faults:
 *
 *  - the outage starts at t0 = the earliest fault's `at`;
 *  - recovery is t1 = the latest end of a fault, where a fault ends at `at + for`
 *    (or at `at` itself when it has no `for`: an `up`, or a bandwidth change);
 *  - the pre-fault level L is the largest Q(t) sampled in [t0 − 1 h, t0] (the
 *    normal queue under this traffic, not one lucky empty instant);
 *  - drainTime = t* − t1, where t* is the first sample time t ≥ t1 with Q(t) ≤ L.
 *
 * It is null when the scenario has no fault, or Q never returns to L before the run
 * ends (the backlog was not drained: report it as such rather than as a number).
 * Its resolution is the sampling interval.
 */
export function drainTime(scenario: Scenario, ts: TimeSeries): number | null {
  const faults = scenario.faults;
  if (faults.length === 0) return null;
  const t0 = Math.min(...faults.map((f) => f.at));
  const t1 = Math.max(...faults.map((f) => f.at + (f.for ?? 0)));
  const q = totalQueue(ts);
  let level = -Infinity;
  for (let i = 0; i < ts.times.length; i++) if (ts.times[i] >= t0 - 3600 && ts.times[i] <= t0) level = Math.max(level, q[i]);
  if (level === -Infinity) return null;
  for (let i = 0; i < ts.times.length; i++) if (ts.times[i] >= t1 && q[i] <= level) return ts.times[i] - t1;
  return null;
}
