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
import type { ConnectOutcome, Host, TransferOutcome } from "../net";
import { messageBytes, type Message } from "./message";
import { isPositive, REPLIES, replyFor, type Reply } from "./reply";
import { HANDSHAKE_BYTES, judgeCertificate, planTls, type Certificate, type TlsState } from "./starttls";
import type { ServerHooks, ServerSession } from "./server";
import {
  commandLength, decimalDigits, line, replyLength, RFC5321_TIMEOUTS, type SessionEnv, type SessionRequest, type SessionResult,
  type SessionStage, type SmtpTimeouts,
} from "./dialogue";
import "./session-events";

/** Run one SMTP session; `done(result)` hears the result from a kernel event. */
export function runSession(env: SessionEnv, req: SessionRequest, done: (r: SessionResult) => void): void {
  new ClientSession(env, req, done).start();
}

// Kernel handlers, made once: a session is passed as the event's argument, so a
// session schedules its steps without allocating a closure per step.
const greetStep = (c: ClientSession): void => c.greet();
const ehloStep = (c: ClientSession): void => c.ehlo();
const authStep = (c: ClientSession): void => c.authenticate();
const tlsStep = (c: ClientSession): void => c.startTls();
const pipelinedStep = (c: ClientSession): void => c.envelopePipelined();
const mailStep = (c: ClientSession): void => c.mailFrom();
const rcptStep = (c: ClientSession): void => c.rcptTo();
const dataStep = (c: ClientSession): void => c.dataCmd();
const bodyStep = (c: ClientSession): void => c.body();
const doneStep = (c: ClientSession): void => c.deliverResult();
const connectedStep = (o: ConnectOutcome, c: ClientSession): void => c.connected(o);
const bodyDoneStep = (o: TransferOutcome, c: ClientSession): void => c.bodyDone(o.ok);

/** One session's state, advanced by the step functions above (see the file comment for the timing). */
class ClientSession {
  private readonly port: number;
  private readonly timeouts: SmtpTimeouts;
  private readonly msg: Message;
  private readonly rcpts: readonly string[];
  private readonly size: number;
  private readonly result: SessionResult;
  private readonly sid: number;
  private hooks: ServerHooks | undefined;
  /** Both ends, looked up once: whether each is still up is asked at every step. */
  private serverHost: Host | undefined;
  private clientHost: Host | undefined;
  private ss!: ServerSession;
  private oneWay = 0;
  private bottleneck = Infinity;
  private nextRcpt = 0;
  private prepared = false;
  private pipelined = false;
  private tls: TlsState | null = null;

  constructor(
    private readonly env: SessionEnv,
    private readonly req: SessionRequest,
    private readonly done: (r: SessionResult) => void,
  ) {
    this.port = req.port ?? 25;
    this.timeouts = req.timeouts ?? RFC5321_TIMEOUTS;
    this.msg = req.message;
    this.rcpts = req.message.envelope.rcptTo;
    this.size = messageBytes(req.message);
    const now = env.kernel.now;
    this.result = {
      stage: "connect", failure: null, rcpt: new Array<Reply | undefined>(this.rcpts.length), data: null,
      roundTrips: 0, bytes: 0, start: now, end: now,
    };
    this.sid = env.listeners.newSessionId();
  }

  start(): void {
    const { kernel, net, bus } = this.env;
    const req = this.req;
    if (bus.on) bus.emit({ t: kernel.now, type: "smtp.connect", host: req.client, session: this.sid, server: req.server, port: this.port,
      mailFrom: this.msg.envelope.mailFrom, rcpts: this.rcpts.length, bytes: this.size, message: this.msg.id });
    net.connect(req.client, req.server, this.port, connectedStep, this.timeouts.connect, this);
  }

