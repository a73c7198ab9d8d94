/**
 * An SMTP session, client and server, over the simulated network.
 *
 * The dialogue is the real one (RFC 5321 §3, §4.1): connect, 220 greeting, EHLO,
 * MAIL FROM (with SIZE=, RFC 1870), one RCPT TO per recipient, DATA, the body,
 * the end-of-data reply, QUIT. Every reply is a real {@link Reply} with its basic
 * and enhanced code. The server's decisions are made by {@link ServerHooks}, the
 * place where the MTA layer plugs in local-domain acceptance, relay control,
 * access db, DNSBL and limits, each at the SMTP step where real MTAs make it.
 *
 * Timing. Each command exchange costs one round trip: path latency both ways plus
 * the command and reply bytes at the path's bottleneck bandwidth. With PIPELINING
 * (RFC 2920), advertised by the server and used by the client, MAIL, every RCPT
 * and DATA travel together and cost one round trip. The body is a real transfer
 * (a flow sharing the links max-min with every other transfer), so a busy line
 * slows a session down exactly as it would slow a real one.
 *
 * One kernel event per round trip. The session advances in events at the
 * *server*: when a command arrives the hook decides, and the next command is
 * known to arrive one round trip later (reply back, next command out). The client
 * learns the outcome in a final event when the last reply reaches it.
 *
 * Failures. A refused or timed-out connect, a greeting of 421/554, a server that
 * dies mid-session (the client waits out the RFC 5321 §4.5.3.2 timeout of the
 * command it was in), a broken body transfer: each ends the session with a
 * client-side reply (`local: true`) saying what happened, which the queue manager
 * turns into a deferral or a bounce.
 */
import type { Kernel, TraceBus } from "../engine";
import type { ConnectOutcome, Network } from "../net";
import { angle } from "./envelope";
import { messageBytes, type Message } from "./message";
import { isPositive, REPLIES, replyFor, type Reply } from "./reply";
import "./session-events";

/** Client-side timeouts, seconds (RFC 5321 §4.5.3.2). */
export interface SmtpTimeouts {
  connect: number;
  greeting: number;
  ehlo: number;
  mail: number;
  rcpt: number;
  dataInit: number;
  dataBlock: number;
  dataTermination: number;
}

/** RFC 5321 §4.5.3.2 minimums; `connect` is the BSD TCP connection timeout. */
export const RFC5321_TIMEOUTS: SmtpTimeouts = {
  connect: 75, greeting: 300, ehlo: 300, mail: 300, rcpt: 300, dataInit: 120, dataBlock: 180, dataTermination: 600,
};

/** What the server advertises after EHLO (RFC 5321 §4.1.1.1, RFC 1870, RFC 2920, RFC 3207, RFC 4954). */
export interface Extensions {
  size?: number;
  pipelining?: boolean;
  eightBitMime?: boolean;
  dsn?: boolean;
  starttls?: boolean;
  auth?: readonly string[];
}

/** What the server knows about one session; hooks may keep their own state in `policy`. */
export interface ServerSession {
  readonly id: number;
  readonly server: string;
  readonly client: string;
  readonly clientAddr: string;
  heloName: string;
  mailFrom: string | null;
  /** Recipients accepted so far in this transaction. */
  rcpts: string[];
  /** Free slot for the policy layer (e.g. AUTH identity, relay permission). */
  policy: Record<string, unknown>;
}

/**
 * The server side: each hook runs when its command arrives and returns the reply.
 * `endOfData` runs when the last byte of the body has arrived; a 2xx reply means
 * the server has taken responsibility for the message (RFC 5321 §4.1.1.4, §6.1).
 */
export interface ServerHooks {
  readonly host: string;
  extensions(s: ServerSession): Extensions;
  connect(s: ServerSession): Reply;
  ehlo(s: ServerSession): Reply;
  mail(s: ServerSession, from: string, size: number): Reply;
  rcpt(s: ServerSession, to: string): Reply;
  data(s: ServerSession): Reply;
  endOfData(s: ServerSession, message: Message): Reply;
  /** The session ended (QUIT or failure); release per-session resources. */
  close?(s: ServerSession): void;
}

