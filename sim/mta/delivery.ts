/**
 * One delivery: a message and some of its recipients, tried at each candidate
 * address in order until one of them takes responsibility (RFC 5321 §5.1: "the
 * SMTP client SHOULD try at least two addresses", in preference order).
 *
 * What each reply means for the recipients (RFC 5321 §4.2.1, §4.5.4; Postfix
 * smtp_trouble.c; sendmail deliver.c):
 *  - end-of-data 2xx: recipients whose RCPT got 2xx are delivered to that host; a
 *    RCPT 5xx bounces its recipient; a RCPT 4xx defers it (no other MX is tried
 *    for a recipient-level reply: the server answered, and it said "later");
 *  - a connection that fails (refused, timed out, lost) or a 4xx greeting or
 *    transaction reply: the host is noted in host-status memory and the next
 *    candidate is tried (for 4xx transaction replies only where the profile says so);
 *  - a 5xx for the whole transaction (MAIL, DATA, end of data) bounces; a 5xx
 *    greeting moves to the next MX where the profile does so.
 * When no candidate is left the recipients still pending are deferred with the
 * last reply seen, which the queue manager schedules for retry.
 */
import type { Kernel, TraceBus } from "../engine";
import type { Network } from "../net";
import {
  isPermanent, isPositive, reply, replyFor, runSession, type Message, type Reply, type SessionResult, type SmtpListeners,
  type SmtpTimeouts, type TlsLevel,
} from "../smtp";
import type { HostStatus } from "./host-status";
import type { MxCandidate } from "./mx";
import type { MtaProfile } from "./profiles";

export interface RecipientOutcome {
  readonly rcpt: string;
  readonly reply: Reply;
  /** The host that gave the reply (name), if any. */
  readonly host?: string;
  /** Deferred because every candidate failed (not by a recipient-level 4xx): FallbackMX material. */
  readonly exhausted?: boolean;
}

export interface ChunkOutcome {
  delivered: readonly RecipientOutcome[];
  bounced: readonly RecipientOutcome[];
  deferred: readonly RecipientOutcome[];
  /** Sessions opened (connect attempts). */
  sessions: number;
  /** True if some candidate was reached and answered at all. */
  reached: boolean;
}

export interface DeliveryEnv {
  kernel: Kernel;
  net: Network;
  bus: TraceBus;
  listeners: SmtpListeners;
  /** This MTA's host name on the network, and the name it gives in EHLO. */
  host: string;
  helo: string;
  profile: MtaProfile;
  hostStatus: HostStatus;
  timeouts: SmtpTimeouts;
  /** STARTTLS security level for outgoing sessions (smtp/starttls.ts). */
  tls?: TlsLevel;
  /**
   * sendmail's SingleThreadDelivery: the hosts this MTA has a connection to now. A
   * delivery finding its host here skips it with 4.4.5 as if it had failed for now
   * (deliver.c: mci_lock_host fails, mci_setstat EX_TEMPFAIL "4.4.5", next MX).
   * Undefined when the option is off, the default.
   */
  busyHosts?: Set<string>;
}

/** What a delivery records for a host another delivery of the same MTA holds (SingleThreadDelivery). */
const hostLocked = (host: string): Reply => reply(451, "4.4.5", `${host}: host is busy with another delivery (SingleThreadDelivery)`, true);

/** The message as sent to these recipients: itself when they are all of its recipients (most mail), else a copy. */
function withRecipients(m: Message, rcpts: readonly string[]): Message {
  const all = m.envelope.rcptTo;
  if (all.length === rcpts.length && rcpts.every((r, i) => r === all[i])) return m;
  return { ...m, envelope: { ...m.envelope, rcptTo: rcpts } };
}

/**
 * Try `candidates` in order for `rcpts` of `message`. When none of them can be tried
 * now (every one remembered down in host-status memory) the outcome, all deferred,
 * is returned at once and `done` is not called; else this returns null and
 * `done(outcome)` hears each recipient's fate from a kernel event.
 */
export function deliverChunk(env: DeliveryEnv, message: Message, rcpts: readonly string[], candidates: readonly MxCandidate[],
  done: (o: ChunkOutcome) => void): ChunkOutcome | null {
  const d = new Delivery(env, message, candidates, done);
  const first = d.nextCandidate(0);
  if (first < 0 || rcpts.length === 0) return d.deferredNow(rcpts);
  d.open(first, rcpts);
  return null;
}

const NOBODY: readonly string[] = Object.freeze([]);
const NONE: readonly RecipientOutcome[] = Object.freeze([]);
type Fate = "delivered" | "bounced" | "deferred";

/** One delivery's state: the candidates tried so far and what each recipient got. */
class Delivery {
  // The lists start as one shared empty list and get their own on the first entry:
  // a delivery usually fills one of the three (and this runs at every hop).
  private readonly out: ChunkOutcome = { delivered: NONE, bounced: NONE, deferred: NONE, sessions: 0, reached: false };
  /** The last failure seen (made only when one happens: most deliveries succeed at once). */
  private lastReply: Reply | null = null;
  private lastHost: string | undefined;
  /** Postfix smtp_mx_session_limit: sessions that reach EHLO count against the limit. */
  private sessionsReached = 0;
  /** The session running now: which candidate, its host, and the recipients it carries. */
  private tried = 0;
  private server = "";
  private pending: readonly string[] = NOBODY;

  constructor(
    private readonly env: DeliveryEnv,
    private readonly message: Message,
    private readonly candidates: readonly MxCandidate[],
    private readonly report: (o: ChunkOutcome) => void,
  ) {}

  private add(fate: Fate, o: RecipientOutcome): void {
    const list = this.out[fate];
    if (list === NONE) this.out[fate] = [o];
    else (list as RecipientOutcome[]).push(o);
  }

