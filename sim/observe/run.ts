/**
 * Running a simulation with its standard observers attached: the fingerprint, the
 * metrics time series, and the summary. The fingerprint can be left out: as in
 * OMNeT++, where it is computed only when a run asks for it, it is a regression
 * instrument, and on a large run it costs as much as the models (a day at an ISP:
 * sixty million events, about a microsecond each). The kernel runs in slices of `sampleEvery`
 * simulated seconds and the gauges are read between slices, so sampling adds no
 * events to the run and cannot change what happens.
 */
import type { RunLimits, TraceListener } from "../engine";
import { buildSimulation, type Simulation } from "../scenario/simulation";
import type { Scenario } from "../scenario/load";
import { fingerprintBus } from "./fingerprint";
import { addQueueGauges, latencySummary, mtaSummaries, resolverSummaries, watchLatency } from "./mail-metrics";
import { TimeSeries } from "./metrics";
import { linkSummaries, messageCounts, type Summary } from "./summary";

export interface RunOptions {
  seed?: number | string;
  /** Simulated time to stop at (default: the scenario's duration). */
  until?: number;
  /** Interval of the time series (default: the scenario's sampleEvery, else duration / 200). */
  sampleEvery?: number;
  /** Extra trace listener (event log, JSONL export). */
  trace?: TraceListener;
  maxEvents?: number;
  maxWallMs?: number;
  /** Called after each slice with the simulated time reached (progress bars). */
  progress?: (t: number, until: number) => void;
  /** Wall clock in ms for the summary's wallMs (never used by the models). */
  wallClock?: () => number;
  /** Hash every trace event into the summary's fingerprint (default true; false: fingerprint null). */
  fingerprint?: boolean;
}

export interface RunOutput {
  sim: Simulation;
  summary: Summary;
  timeseries: TimeSeries;
}

export function run(scenario: Scenario, opts: RunOptions = {}): RunOutput {
  return runSimulation(buildSimulation(scenario, { seed: opts.seed }), opts);
}

export function runSimulation(sim: Simulation, opts: RunOptions = {}): RunOutput {
  const clock = opts.wallClock ?? (() => globalThis.performance.now());
  const wall0 = clock();
  const until = opts.until ?? sim.duration;
  const every = opts.sampleEvery ?? sim.scenario.sampleEvery ?? Math.max(until / 200, 1e-3);
  if (opts.trace) sim.bus.subscribe(opts.trace);
  const fp = opts.fingerprint === false ? undefined : fingerprintBus(sim.bus);
  const emitted0 = sim.bus.emitted;
  const ts = linkSeries(sim);
  const peaks = addQueueGauges(sim, ts);
  const latency = watchLatency(sim);

  const limits: RunLimits = { maxEvents: opts.maxEvents, maxWallMs: opts.maxWallMs };
  ts.sample(0);
  let events = 0;
  for (let i = 1; sim.kernel.now < until; i++) {
    const t = Math.min(i * every, until);
    events += sim.kernel.run({ ...limits, until: t }).events;
    ts.sample(t);
    opts.progress?.(t, until);
  }
  const summary: Summary = {
    scenario: sim.scenario.name,
    file: sim.scenario.file,
    seed: sim.seed,
    simTime: sim.kernel.now,
    events,
    traceEvents: sim.bus.emitted - emitted0,
    wallMs: Math.round(clock() - wall0),
    fingerprint: fp === undefined ? null : fp.hex(),
    messages: messageCounts(sim.ledger.balance()),
    links: linkSummaries(sim),
    mtas: mtaSummaries(sim, peaks),
    resolvers: resolverSummaries(sim),
    latency: latencySummary(latency),
  };
  return { sim, summary, timeseries: ts };
}

/**
 * Per-link utilisation per interval, of the busier direction: the increase of
 * ∫utilisation dt over the interval, divided by its length.
 */
function linkSeries(sim: Simulation): TimeSeries {
  const ts = new TimeSeries();
  for (const l of sim.net.links) {
    let lastT = 0;
    let last = [0, 0];
    ts.gauge(`util:${l.name}`, () => {
      const now = sim.kernel.now;
      const d = sim.net.linkStats(l.name).directions;
      const dt = now - lastT;
      const u = dt > 0 ? Math.max(d[0].busyIntegral - last[0], d[1].busyIntegral - last[1]) / dt : 0;
      lastT = now;
      last = [d[0].busyIntegral, d[1].busyIntegral];
      return u;
    });
  }
  return ts;
}
