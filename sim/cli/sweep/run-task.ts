/**
 * One run of a sweep, as a pure function: (scenario text, seed, until) → record.
 *
 * This is the unit of work everywhere a sweep runs: inline, in a worker process
 * (pool-worker.mjs), or as a BullMQ job on another machine (queue.ts). Its input
 * is plain data, so it can be sent to a worker process or stored in Redis, and the result
 * depends on nothing else: the same job gives the same record, byte for byte,
 * except `wallMs`.
 */
import { createHash } from "node:crypto";
import { loadScenario } from "../../scenario/load";
import { run } from "../../observe/run";
import type { Summary } from "../../observe/summary";
import { runMetrics, type RunMetrics } from "./metrics";

export interface RunJob {
  /** Identity of the run: a hash of everything it depends on (text, file name, seed, until). */
  key: string;
  config: string;
  /** Replication index, 1-based: replication k uses the same seed in every configuration. */
  replication: number;
  seed: number | string;
  /** The configuration's scenario text, and the file name its messages name. */
  text: string;
  file: string;
  until?: number;
}

export interface RunRecord {
  key: string;
  config: string;
  replication: number;
  seed: number | string;
  fingerprint: string;
  simTime: number;
  events: number;
  wallMs: number;
  /** Bandwidth of every link of the scenario, bits/s (S13: no figure without the bandwidth). */
  bandwidths: Record<string, number>;
  metrics: RunMetrics;
  summary: Summary;
}

/** The identity of a run (hex): changes whenever anything the run depends on changes. */
export function runKey(text: string, file: string, seed: number | string, until: number | undefined): string {
  return createHash("sha256").update(JSON.stringify([text, file, seed, until ?? null])).digest("hex").slice(0, 16);
}

export function runJob(job: RunJob): RunRecord {
  const scenario = loadScenario(job.text, job.file);
  const { summary, timeseries } = run(scenario, { seed: job.seed, until: job.until, fingerprint: true });
  const fingerprint = summary.fingerprint;
  if (fingerprint === null) throw new Error("runJob: the run was not fingerprinted"); // cannot happen: asked for above
  const bandwidths: Record<string, number> = {};
  scenario.links.forEach((l, i) => (bandwidths[scenario.linkNames[i]] = l.bandwidth));
  return {
    key: job.key, config: job.config, replication: job.replication, seed: job.seed,
    fingerprint, simTime: summary.simTime, events: summary.events, wallMs: summary.wallMs,
    bandwidths, metrics: runMetrics(scenario, summary, timeseries), summary: { ...summary, messages: { ...summary.messages, lostIds: summary.messages.lostIds.slice(0, 20) } },
  };
}