  connected(o: ConnectOutcome): void {
    const { net } = this.env;
    const req = this.req;
    if (!o.ok) {
      const addr = net.host(req.server).addrs[0] ?? req.server;
      const r = o.reason === "refused" || o.reason === "filtered"
        ? replyFor("connectionRefused", { host: req.server, addr })
        : replyFor("noAnswer", { host: req.server, addr });
      this.emit("connect", r);
      return this.finish("connect", r, 0);
    }
    const hooks = this.env.listeners.get(req.server, this.port);
    if (hooks === undefined) throw new Error(`smtp: ${req.server}:${this.port} accepts connections but has no SMTP server`);
    this.hooks = hooks;
    this.serverHost = net.host(req.server);
    this.clientHost = net.host(req.client);
    this.oneWay = o.rtt / 2;
    for (const l of net.route(req.client, req.server)?.links ?? []) this.bottleneck = Math.min(this.bottleneck, l.bandwidth);
    this.result.roundTrips++;
    this.ss = { id: this.sid, server: req.server, client: req.client, clientAddr: net.host(req.client).addrs[0] ?? "0.0.0.0",
      heloName: "", mailFrom: null, rcpts: [], policy: {} };
    // The server accepts when the handshake's last ACK reaches it, one way after the client's SYN-ACK.
    this.env.kernel.schedule(this.oneWay, greetStep, this);
  }

  private emit(stage: string, r: Reply | null): void {
    const { kernel, bus } = this.env;
    if (bus.on) bus.emit({ t: kernel.now, type: "smtp.reply", host: this.req.client, session: this.sid, server: this.req.server,
      stage, code: r?.code ?? 0, enhanced: r?.enhanced ?? null, text: r?.text ?? "" });
  }

  /** The client receives the final reply (or gives up) `delay` seconds from now. */
  private finish(stage: SessionStage, failure: Reply | null, delay: number): void {
    this.result.stage = stage;
    this.result.failure = failure;
    this.env.kernel.schedule(delay, doneStep, this);
  }

  deliverResult(): void {
    const { kernel, bus } = this.env;
    const result = this.result;
    result.end = kernel.now;
    if (this.hooks !== undefined && this.ss !== undefined) this.hooks.close?.(this.ss);
    if (bus.on) bus.emit({ t: kernel.now, type: "smtp.end", host: this.req.client, session: this.sid, server: this.req.server,
      stage: result.stage, code: result.failure?.code ?? result.data?.code ?? 0, roundTrips: result.roundTrips });
    this.done(result);
  }

  /**
   * Time from the server's decision on one command to the arrival of the next:
   * the reply travels back, the client's next command travels out, each line at
   * the bottleneck's bandwidth. Counted as one round trip of the dialogue.
   */
  private rtt(replyBytes: number, nextCommandBytes: number): number {
    this.result.roundTrips++;
    this.result.bytes += replyBytes + nextCommandBytes;
    return 2 * this.oneWay + ((replyBytes + nextCommandBytes) * 8) / this.bottleneck;
  }

  /** The server has died or become unreachable while the client waits for a reply. */
  private serverGone(): boolean {
    const { net } = this.env;
    const req = this.req;
    return !this.serverHost!.up || !this.clientHost!.up || net.latency(req.client, req.server) === Infinity;
  }

  /** The command was lost: the client gave up `timeout` after sending it (one way ago). */
  private lost(stage: SessionStage, timeout: number): void {
    this.emit(stage, null);
    this.finish(stage, replyFor("lostConnection", { host: this.req.server, addr: this.ss.clientAddr }), timeout - this.oneWay);
  }

  private after(delay: number, step: (c: ClientSession) => void): void {
    this.env.kernel.schedule(delay, step, this);
  }

  greet(): void {
    if (this.serverGone()) return this.lost("greeting", this.timeouts.greeting);
    const h = this.hooks!;
    if (h.prepare !== undefined && !this.prepared) {
      // The server works (DNSBL lookups…) before it greets; the client just waits.
      this.prepared = true;
      if (h.prepare(this.ss, "connect", () => this.greet())) return;
    }
    this.prepared = false;
    const g = h.connect(this.ss);
    this.emit("greeting", g);
    const bytes = replyLength(g);
    if (g.code !== 220) return this.finish("greeting", g, this.oneWay + (bytes * 8) / this.bottleneck);
    this.after(this.rtt(bytes, commandLength("EHLO ", this.req.helo)), ehloStep);
  }

