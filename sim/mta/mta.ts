/**
 * An MTA on a host: SMTP server, queue manager, and delivery agent in one.
 *
 * Mail enters a host's queue from its SMTP server (a client handed it over) or
 * from local submission. The queue manager then works as Postfix's qmgr and
 * sendmail's queue runner do (S34, mta-semantics.md §1):
 *
 *   incoming ──► active ──► delivered to the next hop / a local mailbox
 *                  │   └──► bounced (5xx, or lifetime expired) ──► DSN to the sender
 *                  ▼
 *               deferred ──(retry law says when)──► active …
 *
 * Each attempt routes every pending recipient through the routing chain
 * (routing-chain.ts), groups recipients by destination and hands each group to
 * the delivery agent (delivery-agent.ts), which batches them per the profile
 * (sendmail and Postfix: all recipients of one destination in one transaction;
 * qmail: one per transaction), waits for a concurrency slot (concurrency.ts),
 * looks up the next hops in DNS (next-hops.ts), and tries them in order
 * (delivery.ts). Recipients that could not be delivered are deferred
 * together and the profile's retry law (retry/*.ts) says when to try again; the
 * FallbackMX host (S21) gets whatever every MX refused for now or DNS could not
 * route. When the law gives up, the recipients bounce with 4.4.7.
 *
 * Every recipient copy is an item in the run's ledger: held "queued@host" while
 * here, handed on to the next host's queue when that host takes it (its SMTP
 * server holds it), settled "delivered" in a mailbox or "bounced" here.
 */
import { domainOf, messageBytes, replyFor, type Message, type ServerSession } from "../smtp";
import { addReceived } from "../smtp";
import { assemble, type Assembly } from "./assembly";
import { Concurrency } from "./concurrency";
import type { RecipientOutcome } from "./delivery";
import { DeliveryAgent } from "./delivery-agent";
import { buildDsn } from "./dsn";
import { HostStatus } from "./host-status";
import { MailboxStore } from "./mailbox";
import type { MxOptions } from "./mx";
import type { RetrySchedule } from "./retry";
import { destinationOf, route as routeOf, routeNext, type Route, type RoutingConfig } from "./routing-chain";
import { mtaServer, type ServerContext } from "./smtp-server";
import type { PopBeforeSmtp } from "./policy/auth";
import type { Place } from "../engine";
import "./events";
import type { MtaConfig, MtaEnv, QueueEntry } from "./mta-config";
import type { MtaCounts, MtaGauge, QueueLength } from "./gauge";

export type { MtaConfig, MtaEnv } from "./mta-config";

type RelayRoute = Extract<Route, { kind: "relay" }>;

export class Mta {
  /** Local mailboxes; a host without a spool still has its role addresses (postmaster…), as /etc/aliases gives them. */
  readonly mailboxes: MailboxStore;
  /**
   * What the configuration switched on (assembly.ts): the policy chains, aliases and
   * lists, masquerading (applied as a message enters the queue, S18), LDAP routing
   * and the outgoing STARTTLS level.
   */
  private readonly parts: Assembly;
  /** Open-relay switch (S23), consulted by the relay policy at every RCPT; changed only by `reconfigure`. */
  private readonly relayControl: { open: boolean };
  /** The spool's disk is full (a fault): the SMTP server answers 452 4.3.1 to new mail. */
  private diskFull = false;
  readonly hostStatus: HostStatus;
  readonly concurrency: Concurrency;
  /** The client side: deliveries to next hops (delivery-agent.ts). */
  private readonly agent: DeliveryAgent;
  /** Entries in the queue, how many of them wait for a retry (the rest are active), and how many have failed before. */
  private queued = 0;
  private deferredNow = 0;
  private backlogNow = 0;
  private readonly paused: QueueEntry[] = [];
  private readonly routing: RoutingConfig;
  private readonly routeCache = new Map<string, Route>();
  private readonly mxOptions: MxOptions;
  /** The ledger place "queued@host", interned once. */
  private readonly queuedHere: Place;
  private nextQueueId = 1;
  private nextNotice = 1;
  /** Counts for summaries and gauges. */
  readonly stats: MtaCounts = { accepted: 0, delivered: 0, relayed: 0, deferred: 0, bounced: 0, notices: 0, sessions: 0, fallback: 0, discarded: 0, expanded: 0 };

