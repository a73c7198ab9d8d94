/**
 * The story of one message, hop by hop (`mxsim explain <scenario> --message ID`):
 * where it was injected, each routing decision with its `why` (the routing
 * chain's step: local, mailertable, LOCAL_RELAY, SMART_HOST, MX; S15), the DNS
 * lookups made for that decision (the stub's question, the resolver's referral
 * chain or cache hit, the additional section saving a query; S1, S4), the MX
 * plan, every SMTP session with its replies, deferrals with the next retry,
 * the FallbackMX hand-over, bounces with their codes, and at final delivery the
 * Received: chain and Return-Path the mailbox got (S9).
 *
 * It follows the message into what it caused: the copies a list or alias
 * expanded it into (`ID~list.n`) and the notifications (DSNs) sent about it.
 *
 * DNS events carry no message id (DNS knows no mail): the lookups shown are those
 * of the names the host's stub resolver asked between the routing decision and
 * the MX plan, on every server that answered them. Another message routed at the
 * same moment to the same domain shares them — as it shares the cache.
 */
import type { TraceEvent, TraceOf } from "../engine";
import { explainDns } from "../dns";
import type { MtaGauge } from "../mta";
import type { Simulation } from "../scenario/simulation";
import { gaugesOf } from "./gauges";

type DnsEvent = Parameters<typeof explainDns>[0];

const isDns = (e: TraceEvent): e is DnsEvent => e.type.startsWith("dns.");

export class MessageStory {
  private readonly ids = new Set<string>();
  private readonly sessions = new Set<number>();
  /** Per host: a routing decision is open, and the names its stub asked so far. */
  private readonly open = new Map<string, { since: number; names: Set<string> }>();
  private readonly names = new Set<string>();
  private readonly lines: { t: number; host: string; text: string }[] = [];
  private pendingDns: DnsEvent[] = [];

  /** The MTAs' gauges, for the final copy a mailbox got. */
  private readonly mtas: Map<string, MtaGauge>;

  constructor(sim: Simulation, readonly id: string) {
    this.ids.add(id);
    this.mtas = new Map(gaugesOf(sim).mtas.map((g) => [g.subject, g]));
    sim.bus.subscribe((e) => this.see(e));
  }

  private mine(message: string): boolean {
    if (this.ids.has(message)) return true;
    const tilde = message.indexOf("~");
    if (tilde > 0 && this.ids.has(message.slice(0, tilde))) {
      this.ids.add(message);
      return true;
    }
    return false;
  }

  private say(e: TraceEvent, text: string): void {
    this.lines.push({ t: e.t, host: e.host, text });
  }

