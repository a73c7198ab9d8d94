/**
 * A scenario being played in the browser: one Run (sim/observe/run.ts) and what the
 * page keeps of it.
 *
 * The run itself — slices, the sampling grid, the summary — is the runner's, the
 * same as `mxsim run`'s; a session only moves it (`advance`, `step`) and packs what
 * the page needs into batches (protocol.ts): the trace events the page shows, the
 * grid samples taken since the last batch, link utilisation and queues now (read
 * from the run's gauges), and, once the run is over, its summary. It also keeps,
 * for the inspector, every story event (model/message-trace.ts) and the final
 * copies that mailboxes got.
 */
import {
  buildSimulation, busierUtilisation, loadScenario, Run, type LinkStatsReading, type Message, type Scenario, type Summary, type TraceEvent,
} from "../sim/index";
import type { Batch, FaultInfo, LoadRequest, Loaded, MessageCopy, QueueCounts, SampleRow, Topology } from "./protocol";
import { isDecision, keepForPage } from "./model/event-kinds";
import { isStoryEvent } from "./model/message-trace";
import { roleHints } from "./model/role-hints";
import { roleOf } from "./model/roles";

/** The most story events kept for the inspector (a day of the default scenario has ~200,000). */
const STORY_MAX = 600_000;
/** The most messages whose final copies are kept. */
const COPIES_MAX = 20_000;
/** Kernel events a step may fire looking for something to show. */
const STEP_MAX = 1_000_000;

/** The scenario of a request, with the settings a comparison varies applied. */
export function scenarioOf(req: LoadRequest): Scenario {
  const s = loadScenario(req.yaml, req.file);
  if (!req.retryLaw) return s;
  const hosts: Scenario["hosts"] = {};
  for (const [name, h] of Object.entries(s.hosts)) {
    hosts[name] = h.mta ? { ...h, mta: { ...h.mta, retry: { law: req.retryLaw as NonNullable<typeof h.mta.retry>["law"] } } } : h;
  }
  return { ...s, hosts };
}

export class Session {
  readonly run: Run;
  /** Every story event of the run, oldest dropped beyond STORY_MAX. */
  readonly story: TraceEvent[] = [];
  /** Final copies by message id. */
  readonly copies = new Map<string, MessageCopy[]>();
  private pending: TraceEvent[] = [];
  /** Time-series rows already sent. */
  private sent = 0;
  private lastBatch: LinkStatsReading[];
  private lastBatchT = 0;
  private final: Summary | undefined;
  private readonly columns: { util: number[]; queues: number[][] };

  constructor(
    readonly scenario: Scenario,
    readonly req: LoadRequest,
  ) {
    const sim = buildSimulation(scenario, { seed: req.seed });
    sim.dns.messages.keep();
    this.run = new Run(sim, { fingerprint: req.fingerprint === true });
    const mtas = new Map(this.run.gauges.mtas.map((g) => [g.subject, g]));
    sim.bus.subscribe((e) => {
      if (!keepForPage(e)) return;
      this.pending.push(e);
      if (isStoryEvent(e)) {
        this.story.push(e);
        if (this.story.length > STORY_MAX * 1.1) this.story.splice(0, this.story.length - STORY_MAX);
      }
      if (e.type === "mta.delivered" && e.to.startsWith("mailbox:")) this.keepCopy(e.host, e.to.slice(8), e.message, mtas.get(e.host)?.lastDelivered());
    });
    const cols = this.run.timeseries.columns;
    const at = (name: string): number => cols.indexOf(name);
    this.columns = {
      util: this.run.gauges.links.map((g) => at(`util:${g.subject}`)),
      queues: this.run.gauges.mtas.map((g) => ["active", "deferred", "backlog"].map((k) => at(`queue.${k}:${g.subject}`))),
    };
    this.lastBatch = this.linkReadings();
  }

  get sim(): Run["sim"] {
    return this.run.sim;
  }

