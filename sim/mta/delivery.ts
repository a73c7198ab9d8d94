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
  isPermanent, isPositive, replyFor, runSession, type Message, type Reply, type SessionResult, type SmtpListeners,
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
  delivered: RecipientOutcome[];
  bounced: RecipientOutcome[];
  deferred: RecipientOutcome[];
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
}

const withRecipients = (m: Message, rcpts: readonly string[]): Message => ({ ...m, envelope: { ...m.envelope, rcptTo: rcpts } });

/** Try `candidates` in order for `rcpts` of `message`; `done` gets each recipient's fate. */
export function deliverChunk(env: DeliveryEnv, message: Message, rcpts: readonly string[], candidates: readonly MxCandidate[], done: (o: ChunkOutcome) => void): void {
  const out: ChunkOutcome = { delivered: [], bounced: [], deferred: [], sessions: 0, reached: false };
  const { kernel, net, profile } = env;
  let lastReply: Reply = replyFor("noAnswer", { host: candidates[0]?.host ?? "(none)", addr: candidates[0]?.address ?? "" });
  let lastHost: string | undefined;
  // Postfix smtp_mx_session_limit: sessions that reach EHLO count against the limit.
  let sessionsReached = 0;

  const finishDeferred = (pending: readonly string[]): void => {
    for (const rcpt of pending) out.deferred.push({ rcpt, reply: lastReply, host: lastHost, exhausted: true });
    done(out);
  };

  const attempt = (i: number, pending: readonly string[]): void => {
    if (pending.length === 0) return done(out);
    if (i >= candidates.length || sessionsReached >= profile.mx.maxSessions) return finishDeferred(pending);
    const c = candidates[i];
    if (env.hostStatus.suspended(c.address, kernel.now)) {
      lastReply = { ...replyFor("noAnswer", { host: c.host, addr: c.address }), text: `${c.host}[${c.address}]: host status: down (remembered failure)` };
      return attempt(i + 1, pending);
    }
    const server = net.hostByAddr(c.address);
    out.sessions++;
    if (server === undefined) {
      // Nobody has the address: the SYN goes nowhere and the connect times out.
      kernel.schedule(env.timeouts.connect, () => {
        lastReply = replyFor("noAnswer", { host: c.host, addr: c.address });
        env.hostStatus.failure(c.address, kernel.now, "timeout");
        attempt(i + 1, pending);
      });
      return;
    }
    runSession(env, { client: env.host, server: server.name, helo: env.helo, message: withRecipients(message, pending), timeouts: env.timeouts, tls: env.tls },
      (r) => judge(i, c, server.name, pending, r));
  };

  const judge = (i: number, c: MxCandidate, server: string, pending: readonly string[], r: SessionResult): void => {
    if (r.stage !== "connect") {
      out.reached = true;
      if (r.stage !== "greeting") sessionsReached++;
    }
    // Recipient-level replies are final for this attempt whatever happens next.
    const perRecipient = (rcptIndex: number, rcpt: string, dataOk: boolean): "done" | "retry-elsewhere" => {
      const rr = r.rcpt[rcptIndex];
      if (rr === undefined) return "retry-elsewhere";
      if (isPositive(rr)) {
        if (!dataOk) return "retry-elsewhere";
        out.delivered.push({ rcpt, reply: r.data ?? rr, host: server });
      } else if (isPermanent(rr)) out.bounced.push({ rcpt, reply: rr, host: server });
      else out.deferred.push({ rcpt, reply: rr, host: server });
      return "done";
    };
    if (r.stage === "done" && r.data !== null && isPositive(r.data)) {
      env.hostStatus.success(c.address);
      pending.forEach((rcpt, j) => perRecipient(j, rcpt, true));
      return done(out);
    }
    if (r.stage === "rcpt") {
      env.hostStatus.success(c.address);
      pending.forEach((rcpt, j) => perRecipient(j, rcpt, false));
      return done(out);
    }
    const failure = r.stage === "done" ? r.data! : r.failure!;
    lastReply = failure;
    lastHost = failure.local ? undefined : server;
    if (isPermanent(failure) && !(r.stage === "greeting" && profile.nextMxAfter5xxGreeting)) {
      // The transaction was refused outright: every recipient still pending bounces,
      // except those that already got their own verdict at RCPT.
      const rest: string[] = [];
      pending.forEach((rcpt, j) => {
        const rr = r.rcpt[j];
        if (rr !== undefined && !isPositive(rr)) perRecipient(j, rcpt, false);
        else rest.push(rcpt);
      });
      for (const rcpt of rest) out.bounced.push({ rcpt, reply: failure, host: lastHost });
      return done(out);
    }
    if (r.stage === "connect" || failure.local) {
      env.hostStatus.failure(c.address, kernel.now, /timed out/.test(failure.text) ? "timeout" : failure.enhanced === "4.4.2" ? "temporary" : "refused");
    }
    const connectionLevel = r.stage === "connect" || failure.local === true;
    if (connectionLevel || profile.nextMxAfterTempFail || isPermanent(failure)) {
      // Recipients the server already refused keep that verdict; the rest try the next address.
      const rest: string[] = [];
      pending.forEach((rcpt, j) => {
        const rr = r.rcpt[j];
        if (rr !== undefined && !isPositive(rr)) perRecipient(j, rcpt, false);
        else rest.push(rcpt);
      });
      return attempt(i + 1, rest);
    }
    finishDeferred(pending);
  };

  attempt(0, rcpts);
}