/** SMTP servers by (host, port): what a connecting client finds listening. */
export class SmtpListeners {
  private readonly servers = new Map<string, ServerHooks>();
  private sessions = 0;
  constructor(private readonly net: Network) {}

  /** Session ids are per simulation, so two runs in one process trace the same ids. */
  newSessionId(): number {
    return ++this.sessions;
  }

  listen(host: string, port: number, hooks: ServerHooks): void {
    this.servers.set(`${host}:${port}`, hooks);
    this.net.listen(host, port);
  }

  unlisten(host: string, port: number): void {
    this.servers.delete(`${host}:${port}`);
    this.net.unlisten(host, port);
  }

  get(host: string, port: number): ServerHooks | undefined {
    return this.servers.get(`${host}:${port}`);
  }
}

export interface SessionRequest {
  /** Client host name. */
  client: string;
  /** Server host name (the address the MX lookup gave, resolved to its host). */
  server: string;
  port?: number;
  helo: string;
  /** The message; its envelope's recipients are the ones this session delivers. */
  message: Message;
  /** Use PIPELINING when the server offers it. */
  pipelining?: boolean;
  timeouts?: SmtpTimeouts;
}

export type SessionStage = "connect" | "greeting" | "ehlo" | "mail" | "rcpt" | "data" | "body" | "done";

export interface SessionResult {
  /** Where the session ended. "done" = the end-of-data reply was received. */
  stage: SessionStage;
  /** The reply that ended the session early (server's or a local one), if any. */
  failure: Reply | null;
  /** One reply per envelope recipient, in order (undefined when never asked). */
  rcpt: (Reply | undefined)[];
  /** The end-of-data reply. Recipients with a 2xx RCPT reply are delivered when it is 2xx. */
  data: Reply | null;
  roundTrips: number;
  /** Bytes of commands and replies plus the body. */
  bytes: number;
  start: number;
  end: number;
}

/** Bytes of a command or reply line with CRLF (for the round-trip cost). */
const line = (s: string): number => s.length + 2;

export interface SessionEnv {
  kernel: Kernel;
  net: Network;
  bus: TraceBus;
  listeners: SmtpListeners;
}

