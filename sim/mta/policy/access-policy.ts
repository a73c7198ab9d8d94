/**
 * The access db at work: the checks sendmail's check_relay, check_mail and
 * check_rcpt rulesets make with it (cf/README "access_db", tutorial S25).
 *
 *  - connect: the client's address and its prefixes. RELAY lets the client relay
 *    anywhere; OK trusts it (later connect checks such as the DNSBL are skipped);
 *    REJECT/ERROR refuse it. sendmail does not drop the connection: it greets and
 *    answers the client's commands with the refusal, so here the verdict comes back
 *    at MAIL (srvrsmtp.c keeps check_relay's error for the session).
 *  - MAIL: the sender address whole, `user@`, its domain and parents.
 *  - RCPT: a recipient domain with RELAY may be relayed to; with
 *    FEATURE(`blacklist_recipients') REJECT, ERROR and DISCARD apply to recipients
 *    too (`bogus_user@ REJECT`), and `To:` entries work.
 * DISCARD at any step accepts the message (250) and throws it away whole
 * (cf/README: "DISCARD ... the entire message is discarded").
 */
import { domainOf, REPLIES, type Reply, type ServerSession } from "../../smtp";
import type { SessionGrants, SmtpPolicy } from "../smtp-server";
import { lookupAddress, lookupClient, type AccessDb, type AccessHit } from "./access-db";
import { explain, type PolicyEnv } from "./verdict";

export interface AccessOptions {
  /** FEATURE(`blacklist_recipients'): recipient entries may refuse and discard. */
  blacklistRecipients: boolean;
  /** Local domains (class w): only there are recipients looked up as `user@`. */
  localDomains: readonly string[];
}

const grants = (s: ServerSession): SessionGrants => s.policy as SessionGrants;

const describe = (h: AccessHit): string => `${h.lookedUp} (line ${h.entry.line}): ${h.entry.action.kind}`;

function refusal(h: AccessHit): Reply {
  return h.entry.action.kind === "ERROR" ? h.entry.action.reply : REPLIES.accessDenied;
}

export function accessPolicy(db: AccessDb, opts: AccessOptions, env: PolicyEnv): SmtpPolicy {
  return {
    name: "access",
    connect(s) {
      const h = lookupClient(db, s.clientAddr);
      if (h === null) return null;
      const k = h.entry.action.kind;
      explain(env, s, "connect", "access", k, describe(h));
      if (k === "RELAY") grants(s).relay = true;
      if (k === "RELAY" || k === "OK") grants(s).connectOk = true;
      else if (k === "DISCARD") grants(s).discard = `client ${describe(h)}`;
      else s.policy.accessConnect = refusal(h);
      return null;
    },
    mail(s, from) {
      const early = s.policy.accessConnect as Reply | undefined;
      if (early !== undefined) return early;
      if (from === "") return null;
      const h = lookupAddress(db, "From", from);
      if (h === null) return null;
      const k = h.entry.action.kind;
      explain(env, s, "mail", "access", k, `<${from}>: ${describe(h)}`);
      if (k === "DISCARD") grants(s).discard = `sender ${describe(h)}`;
      if (k === "REJECT" || k === "ERROR") return refusal(h);
      return null;
    },
    rcpt(s, to) {
      const h = lookupAddress(db, "To", to, opts.blacklistRecipients && opts.localDomains.includes(domainOf(to)));
      if (h === null) return null;
      const k = h.entry.action.kind;
      // Without blacklist_recipients only RELAY (and OK) entries mean anything for recipients.
      if (!opts.blacklistRecipients && k !== "RELAY" && k !== "OK") return null;
      explain(env, s, "rcpt", "access", k, `<${to}>: ${describe(h)}${k === "RELAY" ? ` — relaying to ${domainOf(to)} allowed` : ""}`);
      if (k === "RELAY") grants(s).relayRcpt = to;
      else if (k === "DISCARD") grants(s).discard = `recipient ${describe(h)}`;
      else if (k === "REJECT" || k === "ERROR") return refusal(h);
      return null;
    },
  };
}
