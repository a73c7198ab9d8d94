/**
 * Checking the connecting client against DNS blocklists (tutorial S24; RFC 5782;
 * mta-semantics.md §3).
 *
 * Before it greets, the server looks up `d.c.b.a.<zone>` (A) for the client
 * a.b.c.d in each list; when it is listed it also asks TXT for the reason
 * (Postfix smtpd_check.c rbl_pagein). NXDOMAIN means not listed. What counts as
 * "listed" is the profile's rule: sendmail FEATURE(dnsbl) rejects on *any* A
 * record; Exim (and sendmail enhdnsbl with `127.0.0.2.`) ignore answers outside
 * 127.0.0.0/8, which is what saves them when a list's domain expires into a
 * parking wildcard.
 *
 * A lookup that fails (SERVFAIL, or every server silent) is where MTAs differ and
 * where the two faces of an RBL outage come from:
 *  - `ignore`: as if not listed (Postfix reject_rbl_client: "give the requestor the
 *    benefit of the doubt"; sendmail dnsbl and Exim by default);
 *  - `tempfail`: 451 4.4.3 "Temporary lookup failure" (sendmail dnsbl/enhdnsbl
 *    with `t`, the tutorial's config; Exim +defer_unknown): senders queue and
 *    retry, and deliver once the list answers again — a tempfail wave;
 *  - `treat-as-listed`: refuse (Exim +include_unknown).
 * A list that answers "listed" for everyone (list-the-world) is refused by every
 * policy: total refusal, senders bounce.
 *
 * When the verdict is given: sendmail's check_relay runs at connect and sendmail
 * answers the client's commands with its error, so the refusal comes at MAIL;
 * Postfix (smtpd_delay_reject = yes) and Exim (ACL at RCPT) refuse at RCPT, which
 * is also what lets postmaster@ through when configured (not modelled).
 */
import { dnsblQueryName } from "../../dns";
import { fillReply, reply, REPLIES, type Reply, type ServerSession } from "../../smtp";
import type { SessionGrants, SmtpPolicy } from "../smtp-server";
import { explain, type PolicyEnv } from "./verdict";

export type DnsblFailurePolicy = "ignore" | "tempfail" | "treat-as-listed";

export interface DnsblCheck {
  readonly zones: readonly string[];
  readonly onFailure: DnsblFailurePolicy;
  /** Only A answers inside 127.0.0.0/8 mean listed (Exim, enhdnsbl); false: any A answer (sendmail dnsbl). */
  readonly only127: boolean;
  /** The SMTP step whose reply carries the verdict. */
  readonly replyAt: "mail" | "rcpt";
  /** Wording of the refusal: sendmail's (550 5.7.1 Rejected: … listed at …) or Postfix's (554 5.7.1 … blocked using …; reason). */
  readonly style: "sendmail" | "postfix";
}

/** The lookups the check needs: A and TXT on the MTA host's stub resolver (sim/dns StubResolver). */
export interface DnsblLookup {
  lookup(name: string, type: "A" | "TXT", cb: (r: { rcode: string; answers: readonly { type: string; data: unknown }[] }) => void): void;
}

const POSTFIX_LISTED = reply(554, "5.7.1", "Service unavailable; Client host [{addr}] blocked using {list}; {reason}");

const in127 = (a: string): boolean => a.startsWith("127.");

function txtOf(data: unknown): string {
  const parts = Array.isArray(data) ? data : [data];
  return parts.map((p) => (p instanceof Uint8Array ? new TextDecoder().decode(p) : String(p))).join("");
}

export function dnsblPolicy(cfg: DnsblCheck, dns: DnsblLookup, env: PolicyEnv): SmtpPolicy {
  const listed = (addr: string, list: string, reason: string): Reply =>
    cfg.style === "postfix" ? fillReply(POSTFIX_LISTED, { addr, list, reason }) : fillReply(REPLIES.dnsblListed, { addr, list });
  const verdictOf = (s: ServerSession): Reply | null => (s.policy.dnsbl as Reply | null | undefined) ?? null;
  return {
    name: "dnsbl",
    prepare(s, stage, ready) {
      if (stage !== "connect") return false;
      if ((s.policy as SessionGrants).connectOk === true) {
        explain(env, s, "connect", "dnsbl", "skipped", "client trusted by the access db");
        return false;
      }
      if (cfg.zones.length === 0) return false;
      const addr = s.clientAddr;
      const next = (i: number): void => {
        if (i === cfg.zones.length) return ready();
        const zone = cfg.zones[i];
        const qname = dnsblQueryName(addr, zone);
        dns.lookup(qname, "A", (r) => {
          if (r.rcode === "NXDOMAIN" || (r.rcode === "NOERROR" && !r.answers.some((a) => a.type === "A"))) {
            explain(env, s, "connect", "dnsbl", "not-listed", `${qname}: ${r.rcode === "NXDOMAIN" ? "NXDOMAIN" : "no A record"}`);
            return next(i + 1);
          }
          if (r.rcode !== "NOERROR") {
            const why = `${qname}: lookup failed (${r.rcode}); policy ${cfg.onFailure}`;
            explain(env, s, "connect", "dnsbl", `lookup-failed:${cfg.onFailure}`, why);
            if (cfg.onFailure === "ignore") return next(i + 1);
            s.policy.dnsbl = cfg.onFailure === "tempfail" ? fillReply(REPLIES.dnsblTempfail, { addr, list: zone }) : listed(addr, zone, "lookup failed");
            return ready();
          }
          const as = r.answers.filter((a) => a.type === "A").map((a) => String(a.data));
          const hits = cfg.only127 ? as.filter(in127) : as;
          if (hits.length === 0) {
            explain(env, s, "connect", "dnsbl", "ignored", `${qname}: answer ${as.join(", ")} is outside 127.0.0.0/8`);
            return next(i + 1);
          }
          dns.lookup(qname, "TXT", (t) => {
            const reason = t.answers.filter((a) => a.type === "TXT").map((a) => txtOf(a.data)).join(" ") || hits.join(", ");
            explain(env, s, "connect", "dnsbl", "listed", `${qname}: ${hits.join(", ")} "${reason}"`);
            s.policy.dnsbl = listed(addr, zone, reason);
            ready();
          });
        });
      };
      next(0);
      return true;
    },
    mail: (s) => (cfg.replyAt === "mail" ? verdictOf(s) : null),
    rcpt: (s) => (cfg.replyAt === "rcpt" ? verdictOf(s) : null),
  };
}
