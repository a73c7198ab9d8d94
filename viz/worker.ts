/**
 * The simulation worker: the only place in the browser where the simulator runs.
 *
 * It loads a scenario from YAML text through sim/index.ts, builds the Simulation,
 * subscribes to the trace bus, and advances the kernel in slices when the page asks
 * (`advance`), posting each slice's trace events plus the metrics read at the
 * sampling grid (queue lengths per MTA, link utilisation). Sampling happens at fixed
 * grid times whatever the play speed, so the charts are the same at every speed.
 * Scrubbing backwards is deterministic replay (`seek`): build again, run to t.
 *
 * `fingerprint` runs a fresh copy to the end with runSimulation — exactly what
 * `mxsim run --json` does — so the e2e test can compare it with Node.
 */
import "./buffer-shim";
import { buildSimulation, loadScenario, run, ScenarioError, type Scenario, type Simulation, type TraceEvent } from "../sim/index";
import type { Batch, QueueCounts, FaultInfo, FromWorker, LoadRequest, MessageCopy, SampleRow, ToWorker, Topology } from "./protocol";
import { isDecision, keepForPage } from "./model/event-kinds";
import { isStoryEvent, traceMessage } from "./model/message-trace";
import { roleHints } from "./model/role-hints";
import { roleOf } from "./model/roles";
import { problemInfo } from "./model/problems";

interface Session {
  scenario: Scenario;
  req: LoadRequest;
  sim: Simulation;
  pending: TraceEvent[];
  /** Index of the next sampling grid time. */
  grid: number;
  every: number;
  /** busyIntegral per link direction at the last grid sample / at the last batch. */
  lastGrid: number[][];
  lastGridT: number;
  lastBatch: number[][];
  lastBatchT: number;
  copies: Map<string, MessageCopy[]>;
  /** Every story event of the run (model/message-trace.ts), oldest dropped beyond STORY_MAX. */
  story: TraceEvent[];
}

/** The most story events kept for the inspector (a day of the default scenario has ~200,000). */
const STORY_MAX = 600_000;

const post = (m: FromWorker): void => (self as unknown as Worker).postMessage(m);
let cur: Session | undefined;

function withSettings(s: Scenario, req: LoadRequest): Scenario {
  if (!req.retryLaw) return s;
  const hosts: Scenario["hosts"] = {};
  for (const [name, h] of Object.entries(s.hosts)) {
    hosts[name] = h.mta ? { ...h, mta: { ...h.mta, retry: { law: req.retryLaw as NonNullable<typeof h.mta.retry>["law"] } } } : h;
  }
  return { ...s, hosts };
}

function integrals(sim: Simulation): number[][] {
  return sim.net.links.map((l) => {
    const d = sim.net.linkStats(l.name).directions;
    return [d[0].busyIntegral, d[1].busyIntegral];
  });
}

function utilSince(now: number[][], before: number[][], dt: number): number[] {
  return now.map((d, i) => (dt > 0 ? Math.max(d[0] - before[i][0], d[1] - before[i][1]) / dt : 0));
}

function queues(sim: Simulation): QueueCounts[] {
  return [...sim.mtas.values()].map((m) => {
    const q = m.queueLength();
    return [q.active, q.deferred, q.backlog];
  });
}

function start(scenario: Scenario, req: LoadRequest): Session {
  const sim = buildSimulation(scenario, { seed: req.seed });
  sim.dns.messages.keep();
  const s: Session = {
    scenario, req, sim, pending: [], grid: 1,
    every: scenario.sampleEvery ?? Math.max(sim.duration / 200, 1e-3),
    lastGrid: [], lastGridT: 0, lastBatch: [], lastBatchT: 0, copies: new Map(), story: [],
  };
  s.lastGrid = integrals(sim);
  s.lastBatch = s.lastGrid;
  sim.bus.subscribe((e) => {
    if (!keepForPage(e)) return;
    s.pending.push(e);
    if (isStoryEvent(e)) {
      s.story.push(e);
      if (s.story.length > STORY_MAX * 1.1) s.story.splice(0, s.story.length - STORY_MAX);
    }
    if (e.type === "mta.delivered" && e.to.startsWith("mailbox:")) keepCopy(s, e.host, e.to.slice(8), e.message);
  });
  return s;
}

/** Keep the final copy just written to a mailbox (the store itself keeps only the last few). */
function keepCopy(s: Session, host: string, user: string, id: string): void {
  const recent = s.sim.mtas.get(host)?.mailboxes.recent;
  const m = recent?.[recent.length - 1];
  if (!m || m.id !== id) return;
  const copy: MessageCopy = {
    id, mailFrom: m.envelope.mailFrom, rcptTo: [...m.envelope.rcptTo],
    header: m.header.map((f) => ({ name: f.name, value: f.value })), at: `${host} (${user})`,
  };
  const list = s.copies.get(id);
  if (list) list.push(copy);
  else s.copies.set(id, [copy]);
  if (s.copies.size > 20000) s.copies.delete(s.copies.keys().next().value as string);
}

function sampleGrid(s: Session, t: number, rows: SampleRow[]): void {
  const now = integrals(s.sim);
  rows.push({ t, queues: queues(s.sim), util: utilSince(now, s.lastGrid, t - s.lastGridT) });
  s.lastGrid = now;
  s.lastGridT = t;
}