  ehlo(): void {
    if (this.serverGone()) return this.lost("ehlo", this.timeouts.ehlo);
    const h = this.hooks!;
    this.ss.heloName = this.req.helo;
    const r = h.ehlo(this.ss);
    this.emit("ehlo", r);
    if (!isPositive(r)) return this.finish("ehlo", r, this.oneWay);
    const ext = h.extensions(this.ss);
    if (this.tls === null && this.req.tls !== undefined && this.req.tls !== "none") {
      const plan = planTls(this.req.tls, ext.starttls === true, this.req.server);
      if (plan.kind === "fail") return this.tlsOutcome("failed", plan.reply, undefined, this.oneWay);
      if (plan.kind === "start") return this.after(this.rtt(6 * line("250-PIPELINING"), line("STARTTLS")), tlsStep);
      this.tlsOutcome(plan.state, null);
    }
    if (ext.size !== undefined && ext.size > 0 && this.size > ext.size) {
      // RFC 1870 §6: a client that knows the message is too big does not send it.
      const tooBig = { ...REPLIES.tooBig, local: true };
      this.emit("mail", tooBig);
      return this.finish("mail", tooBig, this.oneWay);
    }
    const pipelined = this.req.pipelining !== false && ext.pipelining === true;
    this.pipelined = pipelined;
    const auth = this.req.auth;
    if (auth !== undefined && ext.auth !== undefined && ext.auth.length > 0 && h.auth !== undefined) {
      // RFC 4954 §4 with the PLAIN mechanism (RFC 4616): one command carrying the credentials, one reply.
      return this.after(this.rtt(6 * line("250-PIPELINING"), line(`AUTH PLAIN ${"x".repeat(4 * Math.ceil((auth.user.length + auth.password.length + 2) / 3))}`)), authStep);
    }
    // The multi-line EHLO reply back, the first transaction command out.
    this.after(this.rtt(6 * line("250-PIPELINING"), this.mailLine()), pipelined ? pipelinedStep : mailStep);
  }

  /** RFC 3207: 220 to STARTTLS, the handshake (two round trips), then EHLO again (§4.2). */
  startTls(): void {
    if (this.serverGone()) return this.lost("tls", this.timeouts.ehlo);
    const cert = this.hooks!.extensions(this.ss).certificate ?? "self-signed";
    const b = HANDSHAKE_BYTES;
    const handshake = this.rtt(line("220 2.0.0 Ready to start TLS"), b.clientHello) + this.rtt(b.serverFlight, b.clientFinish);
    const verdict = judgeCertificate(this.req.tls!, cert, this.req.server);
    if ("reply" in verdict) {
      // The client sees the certificate in the server's flight and aborts the handshake.
      this.env.kernel.schedule(handshake - this.oneWay, () => this.tlsOutcome("failed", verdict.reply, cert));
      return;
    }
    this.env.kernel.schedule(handshake + this.rtt(b.serverFinish, commandLength("EHLO ", this.req.helo)), () => {
      this.tlsOutcome(verdict.state, null, cert);
      this.ehlo();
    });
  }

  private tlsOutcome(state: TlsState | "failed", failure: Reply | null, cert?: Certificate, delay = 0): void {
    const { kernel, bus } = this.env;
    if (state !== "failed") this.tls = state;
    if (bus.on) bus.emit({ t: kernel.now, type: "smtp.tls", host: this.req.client, session: this.sid, server: this.req.server, level: this.req.tls ?? "none",
      state, certificate: cert ?? "", code: failure?.code ?? 0, enhanced: failure?.enhanced ?? null });
    if (failure !== null) this.finish("tls", failure, delay);
  }

  authenticate(): void {
    if (this.serverGone()) return this.lost("auth", this.timeouts.ehlo);
    const a = this.req.auth!;
    const r = this.hooks!.auth!(this.ss, a.user, a.password);
    this.emit("auth", r);
    if (r.code !== 235) return this.finish("auth", r, this.oneWay);
    this.after(this.rtt(replyLength(r), this.mailLine()), this.pipelined ? pipelinedStep : mailStep);
  }

  private mailLine(): number {
    return commandLength("MAIL FROM:<", this.msg.envelope.mailFrom) + "> SIZE=".length + decimalDigits(this.size);
  }

  private mailCmd(): Reply {
    const r = this.hooks!.mail(this.ss, this.msg.envelope.mailFrom, this.size);
    if (isPositive(r)) this.ss.mailFrom = this.msg.envelope.mailFrom;
    this.emit("mail", r);
    return r;
  }