  constructor(
    readonly env: MtaEnv,
    readonly cfg: MtaConfig,
  ) {
    this.mailboxes = new MailboxStore(cfg.mailboxes ?? []);
    this.queuedHere = env.ledger.place(`queued@${cfg.host}`);
    const localDomains = cfg.localDomains.includes(cfg.hostname) ? cfg.localDomains : [...cfg.localDomains, cfg.hostname];
    this.routing = {
      host: cfg.host, localDomains, hasMailboxes: cfg.mailboxes !== undefined,
      mailertable: cfg.mailertable, localRelay: cfg.localRelay, smartHost: cfg.smartHost,
    };
    const p = cfg.profile;
    this.mxOptions = {
      equalPreference: p.mx.equalPreference, stream: env.mxStream, hashSeed: 0, cnameInMx: p.mx.cnameInMx,
      maxAddresses: p.mx.maxAddresses, self: { names: [cfg.hostname], addresses: env.net.host(cfg.host).addrs },
    };
    this.hostStatus = new HostStatus(p.hostStatus, env.statusStream, (first, failures) =>
      decisionTime(cfg.retry, { birth: first, failures, firstFailure: first }, env.kernel.now));
    this.concurrency = new Concurrency(p.concurrency);
    this.agent = new DeliveryAgent(env, cfg, this.hostStatus, this.concurrency, this.mxOptions, this.stats, {
      bounce: (e, failed) => this.bounce(e, failed),
      settle: (e) => this.settle(e),
      tls: () => this.parts.tlsLevel,
    });
    this.relayControl = { open: cfg.openRelay ?? false };
    const ctx: ServerContext = {
      relayControl: this.relayControl,
      discard: (s, m, why) => this.discard(s, m, why),
      host: cfg.host, hostname: cfg.hostname, profile: p, localDomains, mailboxes: this.mailboxes, hasMailboxes: cfg.mailboxes !== undefined,
      relayDomains: cfg.relayDomains ?? [], relayClients: cfg.relayClients ?? [], spoolLimit: cfg.spoolLimit ?? 0,
      spoolUsed: () => this.queued,
      diskFull: () => this.diskFull,
      enqueue: (s, m) => this.receive(s, m),
      refused: (s, stage, r, policy) => {
        if (env.bus.on) env.bus.emit({ t: env.kernel.now, type: "mta.refused", host: cfg.host, message: "", client: s.client,
          stage, code: r.code, enhanced: r.enhanced, policy });
      },
    };
    const parts = assemble(cfg, env, ctx);
    this.parts = parts;
    for (const n of parts.expands) this.mailboxes.expands.add(n);
    env.listeners.listen(cfg.host, 25, mtaServer(ctx, () => parts.policies));
    const submission = parts.submission;
    if (cfg.submission !== undefined && submission !== undefined) env.listeners.listen(cfg.host, cfg.submission.port, mtaServer(ctx, () => submission));
    env.net.watchHosts((h, up) => {
      if (h === cfg.host && up) this.resume();
    });
  }

  /** The POP-before-SMTP table (when configured): a POP login opens relaying for the client's address. */
  get popBeforeSmtp(): PopBeforeSmtp | undefined {
    return this.parts.popBeforeSmtp;
  }

  /** A configuration change at run time (closing an open relay, S23); each setting changed is traced. */
  reconfigure(change: { readonly openRelay?: boolean }): void {
    const { kernel, bus } = this.env;
    if (change.openRelay === undefined) return;
    this.relayControl.open = change.openRelay;
    if (bus.on) bus.emit({ t: kernel.now, type: "mta.reconfigured", host: this.cfg.host, setting: "openRelay", value: String(change.openRelay) });
  }

  /** The spool's disk fills or is freed (a fault): while full, new mail is refused with 452 4.3.1. */
  setDiskFull(full: boolean): void {
    this.diskFull = full;
  }

  /**
   * Messages in the queue now, split into active (being tried) and deferred (waiting
   * for a retry), as `mailq` would show them; and the retry backlog: those that have
   * failed at least once, whether they wait now or are in a retry. An entry flips
   * from deferred to active at every retry, so during a queue run the deferred count
   * drops to zero and comes back; the backlog reads as one curve that swells in an
   * outage and drains after it (S34).
   */
  queueLength(): QueueLength {
    return { active: this.queued - this.deferredNow, deferred: this.deferredNow, backlog: this.backlogNow };
  }

