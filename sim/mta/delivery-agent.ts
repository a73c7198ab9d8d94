/**
 * The MTA's delivery agent: the client side of a hop (Postfix's qmgr handing a
 * batch to smtp(8), sendmail's deliver()).
 *
 * A queue attempt hands it recipients of one entry bound for one destination. It
 * cuts them into transactions as the profile batches them, waits for a concurrency
 * slot (concurrency.ts), plans the next hops from DNS (next-hops.ts), tries the
 * candidates in order (delivery.ts), and reports each recipient's fate back to the
 * queue entry: delivered, bounced (through the MTA, which sends the DSN), or to be
 * retried. Whatever every MX refused for now goes to the FallbackMX (S21) once.
 *
 * An attempt's deliveries are all counted in its entry before the first starts, so
 * the entry is settled exactly when the last of them ends, whether that is at once
 * (a dead destination defers without a connection) or from a later event.
 */
import type { Reply, TlsLevel } from "../smtp";
import { replyFor } from "../smtp";
import type { Concurrency } from "./concurrency";
import { deliverChunk, type ChunkOutcome, type DeliveryEnv, type RecipientOutcome } from "./delivery";
import type { HostStatus } from "./host-status";
import type { RouteHost } from "./mailertable";
import type { MxCandidate, MxOptions } from "./mx";
import type { MtaConfig, MtaEnv, QueueEntry } from "./mta-config";
import { knownPlan, planHops, type HopPlan } from "./next-hops";
import { routeHost } from "./routing-chain";

/** Some recipients of a queue entry, bound for one destination: one delivery. */
interface Job {
  readonly e: QueueEntry;
  readonly dest: string;
  readonly hosts: readonly RouteHost[];
  readonly rcpts: readonly string[];
  /** This delivery goes to the FallbackMX (S21), so it has no fallback of its own. */
  readonly fallback: boolean;
}

/** Recipients of a queue entry routed to one destination (by `hosts`): what an attempt hands the agent. */
export interface DeliveryGroup {
  readonly dest: string;
  readonly hosts: readonly RouteHost[];
  readonly rcpts: readonly string[];
}

/** What the agent reports to its MTA. */
export interface AgentHooks {
  /** Recipients failed for good: settle them and send the DSN. */
  bounce(e: QueueEntry, failed: readonly RecipientOutcome[]): void;
  /** The entry's attempt is over (no delivery of it is running any more). */
  settle(e: QueueEntry): void;
  /** The STARTTLS level of outgoing sessions, as configured now. */
  tls(): TlsLevel | undefined;
}

/** The counters the agent keeps in its MTA's stats. */
interface AgentStats {
  sessions: number;
  relayed: number;
  fallback: number;
}

/** An entry's deliveries under Exim's remote_max_parallel: how many run, and those waiting their turn, in order. */
interface EntryLine {
  running: number;
  readonly waiting: Job[];
}

export class DeliveryAgent {
  private delivering: DeliveryEnv | undefined;
  /**
   * Exim's remote_max_parallel (deliver.c do_remote_deliveries): at most this many of
   * one message's remote deliveries at once; as each ends the next begins, in the
   * order sequential delivery would take (spec, "remote_max_parallel"). Values
   * below 2 deliver one by one. Infinity for the other profiles.
   */
  private readonly perMessage: number;
  private readonly lines = new Map<QueueEntry, EntryLine>();

  constructor(
    private readonly env: MtaEnv,
    private readonly cfg: MtaConfig,
    private readonly hostStatus: HostStatus,
    private readonly concurrency: Concurrency,
    private readonly mxOptions: MxOptions,
    private readonly stats: AgentStats,
    private readonly hooks: AgentHooks,
  ) {
    const c = cfg.profile.concurrency;
    this.perMessage = c.kind === "per-message" ? Math.max(1, c.remoteMaxParallel) : Infinity;
  }

