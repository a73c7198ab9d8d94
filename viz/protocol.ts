/**
 * The messages between the page and the simulation worker (worker.ts).
 *
 * The page never runs the simulation itself: it asks the worker to load a scenario,
 * to advance simulated time, to step, or to replay from t = 0 to a chosen time
 * (deterministic replay: same scenario + seed = same trace, so re-running is the
 * scrubbing mechanism), and it folds the batches of trace events it gets back into
 * its view-models (viz/model). Everything here is structured-clone friendly data.
 */
import type { InspectedMessage, Summary, TraceEvent } from "../sim/index";
import type { MessageTrace } from "./model/message-trace";

/** What a run is loaded with: the YAML text and the settings a comparison varies. */
export interface LoadRequest {
  yaml: string;
  file: string;
  seed?: number | string;
  /** Override every MTA's retry law (compare: postfix vs qmail…); "" keeps the profiles'. */
  retryLaw?: string;
  /**
   * Hash this session's trace, so that its final summary carries the fingerprint as `mxsim run`'s does.
   * The page leaves it off: nobody there reads it, and hashing every event costs the worker ~15 %
   * (the default scenario: 7.0 s against 6.0 s as `mxsim run`, with and without --no-fingerprint).
   */
  fingerprint?: boolean;
}

export type ToWorker =
  | ({ kind: "load" } & LoadRequest)
  /** Run until simulated time `until` (clamped to the duration). */
  | { kind: "advance"; until: number }
  /** Fire events until one is a decision (`decision`) or exactly one trace event is produced (`event`). */
  | { kind: "step"; mode: "event" | "decision" }
  /** Rebuild the simulation and replay it from 0 to `t` (backwards scrubbing). */
  | { kind: "seek"; t: number }
  /** Run a fresh copy of the loaded scenario to its end, as `mxsim run` does, and report the summary. */
  | { kind: "fingerprint" }
  | { kind: "inspectMessage"; id: string }
  | { kind: "inspectDns"; msg: number };

export interface HostInfo {
  name: string;
  role: string;
  region: "outside" | "inside" | "";
  addrs: string[];
  /** True for the root/TLD servers the scenario loader synthesised. */
  synthetic: boolean;
  mta: boolean;
}

export interface LinkInfo {
  name: string;
  a: string;
  b: string;
  bandwidth: number;
  latency: number;
}

export interface FaultInfo {
  at: number;
  until?: number;
  label: string;
}

export interface Topology {
  hosts: HostInfo[];
  links: LinkInfo[];
}

export interface Loaded {
  kind: "loaded";
  name: string;
  description: { en: string; ja: string };
  learningGoal: { en: string; ja: string } | null;
  duration: number;
  sampleEvery: number;
  seed: number | string;
  topology: Topology;
  faults: FaultInfo[];
  mtas: string[];
  /** The drawing role of each host (model/roles.ts: gateway, 2nd-mx, fallback…). */
  drawRoles: Record<string, string>;
}

/** One MTA's queue: [active, deferred, retry backlog] (the backlog: entries that failed at least once; Mta.queueLength). */
export type QueueCounts = [active: number, deferred: number, backlog: number];

/** Metrics read between slices at the sampling grid: one row per grid time crossed. */
export interface SampleRow {
  t: number;
  /** Per MTA in `Loaded.mtas` order. */
  queues: QueueCounts[];
  /** Per link in topology order: utilisation of the busier direction over the interval. */
  util: number[];
}

export interface Batch {
  kind: "batch";
  /** Simulated time reached. */
  t: number;
  /** True when this batch restarts the run from 0 (after a seek or load): drop old state first. */
  reset: boolean;
  events: TraceEvent[];
  samples: SampleRow[];
  /** Per link, utilisation over this slice (for colouring the map now). */
  utilNow: number[];
  /** Per MTA now. */
  queuesNow: QueueCounts[];
  /** True once the run has reached its end. */
  done: boolean;
  /** Once done: the run's summary, as `mxsim run --json` gives it for the same scenario and seed (fingerprint null unless the load asked for it). */
  summary?: Summary;
}

export interface ProblemInfo {
  line: number;
  col: number;
  path: string;
  message: string;
  text: string;
}

export interface MessageCopy {
  id: string;
  mailFrom: string;
  rcptTo: string[];
  header: { name: string; value: string }[];
  /** Where this final copy was delivered (host, mailbox). */
  at: string;
}

export type FromWorker =
  | Loaded
  | Batch
  | { kind: "invalid"; problems: ProblemInfo[] }
  | { kind: "failed"; error: string }
  | { kind: "fingerprint"; summary: Summary }
  /** A message's story (model/message-trace.ts, from every event the worker kept) and its final copies. */
  | { kind: "message"; id: string; copies: MessageCopy[]; trace: MessageTrace }
  | { kind: "dns"; msg: number; query: InspectedMessage | null; response: InspectedMessage | null };