  /** What observers read of this MTA (gauge.ts). */
  gauge(): MtaGauge {
    return {
      subject: this.cfg.host,
      read: () => ({ profile: this.cfg.profile.name, queue: this.queueLength(), counts: { ...this.stats } }),
      lastDelivered: () => this.mailboxes.recent.at(-1),
    };
  }

  /** An entry leaves the queue (every recipient settled). */
  private retire(e: QueueEntry): void {
    this.queued--;
    if (e.failures.length > 0) this.backlogNow--;
  }

  /** Local submission (a user agent on this host, or a traffic generator): new items enter the ledger. */
  submit(m: Message): string {
    for (const rcpt of m.envelope.rcptTo) this.env.ledger.enter(m.id, rcpt);
    return this.enqueue(m, m.envelope.rcptTo.slice(), "");
  }

  /** A message the SMTP server accepted (end of data 250): the accepted recipients are now ours. */
  private receive(s: ServerSession, m: Message): string {
    const queueId = `${this.cfg.host}.${this.nextQueueId++}`;
    const stamped = addReceived(m, {
      helo: s.heloName, clientName: s.client, clientAddr: s.clientAddr, by: this.cfg.hostname, queueId,
      recipients: s.rcpts, at: this.env.kernel.now,
    });
    return this.enqueue(stamped, s.rcpts.slice(), s.client, queueId);
  }

  /** Access db DISCARD (sendmail $#discard): the message was accepted with 250 and is dropped here, accounted as discarded. */
  private discard(s: ServerSession, m: Message, why: string): void {
    const { kernel, ledger, bus } = this.env;
    for (const rcpt of s.rcpts) ledger.settle(m.id, rcpt, "discarded");
    this.stats.discarded += s.rcpts.length;
    if (bus.on) bus.emit({ t: kernel.now, type: "mta.discarded", host: this.cfg.host, message: m.id, client: s.client, rcpts: s.rcpts.slice(), why });
  }

  private enqueue(m: Message, rcpts: string[], from: string, queueId = `${this.cfg.host}.${this.nextQueueId++}`): string {
    const { kernel, ledger, bus } = this.env;
    if (this.parts.rewrite !== undefined) m = this.parts.rewrite(m);
    for (const rcpt of rcpts) ledger.hold(m.id, rcpt, this.queuedHere);
    const e: QueueEntry = { queueId, message: m, arrival: kernel.now, pending: rcpts, retry: [], failures: [], inFlight: 0,
      timer: null, warnings: 0, finalTry: false, state: "active" };
    this.queued++;
    this.stats.accepted++;
    if (bus.on) bus.emit({ t: kernel.now, type: "mta.queued", host: this.cfg.host, message: m.id, queueId, from, rcpts, bytes: messageBytes(m) });
    e.timer = kernel.schedule(0, this.attempt, e);
    return queueId;
  }

  /** The host came back: what fell due while it was down is tried now. */
  private resume(): void {
    const due = this.paused.splice(0);
    for (const e of due) e.timer = this.env.kernel.schedule(0, this.attempt, e);
  }

  private readonly attempt = (e: QueueEntry): void => {
    const { net } = this.env;
    e.timer = null;
    if (!net.host(this.cfg.host).up) {
      this.paused.push(e);
      return;
    }
    if (e.state === "deferred") this.deferredNow--;
    e.state = "active";
    const pending = e.pending;
    e.pending = [];
    // LDAP routing (S22): the directory's answers first, then the routing chain for the rest.
    const directory = this.parts.directory;
    const found = directory === undefined ? undefined : directory.routes(pending, (f) => this.dispatch(e, pending, f));
    if (found !== null) this.dispatch(e, pending, found);
  };