  /**
   * The attempt's deliveries: each destination's recipients in batches as the profile
   * allows (qmail: one recipient each). All are counted in `e.inFlight` before the
   * first starts; the last to end settles the entry through the hooks.
   */
  launch(e: QueueEntry, groups: readonly DeliveryGroup[]): void {
    for (const g of groups) e.inFlight += this.batches(g.rcpts);
    for (const g of groups) this.startBatches(e, g.dest, g.hosts, g.rcpts);
  }

  /** {@link launch} for an attempt with one destination (most mail), with no group to make. */
  launchOne(e: QueueEntry, dest: string, hosts: readonly RouteHost[], rcpts: readonly string[]): void {
    e.inFlight += this.batches(rcpts);
    this.startBatches(e, dest, hosts, rcpts);
  }

  /** How many transactions the profile cuts `rcpts` into. */
  private batches(rcpts: readonly string[]): number {
    const p = this.cfg.profile;
    return p.batchRecipients ? Math.ceil(rcpts.length / p.maxRecipientsPerTransaction) : rcpts.length;
  }

  private startBatches(e: QueueEntry, dest: string, hosts: readonly RouteHost[], rcpts: readonly string[]): void {
    const p = this.cfg.profile;
    const size = p.batchRecipients ? p.maxRecipientsPerTransaction : 1;
    for (let i = 0; i < rcpts.length; i += size) {
      this.start({ e, dest, hosts, rcpts: rcpts.length <= size ? rcpts : rcpts.slice(i, i + size), fallback: false });
    }
  }

  /** Start a job now if its message's and the scheduler's limits have room for it, else when they do. */
  private start(j: Job): void {
    if (this.perMessage < Infinity) {
      let line = this.lines.get(j.e);
      if (line === undefined) this.lines.set(j.e, (line = { running: 0, waiting: [] }));
      if (line.running >= this.perMessage) return void line.waiting.push(j);
      line.running++;
    }
    if (this.concurrency.tryAcquire(j.dest)) this.deliver(j);
    else this.concurrency.wait(j.dest, () => this.deliver(j));
  }

  /**
   * One delivery of a job's recipients towards its hosts, once it holds a concurrency
   * slot; the FallbackMX is tried after every candidate failed.
   */
  private deliver(j: Job): void {
    // Postfix: a dead destination's mail is deferred without a connection attempt.
    if (!j.fallback && this.cfg.profile.hostStatus.kind === "dead-destination" && this.hostStatus.suspended(j.dest, this.env.kernel.now)) {
      const reply = { ...replyFor("noAnswer", { host: j.dest, addr: "" }), text: `delivery temporarily suspended: ${j.dest} is dead` };
      for (const rcpt of j.rcpts) j.e.retry.push({ rcpt, reply });
      return this.jobDone(j, false);
    }
    const known = knownPlan(j.hosts);
    if (known !== null) this.planned(known, j);
    else planHops(this.env.dns, j.hosts, this.mxOptions, (plan) => this.planned(plan, j));
  }

  private planned(plan: HopPlan, j: Job): void {
    const { kernel, bus } = this.env;
    const e = j.e;
    if (plan.kind === "fail") {
      if (plan.temporary && this.tryFallback(e, j.dest, j.rcpts, plan.reply, plan.notes.join("; "), j.fallback)) return this.jobDone(j, false);
      if (plan.temporary) for (const rcpt of j.rcpts) e.retry.push({ rcpt, reply: plan.reply });
      else this.hooks.bounce(e, j.rcpts.map((rcpt) => ({ rcpt, reply: plan.reply })));
      return this.jobDone(j, false);
    }
    if (bus.on) bus.emit({ t: kernel.now, type: "mta.plan", host: this.cfg.host, message: e.message.id, dest: j.dest,
      candidates: plan.candidates.map((c: MxCandidate) => `${c.preference} ${c.host}[${c.address}]`), notes: [...plan.notes] });
    const now = deliverChunk(this.deliveryEnv(), e.message, j.rcpts, plan.candidates, (o) => this.delivered(o, j));
    if (now !== null) this.delivered(now, j);
  }

