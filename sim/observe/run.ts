/**
 * The runner: one simulation run with its standard observers attached (the
 * fingerprint, the metrics time series, the summary), advanced by whoever holds it.
 * `mxsim run`, the sweep's workers and the browser worker all run through it.
 *
 * It is SimPy's `Environment.run(until)` with the run's bookkeeping around it:
 *
 *   const r = new Run(buildSimulation(scenario), { sampleEvery: 60 });
 *   r.advance(3600);          // fire every event up to t = 1 h, then return
 *   r.advance(7200, 50);      // towards t = 2 h; false if it gave control back after ~50 ms of wall time first
 *   r.step();                 // fire the next event alone (the page's "step")
 *   const { summary } = r.runToEnd();
 *
 * As in SimPy, `advance(until)` fires every event at or before `until` and leaves
 * the clock there; calling it again resumes where it stopped, so a caller can
 * run in pieces of its own choosing — the CLI in one piece (`runToEnd`), the
 * browser worker a slice per request, yielding to its message loop between
 * slices so that a new request (another scenario, a replay) takes effect at once.
 * Where the pieces fall cannot change the run: the kernel fires the same events
 * in the same order whatever `until` it is given, and the links' sums are closed
 * at the samples only (Network.settleLinkStats), not wherever someone reads them.
 *
 * Sampling is the runner's, not the caller's. The time series is sampled at the
 * fixed grid t = i·sampleEvery (and at the end), each sample taken once every
 * event at or before its time has fired and none after, however the run was cut
 * into pieces; so a run played in the browser has the same samples — and since
 * peak queues are read from them, the same summary — as `mxsim run`. Sampling
 * reads gauges (engine/gauge.ts) and adds no events.
 *
 * The guards bound the whole run: `maxEvents` events and `maxWallMs` of wall time
 * in total, across every piece; a tripped guard throws RunawayError and leaves the
 * run consistent. The fingerprint can be left out: as in OMNeT++, where it is
 * computed only when a run asks for it, it is a regression instrument, and on a
 * large run it costs as much as the models (a day at an ISP: sixty million
 * events, about a microsecond each).
 */
import { RunawayError, type TraceListener } from "../engine";
import type { LinkStatsReading } from "../net";
import { buildSimulation, type Simulation } from "../scenario/simulation";
import type { Scenario } from "../scenario/load";
import { fingerprintBus, type Fingerprint } from "./fingerprint";
import { busierUtilisation, gaugesOf, type SimGauges } from "./gauges";
import { addQueueGauges, latencySummary, mtaSummaries, resolverSummaries, watchLatency } from "./mail-metrics";
import { Histogram, TimeSeries } from "./metrics";
import { linkSummaries, messageCounts, type Summary } from "./summary";

export interface RunOptions {
  seed?: number | string;
  /** Simulated time the run ends at (default: the scenario's duration). */
  until?: number;
  /** Interval of the time series (default: the scenario's sampleEvery, else a 200th of the run). */
  sampleEvery?: number;
  /** Extra trace listener (event log, JSONL export). */
  trace?: TraceListener;
  /** Events the whole run may fire before it stops with a RunawayError. */
  maxEvents?: number;
  /** Wall time (ms) the whole run may take before it stops with a RunawayError. */
  maxWallMs?: number;
  /** Called after each sample with the simulated time reached (progress bars). */
  progress?: (t: number, until: number) => void;
  /** Wall clock in ms for wallMs, the guards and the budgets (never used by the models). */
  wallClock?: () => number;
  /** Hash every trace event into the summary's fingerprint (default true; false: fingerprint null). */
  fingerprint?: boolean;
}

export interface RunOutput {
  sim: Simulation;
  summary: Summary;
  timeseries: TimeSeries;
}

/** The sampling interval of a run `until` seconds long: the scenario's, else a 200th of the run. */
export function defaultSampleEvery(scenario: Scenario, until: number): number {
  return scenario.sampleEvery ?? Math.max(until / 200, 1e-3);
}

export class Run {
  /** What observers may read of the models. */
  readonly gauges: SimGauges;
  readonly timeseries = new TimeSeries();
  /** Simulated time the run ends at. */
  readonly end: number;
  readonly sampleEvery: number;
  private readonly clock: () => number;
  private readonly wall0: number;
  private readonly fired0: number;
  private readonly emitted0: number;
  private readonly fp: Fingerprint | undefined;
  private readonly peaks: Map<string, () => number>;
  private readonly latency: Histogram;
  /** Index of the next grid sample; Infinity once the sample at the end is taken. */
  private next = 1;

  constructor(
    readonly sim: Simulation,
    private readonly opts: RunOptions = {},
  ) {
    this.clock = opts.wallClock ?? (() => globalThis.performance.now());
    this.wall0 = this.clock();
    this.end = opts.until ?? sim.duration;
    this.sampleEvery = opts.sampleEvery ?? defaultSampleEvery(sim.scenario, this.end);
    if (opts.trace) sim.bus.subscribe(opts.trace);
    this.fp = opts.fingerprint === false ? undefined : fingerprintBus(sim.bus);
    this.fired0 = sim.kernel.eventsFired;
    this.emitted0 = sim.bus.emitted;
    this.gauges = gaugesOf(sim);
    linkSeries(this.gauges.links, () => sim.kernel.now, this.timeseries);
    this.peaks = addQueueGauges(this.gauges.mtas, this.timeseries);
    this.latency = watchLatency(sim.bus);
    this.record(sim.kernel.now);
    if (this.end <= sim.kernel.now) this.next = Infinity;
  }

