/**
 * One-sentence explanations of DNS trace events, for the event log and the tutorial
 * view: "resolver@gateway: referral from a.root-servers.net to jp. (2 NS, glue for 2)".
 * (sim/observe may localise these; the facts come from the events alone.)
 */
import type { TraceOf } from "../engine";
import "./events";
import { absolute } from "./name";

type DnsEvent = TraceOf<"dns.query"> | TraceOf<"dns.answer"> | TraceOf<"dns.silent"> | TraceOf<"dns.reply"> | TraceOf<"dns.timeout"> | TraceOf<"dns.cache"> | TraceOf<"dns.resolved">;

const secs = (s: number): string => `${+s.toFixed(3)}s`;

export function explainDns(e: DnsEvent): string {
  const who = (role: string): string => `${role}@${e.host}`;
  switch (e.type) {
    case "dns.query":
      return `${who(e.role)}: asks ${e.server} for ${absolute(e.qname)} ${e.qtype} (${e.bytes} bytes)`;
    case "dns.answer":
      return `${e.server}: ${e.kind} for ${absolute(e.qname)} ${e.qtype} (${e.rcode}${e.aa ? ", authoritative" : ""}, ` +
        `${e.answers} answer, ${e.authority} authority, ${e.additional} additional${e.wildcard ? ", from a wildcard" : ""})`;
    case "dns.silent":
      return `${e.server}: no answer to ${absolute(e.qname)} ${e.qtype} (${e.reason})`;
    case "dns.reply":
      if (e.kind === "referral") return `${who(e.role)}: referral from ${e.from} to ${absolute(e.delegation)} servers (${e.ns} NS, glue for ${e.glueUsed})`;
      return `${who(e.role)}: ${e.kind} from ${e.from} for ${absolute(e.qname)} ${e.qtype} after ${secs(e.rtt)}`;
    case "dns.timeout":
      return `${who(e.role)}: no answer from ${e.to} in ${secs(e.waited)} for ${absolute(e.qname)} ${e.qtype} (try ${e.attempt})`;
    case "dns.cache":
      return e.hit
        ? `resolver@${e.host}: ${absolute(e.qname)} ${e.qtype} from the cache (${e.negative ? "negative, " : ""}${secs(e.ttlLeft)} left)`
        : `resolver@${e.host}: ${absolute(e.qname)} ${e.qtype} not in the cache`;
    case "dns.resolved":
      return `${who(e.role)}: ${absolute(e.qname)} ${e.qtype} -> ${e.rcode}, ${e.answers} records in ${secs(e.elapsed)}` +
        (e.fromCache ? " from the cache" : ` with ${e.queries} queries`);
  }
}
