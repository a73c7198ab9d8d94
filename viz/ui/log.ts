/**
 * The event log: each kept event as one sentence in the chosen language, newest at
 * the bottom, filterable by host, kind and message. Clicking an entry highlights its
 * hosts on the map; clicking a message id opens the message inspector; clicking a
 * DNS entry opens the DNS inspector.
 *
 * Frame budget: while playing, main.ts calls `render` a few times a second. Each call
 * examines only the events that came on screen since the last (model/log-filter.ts
 * LogMatches), appends the new entries and removes the oldest beyond `limit` — the
 * list is never rebuilt while it plays, and nothing is written when nothing matched.
 * It is rebuilt when the filter, the language, the limit or the run (a replay) changes.
 */
import { t, type Lang } from "../i18n";
import { hostsOf, isDecision, messageOf } from "../model/event-kinds";
import { clock } from "../model/format";
import { LogMatches, decisionsOnly, type LogFilter, type LogKind } from "../model/log-filter";
import { eventAt, type EventWindow } from "../model/event-window";
import { sentence } from "../model/sentences";
import { context, type Store } from "../model/store";

export interface LogActions {
  highlight(hosts: string[]): void;
  message(id: string): void;
  dns(msg: number): void;
}

export class LogView {
  readonly root: HTMLElement;
  private readonly list: HTMLOListElement;
  private readonly count: HTMLElement;
  private readonly host: HTMLSelectElement;
  private readonly kind: HTMLSelectElement;
  private readonly msg: HTMLInputElement;
  private lang: Lang = "en";
  filter: LogFilter = { host: "", kind: "decision", message: "" };

  constructor(parent: HTMLElement, private readonly act: LogActions, private readonly store: () => Store | undefined) {
    this.root = document.createElement("section");
    this.root.className = "log";
    this.root.id = "log";
    const bar = document.createElement("div");
    bar.className = "filters";
    this.host = document.createElement("select");
    this.host.id = "log-host";
    this.kind = document.createElement("select");
    this.kind.id = "log-kind";
    this.msg = document.createElement("input");
    this.msg.type = "text";
    this.msg.id = "log-message";
    this.count = document.createElement("span");
    this.count.className = "count";
    bar.append(this.host, this.kind, this.msg, this.count);
    this.list = document.createElement("ol");
    this.list.className = "entries";
    this.root.append(bar, this.list);
    parent.append(this.root);
    this.host.onchange = () => this.set({ host: this.host.value });
    this.kind.onchange = () => this.set({ kind: this.kind.value as LogKind });
    this.msg.onchange = () => this.set({ message: this.msg.value.trim() });
  }

  set(f: Partial<LogFilter>): void {
    this.filter = { ...this.filter, ...f };
    this.msg.value = this.filter.message;
    this.matches = undefined;
    this.render(300, this.until);
  }

  setup(hosts: readonly string[], lang: Lang): void {
    this.lang = lang;
    const opt = (sel: HTMLSelectElement, value: string, text: string): void => {
      const o = document.createElement("option");
      o.value = value;
      o.textContent = text;
      sel.append(o);
    };
    this.host.replaceChildren();
    opt(this.host, "", `${t(lang, "ui.filterHost")}: ${t(lang, "ui.all")}`);
    for (const h of hosts) opt(this.host, h, h);
    this.host.value = this.filter.host;
    this.kind.replaceChildren();
    for (const k of ["decision", "fallback", "mta", "smtp", "dns", "net", "all"] as const) opt(this.kind, k, k === "all" ? t(lang, "ui.all") : t(lang, `ui.kind.${k}`));
    this.kind.value = this.filter.kind;
    this.host.setAttribute("aria-label", t(lang, "ui.filterHost"));
    this.kind.setAttribute("aria-label", t(lang, "ui.filterKind"));
    this.msg.placeholder = t(lang, "ui.filterMessage");
    this.msg.setAttribute("aria-label", t(lang, "ui.filterMessage"));
    this.matches = undefined;
  }

