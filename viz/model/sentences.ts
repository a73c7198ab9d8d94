/**
 * The event log's sentences: one trace event → one sentence in the chosen language,
 * built from the event's structured fields with the templates of viz/i18n.ts.
 *
 * Where a sentence needs what an earlier event said — "mail2 accepted it, and that
 * was the 2nd MX" needs the sender's MX plan — the caller passes a {@link Context}
 * that remembers plans (model/store.ts keeps one). No English the model emits is read
 * back: where a routing step sends the mail is the `mta.route` event's structured
 * `next` field (see {@link routeNext}), and the `why` prose is never parsed.
 */
import type { TraceEvent } from "../../sim/index";
import { t, type Key, type Lang } from "../i18n";
import { bps, bytes, clock, span } from "./format";

export interface Context {
  /** The last `mta.plan` candidates of `host` for `message` ("10 gateway.example.gr.jp[202.250.31.150]"…). */
  plan(host: string, message: string): readonly string[] | undefined;
}

export const noContext: Context = { plan: () => undefined };

/** "10 gateway.example.gr.jp[202.250.31.150]" → { pref: 10, name: "gateway.example.gr.jp" }. */
export function parseCandidate(c: string): { pref: number; name: string; addr: string } {
  const m = /^(\d+) ([^[]+)\[([^\]]*)\]$/.exec(c);
  return m ? { pref: Number(m[1]), name: m[2], addr: m[3] } : { pref: 0, name: c, addr: "" };
}

const domainOf = (rcpt: string): string => rcpt.slice(rcpt.lastIndexOf("@") + 1);
const list = (xs: readonly string[]): string => (xs.length <= 2 ? xs.join(", ") : `${xs[0]}, ${xs[1]} +${xs.length - 2}`);

/**
 * Where a routing step sends the mail, from the `mta.route` event's `next` field:
 * `[host]` names a host used as is (a static route, no MX lookup), a bare name is
 * looked up in DNS for its MX, `mailbox:user` is a local mailbox, `error:550` the
 * error mailer's reply.
 */
export function routeNext(next: string): { hosts: string[]; static: boolean; user?: string; error?: number } {
  if (next.startsWith("mailbox:")) return { hosts: [], static: true, user: next.slice(8) };
  if (next.startsWith("error:")) return { hosts: [], static: true, error: Number(next.slice(6)) };
  const hosts = next === "" ? [] : next.split(",");
  return { hosts, static: hosts.length > 0 && hosts.every((h) => h.startsWith("[")) };
}

/** If `to` took the mail but was not the first candidate of the plan: the MX it was, and the preferred one. */
export function backupMx(plan: readonly string[] | undefined, to: string): { pref: number; first: string } | undefined {
  if (!plan || plan.length < 2) return undefined;
  const cands = plan.map(parseCandidate);
  const i = cands.findIndex((c) => c.name === to || c.name.split(".")[0] === to);
  if (i <= 0) return undefined;
  return { pref: cands[i].pref, first: `MX ${cands[0].pref} ${cands[0].name}` };
}