  private rcptCmd(i: number): Reply {
    const r = this.hooks!.rcpt(this.ss, this.rcpts[i]);
    this.result.rcpt[i] = r;
    if (isPositive(r)) this.ss.rcpts.push(this.rcpts[i]);
    this.emit("rcpt", r);
    return r;
  }

  /** RFC 2920: MAIL, RCPT... and DATA in one round trip; the server answers each in order. */
  envelopePipelined(): void {
    if (this.serverGone()) return this.lost("mail", this.timeouts.mail);
    const m = this.mailCmd();
    let out = line("DATA");
    for (let i = 0; i < this.rcpts.length; i++) {
      out += commandLength("RCPT TO:<>", this.rcpts[i]);
      if (isPositive(m)) this.rcptCmd(i);
    }
    const wait = this.rtt(out, (this.rcpts.length + 2) * line("250 2.1.5 Ok"));
    if (!isPositive(m)) return this.finish("mail", m, wait - this.oneWay);
    if (this.ss.rcpts.length === 0) return this.finish("rcpt", this.firstFailure(), wait - this.oneWay);
    const d = this.hooks!.data(this.ss);
    this.emit("data", d);
    if (d.code !== 354) return this.finish("data", d, wait - this.oneWay);
    // The 354 comes back with the other replies; the body starts when it arrives.
    this.after(wait - this.oneWay, bodyStep);
  }

  mailFrom(): void {
    if (this.serverGone()) return this.lost("mail", this.timeouts.mail);
    const m = this.mailCmd();
    const wait = this.rtt(line("250 2.1.0 Ok"), commandLength("RCPT TO:<>", this.rcpts[0]));
    if (!isPositive(m)) return this.finish("mail", m, wait - this.oneWay);
    this.nextRcpt = 0;
    this.after(wait, rcptStep);
  }

  rcptTo(): void {
    if (this.serverGone()) return this.lost("rcpt", this.timeouts.rcpt);
    const i = this.nextRcpt++;
    this.rcptCmd(i);
    const more = i + 1 < this.rcpts.length;
    const wait = this.rtt(line("250 2.1.5 Ok"), more ? commandLength("RCPT TO:<>", this.rcpts[i + 1]) : line("DATA"));
    if (more) return this.after(wait, rcptStep);
    if (this.ss.rcpts.length === 0) return this.finish("rcpt", this.firstFailure(), wait - this.oneWay);
    this.after(wait, dataStep);
  }

  dataCmd(): void {
    if (this.serverGone()) return this.lost("data", this.timeouts.dataInit);
    const d = this.hooks!.data(this.ss);
    this.emit("data", d);
    const wait = this.rtt(line("354 End data with <CR><LF>.<CR><LF>"), 0);
    if (d.code !== 354) return this.finish("data", d, wait - this.oneWay);
    this.after(wait - this.oneWay, bodyStep);
  }

  /** The body is a flow; its last byte arriving is the end of data (RFC 5321 §4.1.1.4). */
  body(): void {
    this.result.bytes += this.size;
    this.env.net.transfer(this.req.client, this.req.server, this.size, bodyDoneStep, this);
  }

  bodyDone(ok: boolean): void {
    if (!ok || this.serverGone()) {
      // No RST comes from a dead host: the client waits out the data-block timeout.
      this.emit("body", null);
      return this.finish("body", replyFor("lostConnection", { host: this.req.server, addr: this.ss.clientAddr }), this.timeouts.dataBlock);
    }
    const h = this.hooks!;
    if (h.prepare !== undefined && !this.prepared) {
      // Content checks (MIME scanning) before the end-of-data reply.
      this.prepared = true;
      if (h.prepare(this.ss, "dot", () => this.bodyDone(true), this.msg)) return;
    }
    this.prepared = false;
    const r = h.endOfData(this.ss, this.msg);
    this.result.data = r;
    this.emit("dot", r);
    // The reply travels back; QUIT/221 follows without delaying anything.
    this.result.roundTrips++;
    this.result.bytes += line("250 2.0.0 Ok: queued") + line("QUIT") + line("221 2.0.0 Bye");
    this.finish("done", isPositive(r) ? null : r, this.oneWay);
  }

  /** When every RCPT failed, the session's failure is the first recipient's reply. */
  private firstFailure(): Reply {
    return this.result.rcpt.find((r) => r !== undefined && !isPositive(r)) ?? REPLIES.transactionFailed;
  }
}