  /** Advance towards `until`; false when the budget ran out first (call again). */
  advance(until: number, budgetMs: number): boolean {
    return this.run.advance(until, budgetMs);
  }

  /**
   * Fire events one at a time until the trace shows something the page keeps
   * (`event`) or a decision (`decision`); false when the budget ran out first.
   */
  step(mode: "event" | "decision", budgetMs: number, clock: () => number): boolean {
    const start = clock();
    for (let i = 0; i < STEP_MAX; i++) {
      const before = this.pending.length;
      if (!this.run.step()) return true;
      const fresh = this.pending.slice(before);
      if (mode === "event" ? fresh.length > 0 : fresh.some(isDecision)) return true;
      if ((i & 1023) === 1023 && clock() - start >= budgetMs) return false;
    }
    return true;
  }

  /** Everything since the last batch; `reset` when the page must drop what it had (a load, a replay). */
  batch(reset: boolean): Batch {
    const t = this.run.now;
    const now = this.linkReadings();
    const ts = this.run.timeseries;
    const samples: SampleRow[] = [];
    for (; this.sent < ts.rows.length; this.sent++) {
      const row = ts.rows[this.sent];
      samples.push({ t: ts.times[this.sent], util: this.columns.util.map((i) => row[i]), queues: this.columns.queues.map((q) => q.map((i) => row[i]) as QueueCounts) });
    }
    const done = this.run.done;
    if (done && this.final === undefined) this.final = this.run.summary();
    const b: Batch = {
      kind: "batch", t, reset, events: this.pending, samples,
      utilNow: now.map((r, i) => busierUtilisation(this.lastBatch[i], r, t - this.lastBatchT)),
      queuesNow: this.run.gauges.mtas.map((g) => {
        const q = g.read().queue;
        return [q.active, q.deferred, q.backlog];
      }),
      done, summary: this.final,
    };
    if (t > this.lastBatchT) {
      this.lastBatch = now;
      this.lastBatchT = t;
    }
    this.pending = [];
    return b;
  }

  describe(): Loaded {
    const sc = this.scenario, sim = this.sim;
    const mtas = this.run.gauges.mtas.map((g) => g.subject);
    const loc = (x: { en: string; ja?: string } | string | undefined): { en: string; ja: string } =>
      x === undefined ? { en: "", ja: "" } : typeof x === "string" ? { en: x, ja: x } : { en: x.en, ja: x.ja ?? x.en };
    const topology: Topology = {
      hosts: sim.net.hosts.map((h) => {
        const spec = sc.hosts[h.name];
        return { name: h.name, role: h.role, region: spec?.region ?? "", addrs: [...h.addrs], synthetic: spec === undefined, mta: mtas.includes(h.name) };
      }),
      links: sim.net.links.map((l) => ({ name: l.name, a: l.a, b: l.b, bandwidth: l.bandwidth, latency: l.latency })),
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
      kind: "loaded", drawRoles, name: sc.name, description: loc(sc.description), learningGoal: sc.learningGoal ? loc(sc.learningGoal) : null,
      duration: sim.duration, sampleEvery: this.run.sampleEvery, seed: sim.seed, topology, faults, mtas,
    };
  }

  private linkReadings(): LinkStatsReading[] {
    return this.run.gauges.links.map((g) => g.read());
  }

  /** Keep the final copy just written to a mailbox (the store itself keeps only the last few). */
  private keepCopy(host: string, user: string, id: string, m: Message | undefined): void {
    if (!m || m.id !== id) return;
    const copy: MessageCopy = {
      id, mailFrom: m.envelope.mailFrom, rcptTo: [...m.envelope.rcptTo],
      header: m.header.map((f) => ({ name: f.name, value: f.value })), at: `${host} (${user})`,
    };
    const list = this.copies.get(id);
    if (list) list.push(copy);
    else this.copies.set(id, [copy]);
    if (this.copies.size > COPIES_MAX) this.copies.delete(this.copies.keys().next().value as string);
  }
}