export function sentence(e: TraceEvent, lang: Lang, ctx: Context = noContext): string {
  const s = (key: Key, vars: Record<string, string | number> = {}): string => t(lang, key, { host: e.host, ...vars });
  switch (e.type) {
    case "mta.route": {
      const r = routeNext(e.next);
      const v = { domain: domainOf(e.rcpt), rcpt: e.rcpt, target: r.hosts.join(", "), user: r.user ?? e.rcpt, code: r.error ?? "", step: e.step };
      if (r.user !== undefined) return s("s.route.local", v);
      if (r.error !== undefined) return s("s.route.error", v);
      switch (e.step) {
        case "mailertable": return s(r.static ? "s.route.mailertable" : "s.route.mailertableMx", v);
        case "smartHost": return s("s.route.smartHost", v);
        case "localRelay": return s("s.route.localRelay", v);
        case "ldap": return s("s.route.ldap", v);
        case "mx": return s("s.route.mx", v);
        default: return s("s.route.other", v);
      }
    }
    case "mta.queued":
      return e.from === ""
        ? s("s.queued.local", { message: e.message, rcpts: list(e.rcpts), bytes: bytes(e.bytes) })
        : s("s.queued.from", { message: e.message, rcpts: list(e.rcpts), bytes: bytes(e.bytes), from: e.from, queueId: e.queueId });
    case "mta.plan": {
      const c = e.candidates.map(parseCandidate);
      const self = e.notes.some((n) => n.startsWith("this host is MX"));
      if (self) return s("s.plan.self", { dest: e.dest, list: c.map((x) => `${x.pref} ${x.name}`).join(", ") });
      if (c.length <= 1) return s("s.plan.one", { dest: e.dest, first: c[0] ? c[0].name : "—" });
      return s("s.plan.mx", { dest: e.dest, list: c.map((x) => `${x.pref} ${x.name}`).join(", ") });
    }
    case "mta.delivered": {
      if (e.to.startsWith("mailbox:")) return s("s.delivered.mailbox", { message: e.message, user: e.to.slice(8) });
      const b = backupMx(ctx.plan(e.host, e.message), e.to);
      if (b) return s("s.delivered.backup", { to: e.to, message: e.message, pref: b.pref, first: b.first });
      return s("s.delivered.relay", { to: e.to, message: e.message, rcpts: list(e.rcpts), code: e.code });
    }
    case "mta.deferred": {
      const v = { message: e.message, rcpts: list(e.rcpts), code: e.code, enhanced: e.enhanced ?? "", text: e.text, next: Number.isFinite(e.next) ? clock(e.next) : "—" };
      return s(Number.isFinite(e.next) ? "s.deferred" : "s.deferred.giveup", v);
    }
    case "mta.bounced":
      return s("s.bounced", { message: e.message, rcpts: list(e.rcpts), code: e.code, enhanced: e.enhanced ?? "", text: e.text,
        notice: e.notice ? t(lang, "s.bounced.notice", { notice: e.notice }) : "" });
    case "mta.fallback": return s("s.fallback", { message: e.message, fallback: e.fallback });
    case "mta.warned": return s("s.warned", { message: e.message, notice: e.notice });
    case "mta.discarded": return s("s.discarded", { message: e.message, client: e.client, rcpts: list(e.rcpts) });
    case "mta.refused": return s("s.refused", { message: e.message, client: e.client, stage: e.stage, code: e.code, enhanced: e.enhanced ?? "", policy: e.policy });
    case "host.down": return s("s.host.down");
    case "host.up": return s("s.host.up");
    case "link.down": return s("s.link.down", { link: e.link });
    case "link.up": return s("s.link.up", { link: e.link });
    case "link.bandwidth": return s("s.link.bandwidth", { link: e.link, bps: bps(e.bps) });
    case "fault.applied": return s(e.phase === "start" ? "s.fault.start" : "s.fault.end", { fault: e.fault, kind: e.kind });
    case "fw.verdict": return s("s.fw", { action: e.action, proto: e.proto, src: e.src, dst: e.dst, dport: e.dport, rule: e.rule });
    case "smtp.connect": return s("s.smtp.connect", { server: e.server, message: e.message, rcpts: e.rcpts, bytes: bytes(e.bytes) });
    case "smtp.reply": return s("s.smtp.reply", { server: e.server, stage: e.stage, code: e.code, enhanced: e.enhanced ?? "", text: e.text });
    case "smtp.end": return s(e.code === 0 ? "s.smtp.end.gone" : "s.smtp.end", { server: e.server, stage: e.stage, code: e.code });
    case "tcp.connect": return s("s.tcp", { dst: e.dst, port: e.port, outcome: e.outcome });
    case "flow.start": return s("s.flow.start", { dst: e.dst, bytes: bytes(e.bytes) });
    case "flow.end": return s("s.flow.end", { flow: e.flow, outcome: e.ok ? t(lang, "w.ok") : `${t(lang, "w.failed")} (${e.reason ?? ""})` });
    case "dns.query": return s("s.dns.query", { role: e.role, server: e.server, qname: e.qname, qtype: e.qtype });
    case "dns.answer": return s("s.dns.answer", { kind: e.kind, qname: e.qname, qtype: e.qtype, rcode: e.rcode, answers: e.answers, authority: e.authority, additional: e.additional });
    case "dns.reply":
      if (e.kind === "referral") return s("s.dns.referral", { from: e.from, delegation: e.delegation || ".", ns: e.ns, glueUsed: e.glueUsed });
      return s("s.dns.reply", { role: e.role, kind: e.kind, from: e.from, qname: e.qname, qtype: e.qtype, rtt: span(e.rtt) });
    case "dns.silent": return s("s.dns.silent", { qname: e.qname, qtype: e.qtype, reason: e.reason });
    case "dns.timeout": return s("s.dns.timeout", { role: e.role, to: e.to, waited: span(e.waited), qname: e.qname, qtype: e.qtype, attempt: e.attempt });
    case "datagram.lost": return s("s.datagram.lost", { dst: e.dst });
    case "note": return s("s.note", { text: e.text });
    default: return s("s.other", { type: e.type });
  }
}