  private see(e: TraceEvent): void {
    if (isDns(e)) return this.dns(e);
    switch (e.type) {
      case "traffic.injected":
        if (this.mine(e.message)) this.say(e, `injected by workload ${e.workload}: MAIL FROM:<${e.mailFrom}> RCPT TO: ${e.rcpts.map((r) => `<${r}>`).join(" ")} (${e.bytes} bytes)`);
        return;
      case "mta.queued":
        if (this.mine(e.message)) this.say(e, `queued as ${e.queueId}${e.from === "" ? " (local submission)" : ` from ${e.from}`} for ${e.rcpts.join(", ")} (${e.bytes} bytes)`);
        return;
      case "mta.route":
        if (!this.mine(e.message)) return;
        this.say(e, `route <${e.rcpt}>: ${e.step} — ${e.why}`);
        this.open.set(e.host, { since: e.t, names: new Set() });
        return;
      case "mta.plan":
        if (!this.mine(e.message)) return;
        this.flushDns(e.host);
        this.say(e, `plan for ${e.dest}: try ${e.candidates.join(", ") || "(none)"}${e.notes.length > 0 ? ` — ${e.notes.join("; ")}` : ""}`);
        return;
      case "smtp.connect":
        if (!this.mine(e.message)) return;
        this.flushDns(e.host);
        this.sessions.add(e.session);
        this.say(e, `SMTP session ${e.session} to ${e.server}:${e.port}: MAIL FROM:<${e.mailFrom}>, ${e.rcpts} RCPT, ${e.bytes} bytes`);
        return;
      case "smtp.reply":
        if (this.sessions.has(e.session)) this.say(e, `  ${e.server} at ${e.stage}: ${e.code === 0 ? "no reply (connection failed)" : `${e.code}${e.enhanced ? ` ${e.enhanced}` : ""} ${e.text}`}`);
        return;
      case "smtp.end":
        if (this.sessions.has(e.session)) this.say(e, `  session ${e.session} ended at ${e.stage} after ${e.roundTrips} round trips`);
        return;
      case "mta.delivered":
        if (!this.mine(e.message)) return;
        if (e.to.startsWith("mailbox:")) this.finalDelivery(e);
        else this.say(e, `handed ${e.rcpts.join(", ")} to ${e.to} (${e.code})`);
        return;
      case "mta.deferred":
        if (this.mine(e.message)) this.say(e, `deferred ${e.rcpts.join(", ")}: ${e.code}${e.enhanced ? ` ${e.enhanced}` : ""} ${e.text}; next attempt at ${fmt(e.next)}`);
        return;
      case "mta.fallback":
        if (this.mine(e.message)) this.say(e, `to the FallbackMX ${e.fallback} for ${e.rcpts.join(", ")}: ${e.why}`);
        return;
      case "mta.bounced":
        if (!this.mine(e.message)) return;
        this.say(e, `bounced ${e.rcpts.join(", ")}: ${e.code}${e.enhanced ? ` ${e.enhanced}` : ""} ${e.text}${e.notice ? `; notice ${e.notice} sent` : "; no notice"}`);
        if (e.notice) this.ids.add(e.notice);
        return;
      case "mta.expanded":
        if (this.mine(e.message)) this.say(e, `expanded <${e.rcpt}> (${e.kind}): ${e.why}`);
        return;
      case "mta.warned":
        if (this.mine(e.message)) { this.say(e, `delay warning ${e.notice} sent`); this.ids.add(e.notice); }
        return;
      default:
    }
  }

  private dns(e: DnsEvent): void {
    const o = this.open.get(e.host);
    if (o !== undefined && e.type === "dns.query" && e.role === "stub") {
      o.names.add(e.qname.toLowerCase());
      this.names.add(e.qname.toLowerCase());
    }
    if ("qname" in e && this.names.has(e.qname.toLowerCase())) this.pendingDns.push(e);
    else if (e.type === "dns.reply" && this.open.size > 0) this.pendingDns.push(e);
  }

  private flushDns(host: string): void {
    const o = this.open.get(host);
    if (o === undefined) return;
    for (const d of this.pendingDns) {
      if (d.t < o.since) continue;
      if ("qname" in d ? o.names.has(d.qname.toLowerCase()) : true) this.lines.push({ t: d.t, host: d.host, text: `  dns: ${explainDns(d)}` });
    }
    this.pendingDns = [];
    this.names.clear();
    this.open.delete(host);
  }

  private finalDelivery(e: TraceOf<"mta.delivered">): void {
    this.say(e, `delivered ${e.rcpts.join(", ")} into ${e.to}`);
    const copy = this.mtas.get(e.host)?.lastDelivered();
    if (copy === undefined || !this.mine(copy.id)) return;
    for (const f of copy.header) {
      if (f.name === "Return-Path" || f.name === "Received") this.say(e, `  ${f.name}: ${f.value.replace(/\s*\r?\n\s*/g, " ")}`);
    }
  }

  /** The story as text lines: `time  host  what`. */
  text(): string[] {
    if (this.lines.length === 0) return [`no message ${this.id} in this run (message ids look like u0-1, <host>-dsn-1; see messages.csv)`];
    const w = Math.max(...this.lines.map((l) => l.host.length));
    // DNS lines are added when their decision closes; a stable sort by time puts them where they happened.
    return [...this.lines].sort((a, b) => a.t - b.t).map((l) => `${fmt(l.t).padStart(10)}  ${l.host.padEnd(w)}  ${l.text}`);
  }
}

/** Seconds as h:mm:ss.mmm. */
function fmt(t: number): string {
  if (!Number.isFinite(t)) return String(t);
  const h = Math.floor(t / 3600), m = Math.floor((t % 3600) / 60), s = t % 60;
  return `${h}:${String(m).padStart(2, "0")}:${s.toFixed(3).padStart(6, "0")}`;
}
