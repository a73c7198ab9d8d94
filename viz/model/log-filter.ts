/**
 * The event log's filter: by host, by kind (decisions, MTA, SMTP, DNS, network, or
 * everything) and by message id; the matches are kept incrementally ({@link LogMatches}).
 */
import type { TraceEvent } from "../../sim/index";
import { hostsOf, isDecision, messageOf } from "./event-kinds";
import { backupMx, noContext, type Context } from "./sentences";

/** `fallback`: the MX fallbacks — mail a backup MX took (S20) and mail handed to the FallbackMX (S21). */
export type LogKind = "decision" | "fallback" | "mta" | "smtp" | "dns" | "net" | "all";

export interface LogFilter {
  host: string;
  kind: LogKind;
  message: string;
}

/**
 * True when every match of `kind` is a decision, so the log can read the page's longer
 * window of decisions instead of its window of every event (model/store.ts).
 */
export function decisionsOnly(kind: LogKind): boolean {
  return kind === "decision" || kind === "fallback";
}

export function kindMatches(e: TraceEvent, kind: LogKind, ctx: Context = noContext): boolean {
  switch (kind) {
    case "decision": return isDecision(e);
    case "fallback": return e.type === "mta.fallback" || (e.type === "mta.delivered" && backupMx(ctx.plan(e.host, e.message), e.to) !== undefined);
    case "mta": return e.type.startsWith("mta.");
    case "smtp": return e.type.startsWith("smtp.");
    case "dns": return e.type.startsWith("dns.");
    case "net": return e.type.startsWith("flow.") || e.type.startsWith("link.") || e.type.startsWith("host.") || e.type === "fw.verdict" || e.type === "tcp.connect" || e.type === "datagram.lost";
    case "all": return true;
  }
}

export function matches(e: TraceEvent, f: LogFilter, sessionsOf?: ReadonlySet<number>, ctx: Context = noContext): boolean {
  if (!kindMatches(e, f.kind, ctx)) return false;
  if (f.host && !hostsOf(e).includes(f.host)) return false;
  if (f.message) {
    const m = messageOf(e);
    if (m !== undefined) return m === f.message;
    if (sessionsOf && "session" in e && typeof e.session === "number") return sessionsOf.has(e.session);
    return false;
  }
  return true;
}

/**
 * The matches of one filter over the page's event window, kept up to date
 * incrementally: each call to {@link advance} examines only the events that arrived
 * (or came on screen) since the last one, so the log costs the same at hour 1 and at
 * hour 20. Events are numbered absolutely (the store's `base` + index), so matches
 * survive the store dropping its oldest events; those that fall out of the window
 * are forgotten, and `total` counts the matches among the events the page holds.
 */
export class LogMatches {
  /** Absolute numbers of the matching events, oldest first (from `head` on). */
  private seqs: number[] = [];
  private head = 0;
  /** Absolute number of the next event to examine. */
  next = 0;
  /** Time of the last event examined (the display time only moves back with a reset). */
  private reached = -Infinity;
  /** SMTP sessions of the filtered message (their replies carry no message id). */
  private readonly sessions = new Set<number>();

  constructor(readonly filter: LogFilter) {}

  /**
   * Examine the events of the window (`events`, whose first is number `base`) up to
   * time `until`; returns how many new matches were found.
   */
  advance(events: readonly TraceEvent[], base: number, until: number, ctx: Context = noContext): number {
    const f = this.filter;
    const sessions = f.message ? this.sessions : undefined;
    if (this.next < base) this.next = base;
    let added = 0;
    for (let i = this.next - base; i < events.length; i++) {
      const e = events[i];
      if (e.t > until) break;
      this.next = base + i + 1;
      this.reached = e.t;
      if (sessions && e.type === "smtp.connect" && e.message === f.message) sessions.add(e.session);
      if (matches(e, f, sessions, ctx)) { this.seqs.push(base + i); added++; }
    }
    while (this.head < this.seqs.length && this.seqs[this.head] < base) this.head++;
    if (this.head > 4096) { this.seqs = this.seqs.slice(this.head); this.head = 0; }
    return added;
  }

  /** True if events already examined lie after `until` (the caller should start afresh). */
  isAhead(until: number): boolean {
    return this.reached > until;
  }

  get total(): number {
    return this.seqs.length - this.head;
  }

  /** The newest `limit` matches, oldest first (absolute event numbers). */
  newest(limit: number): number[] {
    return this.seqs.slice(Math.max(this.head, this.seqs.length - limit));
  }
}

/**
 * Indexes of the newest `limit` events matching `f` at or before `until` (the time on
 * screen: the worker computes a little ahead), oldest first, and the total match count.
 */
export function filterLog(events: readonly TraceEvent[], f: LogFilter, limit = 400, ctx: Context = noContext, until = Infinity): { indexes: number[]; total: number } {
  const m = new LogMatches(f);
  m.advance(events, 0, until, ctx);
  return { indexes: m.newest(limit), total: m.total };
}
