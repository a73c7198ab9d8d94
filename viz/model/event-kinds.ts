/**
 * Which trace events the page needs, and which of them are *decisions*.
 *
 * A day of the default scenario emits about 400,000 trace events. The page needs
 * the ones it draws or explains: every MTA decision, SMTP sessions and replies (the
 * attempts and their codes), flows (message bodies on the wire), DNS queries and
 * answers (dots, and the DNS inspector), faults, and firewall refusals. Cache probes
 * and per-layer "resolved" notices (two thirds of all DNS events) stay in the worker.
 */
import type { TraceEvent } from "../../sim/index";

export function keepForPage(e: TraceEvent): boolean {
  switch (e.type) {
    case "dns.cache":
    case "dns.resolved":
      return false;
    case "fw.verdict":
      return e.action !== "allow";
    case "tcp.connect":
      return e.outcome !== "ok";
    default:
      return true;
  }
}

/** Decisions: what "step to the next decision" stops at, and what the event log shows by default. */
export function isDecision(e: TraceEvent): boolean {
  switch (e.type) {
    case "mta.route":
    case "mta.plan":
    case "mta.delivered":
    case "mta.deferred":
    case "mta.bounced":
    case "mta.fallback":
    case "mta.warned":
    case "mta.refused":
    case "mta.discarded":
    case "host.down":
    case "host.up":
    case "link.down":
    case "link.up":
    case "link.bandwidth":
      return true;
    case "fw.verdict":
      return e.action !== "allow";
    case "smtp.end":
      return e.code >= 400 || e.code === 0;
    case "dns.reply":
      return e.kind === "referral" && e.role === "resolver";
    case "dns.timeout":
      return true;
    default:
      return false;
  }
}

/** The message id an event is about, if any (for the log filter and the inspector). */
export function messageOf(e: TraceEvent): string | undefined {
  return "message" in e && typeof e.message === "string" && e.message !== "" ? e.message : undefined;
}

/** Hosts an event involves (for highlighting on the map). */
export function hostsOf(e: TraceEvent): string[] {
  const out = [e.host];
  const add = (h: string | undefined): void => {
    if (h && !out.includes(h) && !h.startsWith("mailbox:")) out.push(h);
  };
  switch (e.type) {
    case "smtp.connect": case "smtp.reply": case "smtp.end": add(e.server); break;
    case "mta.delivered": add(e.to); break;
    case "mta.queued": add(e.from); break;
    case "dns.query": add(e.server); break;
    case "flow.start": add(e.src); add(e.dst); break;
    case "tcp.connect": add(e.dst); break;
    case "fw.verdict": add(e.src); add(e.dst); break;
    default: break;
  }
  return out;
}