  /** Simulated time reached. */
  get now(): number {
    return this.sim.kernel.now;
  }

  /** Events fired so far. */
  get events(): number {
    return this.sim.kernel.eventsFired - this.fired0;
  }

  /** True once the run has reached its end and taken its last sample. */
  get done(): boolean {
    return this.next === Infinity;
  }

  /**
   * Fire every event up to `until` (clamped to the end), taking every sample due
   * on the way, then return true. With a wall-time `budgetMs`, return false as
   * soon as that much time has gone, at a sample or at `until`, whichever comes
   * first: call again to go on.
   */
  advance(until: number = Infinity, budgetMs = Infinity): boolean {
    const target = Math.min(until, this.end);
    const start = budgetMs < Infinity ? this.clock() : 0;
    for (;;) {
      const g = this.gridTime();
      if (g <= target) this.sampleAt(g);
      else if (this.now < target) this.slice(target);
      else return true;
      if (budgetMs < Infinity && this.clock() - start >= budgetMs) return this.gridTime() > target && this.now >= target;
    }
  }

  /**
   * Fire the next event alone, after taking every sample due before its time.
   * Returns false, having advanced to the end, when no event is left before it.
   */
  step(): boolean {
    const k = this.sim.kernel;
    const t = k.nextTime();
    if (!(t <= this.end)) {
      this.advance(this.end);
      return false;
    }
    while (this.gridTime() < t) this.sampleAt(this.gridTime());
    k.step();
    return true;
  }

  /** Advance to the end; the summary and time series. */
  runToEnd(): RunOutput {
    this.advance(this.end);
    return { sim: this.sim, summary: this.summary(), timeseries: this.timeseries };
  }

  /** The summary of the run so far (summary.ts). */
  summary(): Summary {
    const sim = this.sim;
    return {
      scenario: sim.scenario.name,
      file: sim.scenario.file,
      seed: sim.seed,
      simTime: sim.kernel.now,
      events: this.events,
      traceEvents: sim.bus.emitted - this.emitted0,
      wallMs: Math.round(this.clock() - this.wall0),
      fingerprint: this.fp === undefined ? null : this.fp.hex(),
      messages: messageCounts(sim.ledger.balance()),
      links: linkSummaries(this.gauges.links, sim.kernel.now),
      mtas: mtaSummaries(this.gauges.mtas, this.peaks),
      resolvers: resolverSummaries(this.gauges.resolvers),
      latency: latencySummary(this.latency),
    };
  }

  private gridTime(): number {
    return this.next === Infinity ? Infinity : Math.min(this.next * this.sampleEvery, this.end);
  }

  private sampleAt(t: number): void {
    this.slice(t);
    // Samples with no event between them never reach the kernel's clock check.
    const { maxWallMs } = this.opts;
    if (maxWallMs !== undefined && this.clock() - this.wall0 > maxWallMs) this.guard(() => {
      throw new RunawayError("wall");
    });
    this.record(t);
    this.next = t >= this.end ? Infinity : this.next + 1;
    this.opts.progress?.(t, this.end);
  }

  /** Take the sample of time t (now), the links' sums closed first (Network.settleLinkStats). */
  private record(t: number): void {
    this.sim.net.settleLinkStats();
    this.timeseries.sample(t);
  }

  /** Fire every event up to t, within what the guards leave. */
  private slice(t: number): void {
    const { maxEvents, maxWallMs } = this.opts;
    const limits = {
      until: t,
      maxEvents: maxEvents === undefined ? undefined : Math.max(1, maxEvents - this.events),
      maxWallMs: maxWallMs === undefined ? undefined : Math.max(0, maxWallMs - (this.clock() - this.wall0)),
    };
    this.guard(() => this.sim.kernel.run(limits));
  }

  /** Run `f`; a guard it trips is reported for the whole run. */
  private guard(f: () => unknown): void {
    const { maxEvents, maxWallMs } = this.opts;
    try {
      f();
    } catch (e) {
      if (!(e instanceof RunawayError)) throw e;
      const which = maxEvents !== undefined && this.events >= maxEvents ? `maxEvents guard: ${maxEvents}` : `maxWallMs guard: ${maxWallMs} ms`;
      throw new RunawayError(`run stopped at t=${this.now.toFixed(3)} s after ${this.events} events (${which}); ${this.sim.kernel.pending} events still pending`);
    }
  }
}

export function run(scenario: Scenario, opts: RunOptions = {}): RunOutput {
  return runSimulation(buildSimulation(scenario, { seed: opts.seed }), opts);
}

export function runSimulation(sim: Simulation, opts: RunOptions = {}): RunOutput {
  return new Run(sim, opts).runToEnd();
}

/** Per-link utilisation of the busier direction over each sampling interval (gauges.ts). */
function linkSeries(links: SimGauges["links"], now: () => number, ts: TimeSeries): void {
  for (const l of links) {
    let lastT = now();
    let last: LinkStatsReading = l.read();
    ts.gauge(`util:${l.subject}`, () => {
      const t = now(), r = l.read();
      const u = busierUtilisation(last, r, t - lastT);
      lastT = t;
      last = r;
      return u;
    });
  }
}