/** Run one SMTP session; `done` hears the result from a kernel event. */
export function runSession(env: SessionEnv, req: SessionRequest, done: (r: SessionResult) => void): void {
  const { kernel, net, bus } = env;
  const port = req.port ?? 25;
  const timeouts = req.timeouts ?? RFC5321_TIMEOUTS;
  const msg = req.message;
  const rcpts = msg.envelope.rcptTo;
  const size = messageBytes(msg);
  const result: SessionResult = {
    stage: "connect", failure: null, rcpt: new Array<Reply | undefined>(rcpts.length), data: null,
    roundTrips: 0, bytes: 0, start: kernel.now, end: kernel.now,
  };
  const sid = env.listeners.newSessionId();
  let hooks: ServerHooks | undefined;
  let ss: ServerSession;
  let oneWay = 0;
  let bottleneck = Infinity;

  const emit = (stage: string, r: Reply | null): void => {
    if (bus.on) bus.emit({ t: kernel.now, type: "smtp.reply", host: req.client, session: sid, server: req.server,
      stage, code: r?.code ?? 0, enhanced: r?.enhanced ?? null, text: r?.text ?? "" });
  };
  /** The client receives the final reply (or gives up) `delay` seconds from now. */
  const finish = (stage: SessionStage, failure: Reply | null, delay: number): void => {
    result.stage = stage;
    result.failure = failure;
    kernel.schedule(delay, () => {
      result.end = kernel.now;
      if (hooks !== undefined && ss !== undefined) hooks.close?.(ss);
      if (bus.on) bus.emit({ t: kernel.now, type: "smtp.end", host: req.client, session: sid, server: req.server,
        stage, code: failure?.code ?? result.data?.code ?? 0, roundTrips: result.roundTrips });
      done(result);
    });
  };
  /**
   * Time from the server's decision on one command to the arrival of the next:
   * the reply travels back, the client's next command travels out, each line at
   * the bottleneck's bandwidth. Counted as one round trip of the dialogue.
   */
  const rtt = (replyBytes: number, nextCommandBytes: number): number => {
    result.roundTrips++;
    result.bytes += replyBytes + nextCommandBytes;
    return 2 * oneWay + ((replyBytes + nextCommandBytes) * 8) / bottleneck;
  };
  /** The server has died or become unreachable while the client waits for a reply. */
  const serverGone = (): boolean => !net.host(req.server).up || !net.host(req.client).up || net.latency(req.client, req.server) === Infinity;
  const lost = (stage: SessionStage, timeout: number): void => {
    emit(stage, null);
    finish(stage, replyFor("lostConnection", { host: req.server, addr: ss.clientAddr }), timeout - oneWay);
  };

  if (bus.on) bus.emit({ t: kernel.now, type: "smtp.connect", host: req.client, session: sid, server: req.server, port,
    mailFrom: msg.envelope.mailFrom, rcpts: rcpts.length, bytes: size, message: msg.id });

  net.connect(req.client, req.server, port, (o: ConnectOutcome) => {
    if (!o.ok) {
      const addr = net.host(req.server).addrs[0] ?? req.server;
      const r = o.reason === "refused" || o.reason === "filtered"
        ? replyFor("connectionRefused", { host: req.server, addr })
        : replyFor("noAnswer", { host: req.server, addr });
      emit("connect", r);
      return finish("connect", r, 0);
    }
    hooks = env.listeners.get(req.server, port);
    if (hooks === undefined) throw new Error(`smtp: ${req.server}:${port} accepts connections but has no SMTP server`);
    const path = net.path(req.client, req.server) ?? [];
    oneWay = o.rtt / 2;
    for (const l of path) bottleneck = Math.min(bottleneck, l.bandwidth);
    result.roundTrips++;
    const clientHost = net.host(req.client);
    ss = { id: sid, server: req.server, client: req.client, clientAddr: clientHost.addrs[0] ?? "0.0.0.0",
      heloName: "", mailFrom: null, rcpts: [], policy: {} };
    // The server accepts when the handshake's last ACK reaches it, one way after the client's SYN-ACK.
    kernel.schedule(oneWay, greet);
  }, timeouts.connect);

  const greet = (): void => {
    if (serverGone()) return lost("greeting", timeouts.greeting);
    const g = hooks!.connect(ss);
    emit("greeting", g);
    const text = `${g.code} ${g.text}`;
    if (g.code !== 220) return finish("greeting", g, oneWay + (line(text) * 8) / bottleneck);
    kernel.schedule(rtt(line(text), line(`EHLO ${req.helo}`)), ehlo);
  };

  const ehlo = (): void => {
    const h = hooks!;
    if (serverGone()) return lost("ehlo", timeouts.ehlo);
    ss.heloName = req.helo;
    const r = h.ehlo(ss);
    emit("ehlo", r);
    if (!isPositive(r)) return finish("ehlo", r, oneWay);
    const ext = h.extensions(ss);
    if (ext.size !== undefined && ext.size > 0 && size > ext.size) {
      // RFC 1870 §6: a client that knows the message is too big does not send it.
      const tooBig = { ...REPLIES.tooBig, local: true };
      emit("mail", tooBig);
      return finish("mail", tooBig, oneWay);
    }
    const pipelined = req.pipelining !== false && ext.pipelining === true;
    // The multi-line EHLO reply back, the first transaction command out.
    const wait = rtt(6 * line("250-PIPELINING"), mailLine());
    if (pipelined) kernel.schedule(wait, envelopePipelined);
    else kernel.schedule(wait, mailFrom);
  };

  const mailCmd = (): Reply => {
    const r = hooks!.mail(ss, msg.envelope.mailFrom, size);
    if (isPositive(r)) ss.mailFrom = msg.envelope.mailFrom;
    emit("mail", r);
    return r;
  };
  const rcptCmd = (i: number): Reply => {
    const r = hooks!.rcpt(ss, rcpts[i]);
    result.rcpt[i] = r;
    if (isPositive(r)) ss.rcpts.push(rcpts[i]);
    emit("rcpt", r);
    return r;
  };
  const mailLine = (): number => line(`MAIL FROM:${angle(msg.envelope.mailFrom)} SIZE=${size}`);

  /** RFC 2920: MAIL, RCPT... and DATA in one round trip; the server answers each in order. */
  const envelopePipelined = (): void => {
    if (serverGone()) return lost("mail", timeouts.mail);
    const m = mailCmd();
    let out = line("DATA");
    for (let i = 0; i < rcpts.length; i++) {
      out += line(`RCPT TO:${angle(rcpts[i])}`);
      if (isPositive(m)) rcptCmd(i);
    }
    const wait = rtt(out, (rcpts.length + 2) * line("250 2.1.5 Ok"));
    if (!isPositive(m)) return finish("mail", m, wait - oneWay);
    if (ss.rcpts.length === 0) return finish("rcpt", firstFailure(), wait - oneWay);
    const d = hooks!.data(ss);
    emit("data", d);
    if (d.code !== 354) return finish("data", d, wait - oneWay);
    // The 354 comes back with the other replies; the body starts when it arrives.
    kernel.schedule(wait - oneWay, body);
  };

  const mailFrom = (): void => {
    if (serverGone()) return lost("mail", timeouts.mail);
    const m = mailCmd();
    const wait = rtt(line("250 2.1.0 Ok"), line(`RCPT TO:${angle(rcpts[0])}`));
    if (!isPositive(m)) return finish("mail", m, wait - oneWay);
    kernel.schedule(wait, rcptTo, 0);
  };

  const rcptTo = (i: number): void => {
    if (serverGone()) return lost("rcpt", timeouts.rcpt);
    rcptCmd(i);
    const wait = rtt(line("250 2.1.5 Ok"), i + 1 < rcpts.length ? line(`RCPT TO:${angle(rcpts[i + 1])}`) : line("DATA"));
    if (i + 1 < rcpts.length) return void kernel.schedule(wait, rcptTo, i + 1);
    if (ss.rcpts.length === 0) return finish("rcpt", firstFailure(), wait - oneWay);
    kernel.schedule(wait, dataCmd);
  };

  const dataCmd = (): void => {
    if (serverGone()) return lost("data", timeouts.dataInit);
    const d = hooks!.data(ss);
    emit("data", d);
    const wait = rtt(line("354 End data with <CR><LF>.<CR><LF>"), 0);
    if (d.code !== 354) return finish("data", d, wait - oneWay);
    kernel.schedule(wait - oneWay, body);
  };

  /** The body is a flow; its last byte arriving is the end of data (RFC 5321 §4.1.1.4). */
  const body = (): void => {
    result.bytes += size;
    net.transfer(req.client, req.server, size, (o) => {
      if (!o.ok || serverGone()) {
        // No RST comes from a dead host: the client waits out the data-block timeout.
        emit("body", null);
        return finish("body", replyFor("lostConnection", { host: req.server, addr: ss.clientAddr }), timeouts.dataBlock);
      }
      const r = hooks!.endOfData(ss, msg);
      result.data = r;
      emit("dot", r);
      // The reply travels back; QUIT/221 follows without delaying anything.
      result.roundTrips++;
      result.bytes += line("250 2.0.0 Ok: queued") + line("QUIT") + line("221 2.0.0 Bye");
      finish("done", isPositive(r) ? null : r, oneWay);
    });
  };

  /** When every RCPT failed, the session's failure is the first recipient's reply. */
  const firstFailure = (): Reply => result.rcpt.find((r) => r !== undefined && !isPositive(r)) ?? REPLIES.transactionFailed;
}
