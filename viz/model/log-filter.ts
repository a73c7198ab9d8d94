/**
 * The event log's filter: by host, by kind (decisions, MTA, SMTP, DNS, network, or
 * everything) and by message id. Returns the newest `limit` matches, oldest first.
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
 * Indexes of the newest `limit` events matching `f` at or before `until` (the time on
 * screen: the worker computes a little ahead), oldest first, and the total match count.
 */
export function filterLog(events: readonly TraceEvent[], f: LogFilter, limit = 400, ctx: Context = noContext, until = Infinity): { indexes: number[]; total: number } {
  let sessions: Set<number> | undefined;
  if (f.message) {
    sessions = new Set();
    for (const e of events) if (e.type === "smtp.connect" && e.message === f.message) sessions.add(e.session);
  }
  const out: number[] = [];
  let total = 0;
  for (let i = events.length - 1; i >= 0; i--) {
    if (events[i].t > until) continue;
    if (!matches(events[i], f, sessions, ctx)) continue;
    total++;
    if (out.length < limit) out.push(i);
  }
  return { indexes: out.reverse(), total };
}
