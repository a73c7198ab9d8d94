/**
 * The message inspector's model: what happened to one message, from its events.
 *
 *  - route: the hosts it passed, in order (each `mta.queued` host), and where it
 *    ended (a mailbox, a bounce, the FallbackMX, still queued);
 *  - attempts: each SMTP session that carried it, with every reply code by stage;
 *  - decisions: its routing, MX plans, deferrals, fallbacks, bounces;
 *  - DNS lookups it caused: the stub queries each host sent between routing the
 *    message and planning its delivery (the trace links them by host and time);
 *  - the 2nd-MX answer: when a host handed it to a backup MX, the plan that shows why.
 */
import type { TraceEvent, TraceOf } from "../../sim/index";
import { backupMx, type Context } from "./sentences";

/**
 * The events a message's story is told from (what {@link traceMessage} reads): MTA
 * decisions, SMTP sessions and their replies, and stub DNS queries. The worker keeps
 * these for the whole run so the inspector can answer for any message, while the page
 * holds only a recent window of events.
 */
export function isStoryEvent(e: TraceEvent): boolean {
  return e.type.startsWith("mta.") || e.type.startsWith("smtp.") || (e.type === "dns.query" && e.role === "stub");
}

/** The sentences' context for a traced message: its own MX plans. */
export function traceContext(m: MessageTrace): Context {
  return {
    plan: (host, message) => {
      if (message !== m.id) return undefined;
      let found: readonly string[] | undefined;
      for (const d of m.decisions) if (d.type === "mta.plan" && d.host === host) found = d.candidates;
      return found;
    },
  };
}

export interface Attempt {
  session: number;
  t: number;
  from: string;
  to: string;
  replies: { stage: string; code: number; enhanced: string | null; text: string }[];
  end?: { stage: string; code: number };
}

export interface MessageTrace {
  id: string;
  hops: { host: string; t: number; queueId: string; from: string }[];
  attempts: Attempt[];
  decisions: TraceEvent[];
  dns: TraceOf<"dns.query">[];
  /** Hosts that handed it to a backup MX, and the preferred MX they skipped. */
  backup: { host: string; to: string; pref: number; first: string; t: number }[];
  bounces: string[];
}

export function traceMessage(events: readonly TraceEvent[], id: string): MessageTrace {
  const out: MessageTrace = { id, hops: [], attempts: [], decisions: [], dns: [], backup: [], bounces: [] };
  const sessions = new Map<number, Attempt>();
  const plans = new Map<string, readonly string[]>();
  /** Per host: the time the message was routed there, until its plan (the DNS window). */
  const open = new Map<string, number>();
  for (const e of events) {
    switch (e.type) {
      case "mta.queued":
        if (e.message === id) out.hops.push({ host: e.host, t: e.t, queueId: e.queueId, from: e.from });
        break;
      case "mta.route":
        if (e.message === id) { out.decisions.push(e); if (!open.has(e.host)) open.set(e.host, e.t); }
        break;
      case "mta.plan":
        if (e.message === id) { out.decisions.push(e); plans.set(e.host, e.candidates); open.delete(e.host); }
        break;
      case "mta.delivered":
        if (e.message === id) {
          out.decisions.push(e);
          const b = backupMx(plans.get(e.host), e.to);
          if (b) out.backup.push({ host: e.host, to: e.to, pref: b.pref, first: b.first, t: e.t });
        }
        break;
      case "mta.bounced":
        if (e.message === id) { out.decisions.push(e); if (e.notice) out.bounces.push(e.notice); }
        break;
      case "mta.deferred": case "mta.fallback": case "mta.warned": case "mta.refused":
        if (e.message === id) { out.decisions.push(e); if (e.type === "mta.deferred") open.set(e.host, e.next); }
        break;
      case "smtp.connect":
        if (e.message === id) {
          const a: Attempt = { session: e.session, t: e.t, from: e.host, to: e.server, replies: [] };
          sessions.set(e.session, a);
          out.attempts.push(a);
        }
        break;
      case "smtp.reply": {
        const a = sessions.get(e.session);
        if (a) a.replies.push({ stage: e.stage, code: e.code, enhanced: e.enhanced, text: e.text });
        break;
      }
      case "smtp.end": {
        const a = sessions.get(e.session);
        if (a) { a.end = { stage: e.stage, code: e.code }; sessions.delete(e.session); }
        break;
      }
      case "dns.query": {
        const since = open.get(e.host);
        if (e.role === "stub" && since !== undefined && e.t >= since) out.dns.push(e);
        break;
      }
      default:
        break;
    }
  }
  return out;
}

/** The route as a host list (for drawing on the map): each hop's host in order. */
export function routeHosts(m: MessageTrace): string[] {
  const hosts: string[] = [];
  for (const h of m.hops) if (hosts[hosts.length - 1] !== h.host) hosts.push(h.host);
  return hosts;
}