  /** The current filter's matches; undefined = rebuild at the next render. */
  private matches: LogMatches | undefined;
  /** What the list shows: the run, the limit, and the event numbers of its entries, oldest first. */
  private shownRun = -1;
  private limit = 0;
  private shown: number[] = [];
  private countText = "";
  private until = Infinity;

  private entry(w: EventWindow, seq: number, ctx: ReturnType<typeof context>): HTMLLIElement {
    const e = eventAt(w, seq)!;
    const li = document.createElement("li");
    li.className = `${e.type.replace(".", "-")}${isDecision(e) ? " decision" : ""}`;
    li.dataset.type = e.type;
    li.tabIndex = 0;
    const time = document.createElement("time");
    time.textContent = clock(e.t);
    const text = document.createElement("span");
    text.className = "text";
    text.textContent = sentence(e, this.lang, ctx);
    li.append(time, text);
    const m = messageOf(e);
    if (m) {
      const b = document.createElement("button");
      b.className = "msg";
      b.textContent = m;
      b.onclick = (ev) => { ev.stopPropagation(); this.act.message(m); };
      li.append(b);
    }
    if ("msg" in e && typeof e.msg === "number" && e.type.startsWith("dns.")) {
      const b = document.createElement("button");
      b.className = "msg dns";
      b.textContent = `DNS #${e.msg}`;
      const n = e.msg;
      b.onclick = (ev) => { ev.stopPropagation(); this.act.dns(n); };
      li.append(b);
    }
    li.onclick = () => this.act.highlight(hostsOf(e));
    li.onkeydown = (ev) => { if (ev.key === "Enter") this.act.highlight(hostsOf(e)); };
    return li;
  }

  /** `limit`: how many of the newest matching entries to show (fewer while playing); `until`: the time on screen. */
  render(limit = 300, until = Infinity): void {
    const s = this.store();
    if (!s) return;
    this.until = until;
    const ctx = context(s);
    // Decisions (the default) come from the page's longer window of decisions.
    const w = decisionsOnly(this.filter.kind) ? s.decisions : s.recent;
    let m = this.matches;
    const rebuild = !m || s.run !== this.shownRun || limit !== this.limit || m.isAhead(until);
    if (rebuild || !m) {
      m = this.matches = new LogMatches(this.filter);
      m.advance(w.events, w.base, until, ctx);
      this.shownRun = s.run;
      this.limit = limit;
      this.shown = m.newest(limit);
      this.list.replaceChildren(...this.shown.map((seq) => this.entry(w, seq, ctx)));
      this.list.scrollTop = this.list.scrollHeight;
    } else {
      const added = m.advance(w.events, w.base, until, ctx);
      // Entries whose events left the page's window go too (the count is of the window).
      let excess = 0;
      while (excess < this.shown.length && this.shown[excess] < w.base) excess++;
      if (added === 0 && excess === 0) return void this.showCount(m.total);
      const atBottom = this.list.scrollTop + this.list.clientHeight >= this.list.scrollHeight - 30;
      const last = this.shown[this.shown.length - 1] ?? -1;
      const fresh = added > 0 ? m.newest(Math.min(added, limit)).filter((seq) => seq > last) : [];
      const frag = document.createDocumentFragment();
      for (const seq of fresh) frag.append(this.entry(w, seq, ctx));
      this.list.append(frag);
      this.shown.push(...fresh);
      excess = Math.max(excess, this.shown.length - limit);
      if (excess > 0) {
        this.shown.splice(0, excess);
        for (let i = 0; i < excess; i++) this.list.firstElementChild?.remove();
      }
      if (atBottom) this.list.scrollTop = this.list.scrollHeight;
    }
    this.showCount(m.total);
  }

  private showCount(total: number): void {
    const text = t(this.lang, "ui.shown", { n: this.shown.length, total });
    if (text !== this.countText) { this.countText = text; this.count.textContent = text; }
  }
}
