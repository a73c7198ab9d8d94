/**
 * Animated items on the map: DNS queries and answers, SMTP sessions, message bodies
 * in flight, bounces — each a dot moving along the routed path between two hosts.
 *
 * Items are made from pairs of trace events (start, end) sharing a key: a DNS
 * exchange number, an SMTP session number, a flow id. Simulated durations are tiny
 * (a DNS query takes 60 ms) next to play speeds of minutes per second, so a dot is
 * shown for at least `minWall` seconds of wall time: its visible span in simulated
 * time is max(t1 − t0, minWall × speed). All of this is a pure function of events,
 * the display time and the speed.
 */
import type { TraceEvent } from "../../sim/index";

export type DotKind = "dns-query" | "dns-answer" | "smtp" | "body" | "bounce";

export interface Item {
  kind: DotKind;
  from: string;
  to: string;
  t0: number;
  t1: number;
  /** The message it belongs to, if any. */
  message?: string;
}

/** Starts waiting for their end event. */
export interface Pending {
  dns: Map<number, { t: number; from: string; to: string }>;
  answers: Map<number, { t: number; from: string }>;
  sessions: Map<number, { t: number; from: string; to: string; bounce: boolean; message: string }>;
  /** The latest session per "src>dst": whether it carries a bounce, and its message. */
  lastSession: Map<string, { bounce: boolean; message: string }>;
  flows: Map<number, { t: number; from: string; to: string; bounce: boolean; message: string }>;
}

export function emptyPending(): Pending {
  return { dns: new Map(), answers: new Map(), sessions: new Map(), lastSession: new Map(), flows: new Map() };
}

/** Fold one event; returns the item it completes, if any. */
export function itemFrom(p: Pending, e: TraceEvent): Item | undefined {
  switch (e.type) {
    case "dns.query":
      p.dns.set(e.msg, { t: e.t, from: e.host, to: e.server });
      return undefined;
    case "dns.answer": {
      const q = p.dns.get(e.msg);
      p.dns.delete(e.msg);
      p.answers.set(e.msg, { t: e.t, from: e.host });
      return q && { kind: "dns-query", from: q.from, to: q.to, t0: q.t, t1: e.t };
    }
    case "dns.silent": {
      const q = p.dns.get(e.msg);
      p.dns.delete(e.msg);
      return q && { kind: "dns-query", from: q.from, to: q.to, t0: q.t, t1: e.t };
    }
    case "dns.reply": {
      const a = p.answers.get(e.msg);
      p.answers.delete(e.msg);
      return a && { kind: "dns-answer", from: a.from, to: e.host, t0: a.t, t1: e.t };
    }
    case "dns.timeout":
      p.dns.delete(e.msg);
      return undefined;
    case "smtp.connect": {
      const bounce = e.mailFrom === "";
      p.sessions.set(e.session, { t: e.t, from: e.host, to: e.server, bounce, message: e.message });
      p.lastSession.set(`${e.host}>${e.server}`, { bounce, message: e.message });
      return undefined;
    }
    case "smtp.end": {
      const s = p.sessions.get(e.session);
      p.sessions.delete(e.session);
      return s && { kind: s.bounce ? "bounce" : "smtp", from: s.from, to: s.to, t0: s.t, t1: e.t, message: s.message };
    }
    case "flow.start": {
      const s = p.lastSession.get(`${e.src}>${e.dst}`);
      p.flows.set(e.flow, { t: e.t, from: e.src, to: e.dst, bounce: s?.bounce ?? false, message: s?.message ?? "" });
      return undefined;
    }
    case "flow.end": {
      const f = p.flows.get(e.flow);
      p.flows.delete(e.flow);
      return f && { kind: f.bounce ? "bounce" : "body", from: f.from, to: f.to, t0: f.t, t1: e.t, ...(f.message ? { message: f.message } : {}) };
    }
    default:
      return undefined;
  }
}

/** The simulated span an item stays visible at `speed` (sim-seconds per wall second). */
export function visibleSpan(it: Item, speed: number, minWall = 0.8): number {
  return Math.max(it.t1 - it.t0, minWall * speed);
}

/** Progress 0..1 of an item at display time `now`, or undefined if not visible. */
export function progress(it: Item, now: number, speed: number, minWall = 0.8): number | undefined {
  const span = visibleSpan(it, speed, minWall);
  if (now < it.t0 || now > it.t0 + span) return undefined;
  return span > 0 ? (now - it.t0) / span : 1;
}

/** Drop items no longer visible at `now` (they are kept in start order). */
export function prune(items: Item[], now: number, speed: number, max = 3000): Item[] {
  const keep = items.filter((it) => it.t0 + visibleSpan(it, speed) >= now);
  return keep.length > max ? keep.slice(keep.length - max) : keep;
}
