/**
 * The DNS layer's trace events. Each carries enough to say in one sentence what
 * happened, e.g. "resolver@gateway: referral from a.root-servers.net to jp. servers
 * (2 NS, glue for 2)" or "stub@gateway: no answer from 10.0.0.53 in 5s (try 1 of 2)".
 *
 * `msg` is the exchange number of the transport (transport.ts): the query, the server's
 * answer and the asker's reading of it share it, and `sim.dns.messages` (messages.ts)
 * returns the exchange's bytes for the packet inspector.
 */
declare module "../engine/trace" {
  interface TraceEventMap {
    /** A query left `from` for the server at `to`. `host` is the asking host. */
    "dns.query": { from: string; to: string; server: string; qname: string; qtype: string; id: number; bytes: number; role: "stub" | "resolver"; msg: number };
    /**
     * A server answered. `kind` says which section answered: answer, referral (authority
     * NS + glue), nodata / nxdomain (SOA in authority), refused, servfail. `host` is the server.
     */
    "dns.answer": {
      server: string; to: string; qname: string; qtype: string; id: number; bytes: number;
      kind: string; rcode: string; aa: boolean; zone: string; delegation: string;
      answers: number; authority: number; additional: number; wildcard: boolean; delayed: number; msg: number;
    };
    /** A server saw a query and stayed silent (down, or a DNSBL in `down` mode). */
    "dns.silent": { server: string; qname: string; qtype: string; reason: string; msg: number };
    /** A resolver or stub read a reply: what it learned from it. */
    "dns.reply": {
      role: "stub" | "resolver"; from: string; qname: string; qtype: string; kind: string; rcode: string;
      ns: number; glue: number; glueUsed: number; delegation: string; rtt: number; msg: number;
    };
    /** No reply within the timeout. */
    "dns.timeout": { role: "stub" | "resolver"; to: string; qname: string; qtype: string; waited: number; attempt: number; msg: number };
    /** A resolver answered from its cache (hit) or had to ask (miss). */
    "dns.cache": { qname: string; qtype: string; hit: boolean; negative: boolean; ttlLeft: number };
    /** A resolution finished (stub or resolver), with its total time. */
    "dns.resolved": { role: "stub" | "resolver"; qname: string; qtype: string; rcode: string; answers: number; fromCache: boolean; elapsed: number; queries: number };
  }
}
export {};
