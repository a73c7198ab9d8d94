/**
 * The event log: each kept event as one sentence in the chosen language, newest at
 * the bottom, filterable by host, kind and message. Clicking an entry highlights its
 * hosts on the map; clicking a message id opens the message inspector; clicking a
 * DNS entry opens the DNS inspector.
 */
import { t, type Lang } from "../i18n";
import { hostsOf, isDecision, messageOf } from "../model/event-kinds";
import { clock } from "../model/format";
import { filterLog, type LogFilter, type LogKind } from "../model/log-filter";
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
  private drawn = -1;
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
    this.drawn = -1;
    this.built.clear();
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
    this.built.clear();
    this.host.setAttribute("aria-label", t(lang, "ui.filterHost"));
    this.kind.setAttribute("aria-label", t(lang, "ui.filterKind"));
    this.msg.placeholder = t(lang, "ui.filterMessage");
    this.msg.setAttribute("aria-label", t(lang, "ui.filterMessage"));
    this.drawn = -1;
  }

  /** Built entries by event index, for the current filter and language. */
  private built = new Map<number, HTMLLIElement>();
  private seen = 0;
  private until = Infinity;

  private entry(s: Store, i: number, ctx: ReturnType<typeof context>): HTMLLIElement {
    const e = s.events[i];
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

  /** `limit`: how many of the newest matching entries to show (fewer while playing). */
  render(limit = 300, until = Infinity): void {
    const s = this.store();
    if (!s || (s.version === this.drawn && until === this.until)) return;
    this.drawn = s.version;
    this.until = until;
    if (s.events.length < this.seen) this.built.clear(); // replayed from 0: indexes mean other events now
    this.seen = s.events.length;
    const ctx = context(s);
    const { indexes, total } = filterLog(s.events, this.filter, limit, ctx, until);
    this.count.textContent = t(this.lang, "ui.shown", { n: indexes.length, total });
    const atBottom = this.list.scrollTop + this.list.clientHeight >= this.list.scrollHeight - 30;
    // Reuse the entries already built (an entry's sentence never changes for a given language).
    const cache = new Map<number, HTMLLIElement>();
    const items = indexes.map((i) => {
      const old = this.built.get(i);
      if (old) { cache.set(i, old); return old; }
      const li = this.entry(s, i, ctx);
      cache.set(i, li);
      return li;
    });
    this.built = cache;
    this.list.replaceChildren(...items);
    if (atBottom) this.list.scrollTop = this.list.scrollHeight;
  }
}