  private delivered(o: ChunkOutcome, j: Job): void {
    const { kernel, bus } = this.env;
    const e = j.e;
    this.stats.sessions += o.sessions;
    if (o.delivered.length > 0) {
      this.stats.relayed += o.delivered.length;
      if (bus.on) bus.emit({ t: kernel.now, type: "mta.delivered", host: this.cfg.host, message: e.message.id,
        rcpts: o.delivered.map((d) => d.rcpt), to: o.delivered[0].host ?? "", code: o.delivered[0].reply.code });
    }
    if (o.bounced.length > 0) this.hooks.bounce(e, o.bounced);
    if (this.cfg.profile.hostStatus.kind === "dead-destination") {
      if (o.reached) this.hostStatus.success(j.dest);
      else this.hostStatus.failure(j.dest, kernel.now, "temporary", this.concurrency.windowOf(j.dest));
    }
    if (o.deferred.length > 0) {
      const last = o.deferred[o.deferred.length - 1].reply;
      // Only what every MX failed goes to the FallbackMX, not a server's "try later" for one recipient.
      const exhausted = o.deferred.filter((d) => d.exhausted === true);
      const toFallback = exhausted.length > 0 && this.tryFallback(e, j.dest, exhausted.map((d) => d.rcpt), last, "every MX failed", j.fallback);
      e.retry.push(...(toFallback ? o.deferred.filter((d) => d.exhausted !== true) : o.deferred));
    }
    this.jobDone(j, o.delivered.length > 0);
  }

  /** The job's slot is free again (`ok` feeds Postfix's concurrency feedback); the attempt may be over. */
  private jobDone(j: Job, ok: boolean): void {
    this.concurrency.release(j.dest, ok);
    const line = this.perMessage < Infinity ? this.lines.get(j.e) : undefined;
    if (line !== undefined) {
      line.running--;
      const next = line.waiting.shift();
      if (next !== undefined) this.start(next);
      else if (line.running === 0) this.lines.delete(j.e);
    }
    if (--j.e.inFlight === 0) this.hooks.settle(j.e);
  }

  /** Hand `rcpts` to the FallbackMX (S21), unless there is none, we are it, or it was just tried. */
  private tryFallback(e: QueueEntry, dest: string, rcpts: readonly string[], reply: Reply, why: string, already: boolean): boolean {
    const fb = this.cfg.fallbackMx;
    if (fb === undefined || already) return false;
    const h = routeHost(fb);
    if (h.host === this.cfg.hostname || h.host === this.cfg.host) return false;
    const { kernel, bus } = this.env;
    this.stats.fallback += rcpts.length;
    if (bus.on) bus.emit({ t: kernel.now, type: "mta.fallback", host: this.cfg.host, message: e.message.id, rcpts: rcpts.slice(), fallback: fb,
      why: `${why} (${reply.code} ${reply.enhanced ?? ""} ${reply.text})` });
    e.inFlight++;
    this.start({ e, dest: `fallback:${dest}`, hosts: [h], rcpts, fallback: true });
    return true;
  }

  /** What a delivery needs of this MTA: one object, with the STARTTLS level as it is now. */
  private deliveryEnv(): DeliveryEnv {
    let d = this.delivering;
    if (d === undefined) {
      const { kernel, net, bus, listeners } = this.env;
      const c = this.cfg.profile.concurrency;
      d = this.delivering = { kernel, net, bus, listeners, host: this.cfg.host, helo: this.cfg.hostname, profile: this.cfg.profile,
        hostStatus: this.hostStatus, timeouts: this.cfg.timeouts, tls: undefined,
        busyHosts: c.kind === "per-run" && c.singleThreadDelivery ? new Set() : undefined };
    }
    d.tls = this.hooks.tls();
    return d;
  }
}
