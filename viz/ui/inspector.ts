/**
 * The inspectors. Message: its route (drawn on the map), each attempt with its reply
 * codes, the DNS lookups it caused, envelope beside header (S8), the Return-Path and
 * Received chain of its final copy (S9), its bounce, and — when a host handed it to a
 * backup MX — the answer to "why the 2nd MX?". DNS: a decoded exchange, question /
 * answer / authority / additional (S4). All scenario-derived text goes in via
 * textContent.
 */
import type { InspectedMessage } from "../../sim/index";
import { t, type Lang } from "../i18n";
import { clock } from "../model/format";
import { routeHosts, traceContext, type MessageTrace } from "../model/message-trace";
import { sentence } from "../model/sentences";
import type { MessageCopy } from "../protocol";

type El = HTMLElement;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, cls?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (cls) e.className = cls;
  return e;
}

export interface InspectorActions {
  route(hosts: string[]): void;
  dns(msg: number): void;
  message(id: string): void;
}

export class Inspector {
  readonly root: HTMLElement;

  constructor(parent: HTMLElement, private readonly act: InspectorActions) {
    this.root = el("section", undefined, "inspector");
    this.root.id = "inspector";
    parent.append(this.root);
  }

  empty(lang: Lang): void {
    this.root.replaceChildren(el("p", t(lang, "insp.none"), "hint"));
  }

  /** A message's story, as the worker traced it from every event of the run. */
  message(m: MessageTrace, copies: readonly MessageCopy[], lang: Lang): MessageTrace {
    const id = m.id;
    const ctx = traceContext(m);
    const route = routeHosts(m);
    this.act.route(route);
    const parts: El[] = [el("h2", t(lang, "insp.message", { id }))];
    parts.push(el("h3", t(lang, "insp.route")), el("p", route.join(" → "), "route"));
    if (m.backup.length > 0) {
      const box = el("div", undefined, "why2nd");
      box.append(el("h3", t(lang, "insp.why2nd")));
      for (const b of m.backup) {
        const ev = m.decisions.find((d) => d.type === "mta.delivered" && d.host === b.host && d.t === b.t);
        const plan = m.decisions.find((d) => d.type === "mta.plan" && d.host === b.host);
        if (plan) box.append(el("p", `${clock(plan.t)} ${sentence(plan, lang, ctx)}`));
        if (ev) box.append(el("p", `${clock(ev.t)} ${sentence(ev, lang, ctx)}`));
      }
      parts.push(box);
    }
    parts.push(el("h3", t(lang, "insp.attempts")));
    const att = el("ol", undefined, "attempts");
    for (const a of m.attempts) {
      const li = el("li", `${clock(a.t)} ${a.from} → ${a.to}: `);
      li.append(el("span", a.replies.map((r) => `${r.stage} ${r.code}${r.enhanced ? ` ${r.enhanced}` : ""}`).join(" · ") || "—", "codes"));
      if (a.end && a.end.code !== 250) li.append(el("span", ` (${a.end.stage} ${a.end.code})`, "fail"));
      att.append(li);
    }
    parts.push(att);
    const dec = el("ol", undefined, "decisions");
    for (const d of m.decisions) dec.append(el("li", `${clock(d.t)} ${sentence(d, lang, ctx)}`));
    parts.push(dec);
    parts.push(el("h3", t(lang, "insp.dns")));
    const dns = el("ul", undefined, "dns");
    for (const q of m.dns.slice(0, 30)) {
      const li = el("li", `${clock(q.t)} ${q.host} → ${q.server}: ${q.qname} ${q.qtype} `);
      const b = el("button", `DNS #${q.msg}`, "msg dns");
      b.onclick = () => this.act.dns(q.msg);
      li.append(b);
      dns.append(li);
    }
    parts.push(dns);
    parts.push(...this.copies(copies, lang));
    if (m.bounces.length > 0) {
      parts.push(el("h3", t(lang, "insp.bounce")));
      for (const b of m.bounces) {
        const btn = el("button", b, "msg");
        btn.onclick = () => this.act.message(b);
        parts.push(btn);
      }
    }
    this.root.replaceChildren(...parts);
    return m;
  }

  private copies(copies: readonly MessageCopy[], lang: Lang): El[] {
    if (copies.length === 0) return [el("p", t(lang, "insp.noCopy"), "hint")];
    const c = copies[0];
    const grid = el("div", undefined, "env-header");
    const env = el("div", undefined, "envelope");
    env.append(el("h3", t(lang, "insp.envelope")), el("pre", `${t(lang, "insp.mailFrom")}:<${c.mailFrom}>\n${c.rcptTo.map((r) => `${t(lang, "insp.rcptTo")}:<${r}>`).join("\n")}`));
    const hdr = el("div", undefined, "header");
    hdr.append(el("h3", `${t(lang, "insp.header")} — ${c.at}`));
    const pre = el("pre");
    for (const f of c.header) {
      const line = el("span", `${f.name}: ${f.value}\n`, f.name.toLowerCase() === "return-path" ? "rp" : f.name.toLowerCase() === "received" ? "rcv" : "");
      pre.append(line);
    }
    hdr.append(pre);
    grid.append(env, hdr);
    const rp = c.header.find((f) => f.name.toLowerCase() === "return-path");
    const rcv = c.header.filter((f) => f.name.toLowerCase() === "received");
    const notes = el("dl", undefined, "s9");
    notes.append(el("dt", t(lang, "insp.returnPath")), el("dd", rp?.value ?? "—"), el("dt", t(lang, "insp.received")));
    const ol = el("ol");
    for (const r of rcv) ol.append(el("li", r.value));
    const dd = el("dd");
    dd.append(ol);
    notes.append(dd);
    return [grid, notes];
  }

  dns(msg: number, x: { query: InspectedMessage | null; response: InspectedMessage | null }, lang: Lang): void {
    const parts: El[] = [el("h2", t(lang, "insp.dnsMsg", { msg }))];
    const show = (title: string, m: InspectedMessage | null): void => {
      parts.push(el("h3", title));
      if (!m) { parts.push(el("p", t(lang, "insp.noResponse"), "hint")); return; }
      parts.push(el("p", `id ${m.id} ${m.kind} ${m.rcode} flags: ${m.flags.join(" ")}`, "dns-head"));
      const sec = (name: string, rrs: string[], cls: string): void => {
        const d = el("div", undefined, `dns-section ${cls}`);
        d.append(el("h4", `${name} (${rrs.length})`), el("pre", rrs.join("\n") || "—"));
        parts.push(d);
      };
      sec(t(lang, "insp.question"), m.question, "question");
      sec(t(lang, "insp.answer"), m.answer, "answer");
      sec(t(lang, "insp.authority"), m.authority, "authority");
      sec(t(lang, "insp.additional"), m.additional, "additional");
    };
    show(t(lang, "insp.query"), x.query);
    show(t(lang, "insp.response"), x.response);
    this.root.replaceChildren(...parts);
  }
}