/** Run to `until`, sampling at every grid time crossed; returns the grid rows. */
function runTo(s: Session, until: number): SampleRow[] {
  const rows: SampleRow[] = [];
  const k = s.sim.kernel;
  const end = Math.min(until, s.sim.duration);
  while (s.grid * s.every <= end + 1e-9 && k.now < s.sim.duration) {
    const g = Math.min(s.grid * s.every, s.sim.duration);
    k.run({ until: g });
    sampleGrid(s, g, rows);
    s.grid++;
  }
  if (end > k.now) k.run({ until: end });
  return rows;
}

function flush(s: Session, rows: SampleRow[], reset: boolean): void {
  const now = integrals(s.sim);
  const t = s.sim.kernel.now;
  const b: Batch = {
    kind: "batch", t, reset, events: s.pending, samples: rows,
    utilNow: utilSince(now, s.lastBatch, t - s.lastBatchT), queuesNow: queues(s.sim),
    done: t >= s.sim.duration,
  };
  if (t > s.lastBatchT) {
    s.lastBatch = now;
    s.lastBatchT = t;
  }
  s.pending = [];
  post(b);
}

/** Step single kernel events until the trace shows something (or a decision). */
function step(s: Session, mode: "event" | "decision"): void {
  const k = s.sim.kernel;
  const rows: SampleRow[] = [];
  for (let i = 0; i < 1_000_000; i++) {
    const next = k.nextTime();
    if (!(next <= s.sim.duration)) {
      rows.push(...runTo(s, s.sim.duration));
      break;
    }
    if (s.grid * s.every <= next) rows.push(...runTo(s, Math.min(next, s.grid * s.every)));
    const before = s.pending.length;
    k.step();
    const fresh = s.pending.slice(before);
    if (mode === "event" ? fresh.length > 0 : fresh.some(isDecision)) break;
  }
  flush(s, rows, false);
}

function describe(s: Session): FromWorker {
  const sc = s.scenario;
  const d = sc.description;
  const loc = (x: { en: string; ja?: string } | string | undefined): { en: string; ja: string } =>
    x === undefined ? { en: "", ja: "" } : typeof x === "string" ? { en: x, ja: x } : { en: x.en, ja: x.ja ?? x.en };
  const topology: Topology = {
    hosts: s.sim.net.hosts.map((h) => {
      const spec = sc.hosts[h.name];
      return { name: h.name, role: h.role, region: spec?.region ?? "", addrs: [...h.addrs], synthetic: spec === undefined, mta: s.sim.mtas.has(h.name) };
    }),
    links: s.sim.net.links.map((l) => ({ name: l.name, a: l.a, b: l.b, bandwidth: l.bandwidth, latency: l.latency })),
  };
  const faults: FaultInfo[] = sc.faults.map((f) => {
    const what = f.down !== undefined ? `${f.down} down` : f.up !== undefined ? `${f.up} up`
      : f.link !== undefined ? `${f.link} → ${f.bandwidth} bps` : f.dns !== undefined ? `DNS ${f.dns}` : f.rbl !== undefined ? `RBL ${f.rbl}` : "fault";
    return { at: f.at, until: f.for !== undefined ? f.at + f.for : undefined, label: what };
  });
  const mtaNaming = Object.entries(sc.hosts).flatMap(([host, h]) => (h.mta ? [{ host, hostname: h.mta.hostname, fallbackMx: h.mta.fallbackMx }] : []));
  const hints = roleHints(topology, sc.zones ?? {}, mtaNaming);
  const drawRoles: Record<string, string> = {};
  for (const h of topology.hosts) drawRoles[h.name] = roleOf(h, hints);
  return {
    kind: "loaded", drawRoles, name: sc.name, description: loc(d), learningGoal: sc.learningGoal ? loc(sc.learningGoal) : null,
    duration: s.sim.duration, sampleEvery: s.every, seed: s.sim.seed, topology, faults, mtas: [...s.sim.mtas.keys()],
  };
}

function load(req: LoadRequest): void {
  let scenario: Scenario;
  try {
    scenario = withSettings(loadScenario(req.yaml, req.file), req);
  } catch (err) {
    if (err instanceof ScenarioError) {
      post({ kind: "invalid", problems: err.problems.map(problemInfo) });
      return;
    }
    throw err;
  }
  cur = start(scenario, req);
  post(describe(cur));
  flush(cur, [{ t: 0, queues: queues(cur.sim), util: cur.sim.net.links.map(() => 0) }], true);
}

function handle(m: ToWorker): void {
  if (m.kind === "load") return load(m);
  const s = cur;
  if (!s) return;
  switch (m.kind) {
    case "advance":
      return flush(s, runTo(s, m.until), false);
    case "step":
      return step(s, m.mode);
    case "seek": {
      cur = start(s.scenario, s.req);
      const rows: SampleRow[] = [{ t: 0, queues: queues(cur.sim), util: cur.sim.net.links.map(() => 0) }];
      rows.push(...runTo(cur, m.t));
      return flush(cur, rows, true);
    }
    case "fingerprint": {
      const out = run(s.scenario, { seed: s.req.seed });
      return post({ kind: "fingerprint", summary: out.summary });
    }
    case "inspectMessage": {
      const copies = [...(s.copies.get(m.id) ?? [])];
      return post({ kind: "message", id: m.id, copies, trace: traceMessage(s.story, m.id) });
    }
    case "inspectDns": {
      const x = s.sim.dns.messages.inspect(m.msg);
      return post({ kind: "dns", msg: m.msg, query: x?.query ?? null, response: x?.response ?? null });
    }
  }
}

self.onmessage = (ev: MessageEvent<ToWorker>) => {
  try {
    handle(ev.data);
  } catch (err) {
    post({ kind: "failed", error: err instanceof Error ? `${err.name}: ${err.message}` : String(err) });
  }
};