  private dispatch(e: QueueEntry, pending: readonly string[], found: ReadonlyMap<string, Route> | undefined): void {
    // With nothing to deliver the attempt is over now; else the agent settles it when its last delivery ends.
    if (pending.length === 1) {
      // Most mail: one recipient, one route, one delivery, nothing to group.
      const r = this.routeOne(e, pending[0], found);
      if (r === null) this.settle(e);
      else this.agent.launchOne(e, r.dest ?? destinationOf(r.hosts), r.hosts, pending);
      return;
    }
    // Recipients grouped by destination, in first-seen order; an index by destination only for
    // long recipient lists (a list expansion), most messages name one or two domains.
    const groups: { dest: string; hosts: RelayRoute["hosts"]; rcpts: string[] }[] = [];
    const index = pending.length > 8 ? new Map<string, number>() : undefined;
    for (const rcpt of pending) {
      const r = this.routeOne(e, rcpt, found);
      if (r === null) continue;
      const key = r.dest ?? destinationOf(r.hosts);
      let gi = index?.get(key) ?? -1;
      if (index === undefined) for (let i = 0; i < groups.length && gi < 0; i++) if (groups[i].dest === key) gi = i;
      if (gi < 0) {
        gi = groups.push({ dest: key, hosts: r.hosts, rcpts: [] }) - 1;
        index?.set(key, gi);
      }
      groups[gi].rcpts.push(rcpt);
    }
    if (groups.length === 0) this.settle(e);
    else this.agent.launch(e, groups);
  }

  /** Route one recipient: a relay route to deliver by, or null when it was handled here (local, error). */
  private routeOne(e: QueueEntry, rcpt: string, found: ReadonlyMap<string, Route> | undefined): RelayRoute | null {
    const { kernel, bus } = this.env;
    const r = found?.get(rcpt) ?? this.routeFor(rcpt);
    if (bus.on) bus.emit({ t: kernel.now, type: "mta.route", host: this.cfg.host, message: e.message.id, rcpt, step: r.step, next: routeNext(r), why: r.why });
    if (r.kind === "local") this.deliverLocal(e, rcpt, r.user);
    else if (r.kind === "error" && r.reply.code < 500) e.retry.push({ rcpt, reply: r.reply }); // a directory failure: try later
    else if (r.kind === "error") this.bounce(e, [{ rcpt, reply: r.reply }]);
    else return r;
    return null;
  }

  /**
   * The routing chain's answer for `rcpt`. Answers for non-local domains depend only
   * on the domain and this MTA's configuration, so they are remembered per domain.
   */
  private routeFor(rcpt: string): Route {
    const domain = domainOf(rcpt);
    const cached = this.routeCache.get(domain);
    if (cached !== undefined) return cached;
    const r = routeOf(this.routing, rcpt);
    if (r.kind !== "local") this.routeCache.set(domain, r);
    return r;
  }

  private deliverLocal(e: QueueEntry, rcpt: string, user: string): void {
    const { kernel, bus, ledger } = this.env;
    const box = this.mailboxes;
    const x = this.parts.expand?.(user, e.message);
    if (x !== undefined && x !== null) {
      // The address is an alias or a list: this copy ends here, and each member's copy starts (RFC 3464 Action: expanded).
      ledger.settle(e.message.id, rcpt, "expanded");
      this.stats.expanded++;
      if (bus.on) bus.emit({ t: kernel.now, type: "mta.expanded", host: this.cfg.host, message: e.message.id, rcpt, kind: x.kind,
        into: x.messages.map((m) => m.id), members: x.messages.reduce((n, m) => n + m.envelope.rcptTo.length, 0), why: x.why });
      for (const m of x.messages) this.submit(m);
      return;
    }
    if (!box.has(user)) {
      this.bounce(e, [{ rcpt, reply: replyFor("userUnknown", { rcpt }) }]);
      return;
    }
    box.deliver(user, rcpt, e.message);
    ledger.settle(e.message.id, rcpt, "delivered");
    this.stats.delivered++;
    if (bus.on) bus.emit({ t: kernel.now, type: "mta.delivered", host: this.cfg.host, message: e.message.id, rcpts: [rcpt], to: `mailbox:${user}`, code: 250 });
  }

