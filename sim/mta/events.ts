/** Trace events of the MTA layer: routing decisions, queueing, attempts, deliveries, deferrals, bounces. */
declare module "../engine/trace" {
  interface TraceEventMap {
    /**
     * A routing decision for one recipient: the routing chain's step, where it sends the
     * mail — `next`: the hosts in order, `[host]` for no MX lookup (sendmail's brackets),
     * `mailbox:user` for a local mailbox, `error:550` for the error mailer — and why.
     */
    "mta.route": { message: string; rcpt: string; step: string; next: string; why: string };
    /** A message entered this host's queue (`from` is the client host, "" for local submission). */
    "mta.queued": { message: string; queueId: string; from: string; rcpts: string[]; bytes: number };
    /** The candidates chosen for a delivery, with the MX reasoning. */
    "mta.plan": { message: string; dest: string; candidates: string[]; notes: string[] };
    /** Recipients accepted by the next hop (`to` = host name) or put into a local mailbox (`to` = "mailbox:user"). */
    "mta.delivered": { message: string; rcpts: string[]; to: string; code: number };
    /** Recipients deferred; the next attempt is at `next` (or "bounce" when the law gave up). */
    "mta.deferred": { message: string; rcpts: string[]; code: number; enhanced: string | null; text: string; next: number };
    /** Recipients bounced; `notice` is the id of the DSN sent, or "" when none is (null sender, qmail double bounce). */
    "mta.bounced": { message: string; rcpts: string[]; code: number; enhanced: string | null; text: string; notice: string };
    /** Mail handed to the FallbackMX host after every MX failed or DNS failed (S21). */
    "mta.fallback": { message: string; rcpts: string[]; fallback: string; why: string };
    /** A delay warning (DSN Action: delayed) was sent. */
    "mta.warned": { message: string; notice: string };
    /** The SMTP server refused something at a stage, with the policy that decided. */
    "mta.refused": { message: string; client: string; stage: string; code: number; enhanced: string | null; policy: string };
    /** A message accepted and dropped by policy (access db DISCARD); its recipients leave as discarded. */
    "mta.discarded": { message: string; client: string; rcpts: string[]; why: string };
    /** A local address expanded (alias or mailing list): the copy for `rcpt` ends, new messages `into` carry the members. */
    "mta.expanded": { message: string; rcpt: string; kind: string; into: string[]; members: number; why: string };
  }
}
export {};