  private done(o: ChunkOutcome): void {
    this.report(o);
  }

  /** Every recipient still pending is deferred: the outcome as it stands. */
  deferredNow(pending: readonly string[]): ChunkOutcome {
    const c = this.candidates[0];
    const reply = this.lastReply ?? replyFor("noAnswer", { host: c?.host ?? "(none)", addr: c?.address ?? "" });
    for (const rcpt of pending) this.add("deferred", { rcpt, reply, host: this.lastHost, exhausted: true });
    return this.out;
  }

  /**
   * The first candidate from `i` on that may be tried now, or -1 when none is left
   * (or the profile's session limit is reached). Candidates remembered down in
   * host-status memory are skipped, their remembered failure kept as the last reply.
   */
  nextCandidate(i: number): number {
    const { env, candidates } = this;
    const now = env.kernel.now;
    for (; i < candidates.length && this.sessionsReached < env.profile.mx.maxSessions; i++) {
      const c = candidates[i];
      if (env.hostStatus.suspended(c.address, now)) {
        this.lastReply = { ...replyFor("noAnswer", { host: c.host, addr: c.address }), text: `${c.host}[${c.address}]: host status: down (remembered failure)` };
      } else if (env.busyHosts?.has(c.host) === true) this.lastReply = hostLocked(c.host);
      else return i;
    }
    return -1;
  }

  /** Candidate `from` or the next one that may be tried, for `pending`; called from kernel events. */
  private attempt(from: number, pending: readonly string[]): void {
    if (pending.length === 0) return this.done(this.out);
    const i = this.nextCandidate(from);
    if (i < 0) return this.done(this.deferredNow(pending));
    this.open(i, pending);
  }

  /** A session with candidate `i` (one {@link nextCandidate} chose) for `pending`. */
  open(i: number, pending: readonly string[]): void {
    const { env, out, candidates } = this;
    const { kernel, net } = env;
    const c = candidates[i];
    const server = net.hostByAddr(c.address);
    out.sessions++;
    env.busyHosts?.add(c.host);
    if (server === undefined) {
      // Nobody has the address: the SYN goes nowhere and the connect times out.
      kernel.schedule(env.timeouts.connect, () => {
        env.busyHosts?.delete(c.host);
        this.lastReply = replyFor("noAnswer", { host: c.host, addr: c.address });
        env.hostStatus.failure(c.address, kernel.now, "timeout");
        this.attempt(i + 1, pending);
      });
      return;
    }
    this.tried = i;
    this.server = server.name;
    this.pending = pending;
    runSession(env, { client: env.host, server: server.name, helo: env.helo, message: withRecipients(this.message, pending), timeouts: env.timeouts, tls: env.tls },
      (r) => this.judge(r));
  }

  /** Recipient-level replies are final for this attempt whatever happens next. */
  private perRecipient(r: SessionResult, server: string, rcptIndex: number, rcpt: string, dataOk: boolean): void {
    const rr = r.rcpt[rcptIndex];
    if (rr === undefined) return;
    if (isPositive(rr)) {
      if (dataOk) this.add("delivered", { rcpt, reply: r.data ?? rr, host: server });
    } else if (isPermanent(rr)) this.add("bounced", { rcpt, reply: rr, host: server });
    else this.add("deferred", { rcpt, reply: rr, host: server });
  }

  /** Recipients the server already refused keep that verdict; returns the others. */
  private refusedKeepVerdict(r: SessionResult, server: string, pending: readonly string[]): string[] {
    const rest: string[] = [];
    for (let j = 0; j < pending.length; j++) {
      const rr = r.rcpt[j];
      if (rr !== undefined && !isPositive(rr)) this.perRecipient(r, server, j, pending[j], false);
      else rest.push(pending[j]);
    }
    return rest;
  }

  /** The session with candidate `tried` (host `server`) for `pending` is over: what did it achieve? */
  judge(r: SessionResult): void {
    const { env, out, server, pending } = this;
    const i = this.tried, c = this.candidates[i];
    const { kernel, profile } = env;
    env.busyHosts?.delete(c.host);
    if (r.stage !== "connect") {
      out.reached = true;
      if (r.stage !== "greeting") this.sessionsReached++;
    }
    if ((r.stage === "done" && r.data !== null && isPositive(r.data)) || r.stage === "rcpt") {
      const dataOk = r.stage === "done";
      env.hostStatus.success(c.address);
      for (let j = 0; j < pending.length; j++) this.perRecipient(r, server, j, pending[j], dataOk);
      return this.done(out);
    }
    const failure = r.stage === "done" ? r.data! : r.failure!;
    this.lastReply = failure;
    this.lastHost = failure.local ? undefined : server;
    if (isPermanent(failure) && !(r.stage === "greeting" && profile.nextMxAfter5xxGreeting)) {
      // The transaction was refused outright: every recipient still pending bounces,
      // except those that already got their own verdict at RCPT.
      for (const rcpt of this.refusedKeepVerdict(r, server, pending)) this.add("bounced", { rcpt, reply: failure, host: this.lastHost });
      return this.done(out);
    }
    if (r.stage === "connect" || failure.local) {
      env.hostStatus.failure(c.address, kernel.now, /timed out/.test(failure.text) ? "timeout" : failure.enhanced === "4.4.2" ? "temporary" : "refused");
    }
    const connectionLevel = r.stage === "connect" || failure.local === true;
    if (connectionLevel || profile.nextMxAfterTempFail || isPermanent(failure)) {
      return this.attempt(i + 1, this.refusedKeepVerdict(r, server, pending));
    }
    this.done(this.deferredNow(pending));
  }
}