  /** The attempt is over: retire the entry, or defer what is left per the retry law. */
  private settle(e: QueueEntry): void {
    const { kernel, bus } = this.env;
    if (e.retry.length === 0) return this.retire(e);
    const deferred = e.retry;
    e.retry = [];
    const last = deferred[deferred.length - 1].reply;
    if (e.finalTry) return this.expire(e, deferred, "the final attempt failed");
    e.failures.push(kernel.now);
    if (e.failures.length === 1) this.backlogNow++;
    const d = this.cfg.retry.next({ birth: e.arrival, failures: e.failures, nullSender: e.message.envelope.mailFrom === "" });
    if (d.action === "give-up") return this.expire(e, deferred, d.why);
    e.pending = deferred.map((x) => x.rcpt);
    e.state = "deferred";
    this.deferredNow++;
    e.finalTry = d.final;
    this.stats.deferred += e.pending.length;
    if (bus.on) bus.emit({ t: kernel.now, type: "mta.deferred", host: this.cfg.host, message: e.message.id, rcpts: e.pending,
      code: last.code, enhanced: last.enhanced, text: last.text, next: d.at });
    this.maybeWarn(e, deferred, d.at);
    e.timer = kernel.at(Math.max(d.at, kernel.now), this.attempt, e);
  }

  /** Lifetime over: the deferred recipients bounce with 4.4.7 and the last reply seen (RFC 3463). */
  private expire(e: QueueEntry, deferred: RecipientOutcome[], why: string): void {
    const expired = deferred.map((d) => ({
      rcpt: d.rcpt,
      host: d.host,
      reply: { ...replyFor("delayExpired"), text: `delivery time expired (${why}); last error: ${d.reply.code} ${d.reply.enhanced ?? ""} ${d.reply.text}` },
    }));
    this.bounce(e, expired);
    this.retire(e);
  }

  private maybeWarn(e: QueueEntry, deferred: RecipientOutcome[], until: number): void {
    const due = this.cfg.retry.warningDue(e.arrival, e.warnings);
    if (due === null || due > this.env.kernel.now) return;
    e.warnings++;
    const notice = this.notice(e, "delay", deferred, until);
    if (notice !== "" && this.env.bus.on) this.env.bus.emit({ t: this.env.kernel.now, type: "mta.warned", host: this.cfg.host, message: e.message.id, notice });
  }

  /** Recipients failed for good: settle them as bounced and send the DSN (if any is due). */
  private bounce(e: QueueEntry, failed: readonly RecipientOutcome[]): void {
    const { kernel, bus, ledger } = this.env;
    for (const f of failed) ledger.settle(e.message.id, f.rcpt, "bounced");
    this.stats.bounced += failed.length;
    const notice = this.notice(e, "failure", failed);
    if (bus.on) {
      const r = failed[0].reply;
      bus.emit({ t: kernel.now, type: "mta.bounced", host: this.cfg.host, message: e.message.id, rcpts: failed.map((f) => f.rcpt),
        code: r.code, enhanced: r.enhanced, text: r.text, notice });
    }
  }

  /** Build and submit a DSN about `e`; returns its message id, or "" when none is sent. */
  private notice(e: QueueEntry, kind: "failure" | "delay", about: readonly RecipientOutcome[], until?: number): string {
    const { kernel } = this.env;
    const id = `${this.cfg.host}-dsn-${this.nextNotice++}`;
    const dsn = buildDsn({
      original: e.message, kind, id, reportingMta: this.cfg.hostname, arrival: e.arrival, at: kernel.now,
      recipients: about.map((r) => ({ recipient: r.rcpt, reply: r.reply, remoteMta: r.host, lastAttempt: kernel.now })),
      willRetryUntil: until, format: this.cfg.profile.dsn, postmaster: `${this.cfg.profile.doubleBounceTo}@${this.cfg.localDomains[0] ?? this.cfg.hostname}`,
      returnContent: kind === "delay" ? "headers" : "full",
    });
    if (dsn.kind === "none") return "";
    this.stats.notices++;
    this.submit(dsn.message);
    return id;
  }

  /** Recipients' domains this MTA is final for (for explanations and tests). */
  isFinalFor(rcpt: string): boolean {
    return this.routing.localDomains.includes(domainOf(rcpt)) && this.mailboxes.has(rcpt.slice(0, rcpt.lastIndexOf("@")));
  }
}

/** When a retry schedule would next try, from a failure history (Exim's host retry hints). */
function decisionTime(s: RetrySchedule, h: { birth: number; failures: readonly number[]; firstFailure: number }, now: number): number {
  const d = s.next(h);
  return d.action === "retry" ? d.at : now + 86_400;
}
