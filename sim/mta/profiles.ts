/**
 * MTA profiles: how sendmail, Postfix, qmail, Exim and a plain RFC 5321 sender differ,
 * as data (tutorial S31: "MTAs differ"). Each value cites its source; the research
 * notes with line numbers are in /work/shared/research/mta-semantics.md (§ given),
 * and docs/profiles.md shows them side by side.
 *
 * A profile is only configuration: the retry law by name (./retry), the MX options
 * (./mx.ts), the concurrency and host-status models by kind. Scenarios pick a profile
 * and override single fields with {@link resolveProfile}.
 */
import { type RetrySpec } from "./retry";

export type ProfileName = "sendmail" | "postfix" | "qmail" | "exim" | "rfc5321";

/** How many parallel deliveries, and how that number moves. */
export type ConcurrencyModel =
  /** Postfix qmgr: per-destination window, +1 per success, dead after failed cohorts (SCHEDULER_README). */
  | { readonly kind: "postfix-feedback"; readonly initial: number; readonly limit: number; readonly positiveFeedback: number; readonly negativeFeedback: number; readonly failedCohortLimit: number }
  /** qmail-send: one global limit per channel, no per-destination limit. */
  | { readonly kind: "global"; readonly remote: number; readonly local: number }
  /**
   * sendmail: one process per queue run / message, no scheduler-wide limit. With
   * SingleThreadDelivery one connection per host at a time: a delivery that finds its
   * host busy skips it with 4.4.5 (deliver.c, mci_lock_host) — see delivery.ts.
   */
  | { readonly kind: "per-run"; readonly singleThreadDelivery: boolean }
  /**
   * Exim: no central scheduler; up to remoteMaxParallel of one message's remote
   * deliveries at once, the next starting as one ends (deliver.c
   * do_remote_deliveries) — see delivery-agent.ts.
   */
  | { readonly kind: "per-message"; readonly remoteMaxParallel: number }
  | { readonly kind: "unlimited" };

/** What the MTA remembers about unreachable hosts between attempts. */
export type HostStatusModel =
  /** Postfix: a destination with a failed cohort is "dead" for minimal_backoff_time; reopened at initial concurrency. */
  | { readonly kind: "dead-destination"; readonly suspend: number }
  /** qmail tcpto: 2 connect timeouts ≥ minGap apart mark an address failed for [skipMin, skipMax] s. */
  | { readonly kind: "tcpto"; readonly minGap: number; readonly skipMin: number; readonly skipMax: number }
  /** sendmail host status cache: failures believed for `ttl` s (Timeout.hoststatus). */
  | { readonly kind: "host-status"; readonly ttl: number }
  /** Exim: per-IP retry hints, ignored once older than retry_data_expire. */
  | { readonly kind: "retry-hints"; readonly expire: number }
  /** RFC 5321 §4.5.4.1: "SHOULD keep a list of hosts it cannot reach" — nothing specific. */
  | { readonly kind: "none" };

export interface MtaProfile {
  readonly name: ProfileName;
  readonly retry: RetrySpec;
  /** Reject a message carrying more than this many counted trace fields. */
  readonly hopLimit: number;
  /** Which header fields count as hops. */
  readonly hopFields: readonly string[];
  /** true: one SMTP transaction carries all recipients for the same destination; false: one per recipient. */
  readonly batchRecipients: boolean;
  /** RCPTs per transaction when batching. */
  readonly maxRecipientsPerTransaction: number;
  /** After a 4xx (greeting or transaction), try the next MX address in the same attempt. */
  readonly nextMxAfterTempFail: boolean;
  /** After a 5xx greeting, try the next MX (rather than bounce or defer). */
  readonly nextMxAfter5xxGreeting: boolean;
  readonly mx: {
    readonly maxAddresses: number;
    /** Sessions that may reach EHLO before giving up (Postfix smtp_mx_session_limit). */
    readonly maxSessions: number;
    readonly equalPreference: "shuffle" | "hash";
    readonly cnameInMx: "follow" | "skip";
    /** Enhanced status for a null MX. */
    readonly nullMxStatus: string;
  };
  /** Bounce format: RFC 3464 multipart/report, or qmail's own plain text. */
  readonly dsn: "rfc3464" | "qmail";
  /** Where a failed bounce goes. */
  readonly doubleBounceTo: string;
  readonly concurrency: ConcurrencyModel;
  readonly hostStatus: HostStatusModel;
  /** Client connect timeout, seconds (0 = the kernel's). */
  readonly connectTimeout: number;
  /** Largest message accepted, bytes (0 = unlimited). */
  readonly messageSizeLimit: number;
  /** How a DNSBL check reads a list and answers (policy/dnsbl-policy.ts; a scenario may override only127 and replyAt). */
  readonly dnsbl: {
    /** Only A answers inside 127.0.0.0/8 mean listed; false: any A answer does. */
    readonly only127: boolean;
    /** The SMTP step whose reply carries the verdict. */
    readonly replyAt: "mail" | "rcpt";
    /** Wording of the refusal. */
    readonly style: "sendmail" | "postfix";
  };
}

export const PROFILES: Readonly<Record<ProfileName, MtaProfile>> = {
  sendmail: {
    name: "sendmail",
    retry: { law: "sendmail" }, // -q30m, Timeout.queuereturn 5d, queuewarn 4h (cf) — §1.2
    hopLimit: 25, // MaxHopCount, conf.c:320, confMAX_HOP [25] — §2
    hopFields: ["Received", "X400-Received", "Via", "Mail-From"], // H_TRACE headers — §2
    batchRecipients: true, // one transaction per MX host for all its recipients (S31)
    maxRecipientsPerTransaction: 100, // smtp mailer m_maxrcpt default [U]
    nextMxAfterTempFail: true, // deliver.c ~4671 "try them on the next host" — §1.2
    nextMxAfter5xxGreeting: true, // [U-partial] greeting-stage failover — §7
    mx: { maxAddresses: 100, maxSessions: 100, equalPreference: "hash", cnameInMx: "follow", nullMxStatus: "5.1.10" },
    // MAXMXHOSTS 100 (conf.h:77); mxrand() hash (domain.c); DontExpandCnames=False chases CNAMEs (S5);
    // RFC 7505 null MX → EX_UNAVAILABLE (domain.c) — §1.2
    dsn: "rfc3464",
    doubleBounceTo: "postmaster", // DoubleBounceAddress (op.me) — §5
    concurrency: { kind: "per-run", singleThreadDelivery: false }, // SingleThreadDelivery off (readcf.c; needs HostStatusDirectory, main.c) — §7
    hostStatus: { kind: "host-status", ttl: 1800 }, // Timeout.hoststatus 30m — §1.2
    connectTimeout: 0, // Timeout.connect 0 = kernel default — §1.2
    messageSizeLimit: 0, // MaxMessageSize unlimited — §1.2
    dnsbl: { only127: false, replyAt: "mail", style: "sendmail" },
    // FEATURE(dnsbl) rejects on any A answer (cf/README) — §7; check_relay runs at connect and its
    // error answers the client's next command, MAIL — §3.2
  },
  postfix: {
    name: "postfix",
    retry: { law: "postfix" }, // queue_run_delay 300, backoff 300..4000, lifetime 5d — §1.1
    hopLimit: 50, // hopcount_limit, mail_params.h:2044 — §2
    hopFields: ["Received"], // cleanup_message.c:646 — §2
    batchRecipients: true,
    maxRecipientsPerTransaction: 50, // default_destination_recipient_limit — §1.1
    nextMxAfterTempFail: true, // soft error on a non-final server → next MX — §1.1
    nextMxAfter5xxGreeting: true, // smtp_skip_5xx_greeting = yes — §1.1
    mx: { maxAddresses: 5, maxSessions: 2, equalPreference: "shuffle", cnameInMx: "follow", nullMxStatus: "5.1.0" },
    // smtp_mx_address_limit 5, smtp_mx_session_limit 2, smtp_randomize_addresses yes, null MX → 5.1.0 — §1.1
    dsn: "rfc3464", // bounce_notify_util.c — §5
    doubleBounceTo: "postmaster", // 2bounce_notice_recipient; never a triple bounce — §5
    concurrency: { kind: "postfix-feedback", initial: 5, limit: 20, positiveFeedback: 1, negativeFeedback: 1, failedCohortLimit: 1 },
    // initial_destination_concurrency 5, default_destination_concurrency_limit 20, feedback 1/1, cohort limit 1 — §1.1
    hostStatus: { kind: "dead-destination", suspend: 300 }, // minimal_backoff_time, qmgr_queue.c:361 — §1.1
    connectTimeout: 30, // smtp_connect_timeout — §1.1
    messageSizeLimit: 10_240_000, // message_size_limit — §1.1
    dnsbl: { only127: true, replyAt: "rcpt", style: "postfix" },
    // smtpd_delay_reject = yes: reject_rbl_client answers at RCPT, maps_rbl_reject_code 554 (smtpd_check.c:3436) — §3.2;
    // only127 models the usual `reject_rbl_client zone=127.0.0.[2..11]` filter (without it any A answer lists) — §7
  },
  qmail: {
    name: "qmail",
    retry: { law: "qmail" }, // chanskip 20, queuelifetime 7d + final try — §1.3
    hopLimit: 100, // MAXHOPS, qmail-smtpd.c:29 — §2
    hopFields: ["Received", "Delivered-To"], // lines starting "Received" and "Delivered" — §2
    batchRecipients: false, // one qmail-remote (one RCPT) per recipient (S31 "brute force") — §1.3 [U-partial]
    maxRecipientsPerTransaction: 1,
    nextMxAfterTempFail: false, // only a failed connect moves on; any greeting failure defers — §1.3
    nextMxAfter5xxGreeting: false,
    mx: { maxAddresses: Number.POSITIVE_INFINITY, maxSessions: Number.POSITIVE_INFINITY, equalPreference: "shuffle", cnameInMx: "follow", nullMxStatus: "5.1.10" },
    // every address better than self, randomised ties (qmail-remote.c, dns.c); null MX not handled in netqmail [U] — §1.3
    dsn: "qmail", // "Hi. This is the qmail-send program" — no DSN (S31)
    doubleBounceTo: "postmaster", // control/doublebounceto — §5
    concurrency: { kind: "global", remote: 20, local: 10 }, // concurrencyremote/local, qmail-send.c:782 — §1.3
    hostStatus: { kind: "tcpto", minGap: 120, skipMin: 3840, skipMax: 5824 }, // tcpto.c — §1.3
    connectTimeout: 60, // timeoutconnect — §1.3
    messageSizeLimit: 0, // databytes 0 = unlimited [U] — §7
    dnsbl: { only127: true, replyAt: "rcpt", style: "postfix" }, // no DNSBL in netqmail; rblsmtpd-style, as Postfix [U] — §3
  },
  exim: {
    name: "exim",
    retry: { law: "exim" }, // F,2h,15m; G,16h,1h,1.5; F,4d,6h; -q30m — §1.4
    hopLimit: 30, // received_headers_max, globals.c:1179 — §2
    hopFields: ["Received"],
    batchRecipients: true,
    maxRecipientsPerTransaction: 100, // smtp transport max_rcpt default [U]
    nextMxAfterTempFail: true, // per-IP retry, hosts_max_try — §1.4
    nextMxAfter5xxGreeting: true, // [U]
    mx: { maxAddresses: 5, maxSessions: 5, equalPreference: "shuffle", cnameInMx: "follow", nullMxStatus: "5.1.10" },
    // hosts_max_try 5; equal-priority MX randomised (spec) — §1.4; null MX [U]
    dsn: "rfc3464",
    doubleBounceTo: "postmaster", // frozen, discarded after ignore_bounce_errors_after 10w — §5
    concurrency: { kind: "per-message", remoteMaxParallel: 6 }, // remote_max_parallel 6 (globals.c) — §1.4
    hostStatus: { kind: "retry-hints", expire: 7 * 86400 }, // retry_data_expire — §1.4
    connectTimeout: 300, // smtp connect_timeout 5m — §1.4
    messageSizeLimit: 50 * 1024 * 1024, // configure.default message_size_limit = 50M [U] — §9
    dnsbl: { only127: true, replyAt: "rcpt", style: "postfix" },
    // dnslists in the RCPT ACL; answers outside 127/8 are ignored (spec.xfpt ~33334) — §3.2
  },
  rfc5321: {
    name: "rfc5321",
    retry: { law: "rfc5321" }, // ≥ 30 min, give up after 4–5 d — RFC 5321 §4.5.4.1
    hopLimit: 100, // "normally at least 100" — RFC 5321 §6.3
    hopFields: ["Received"],
    batchRecipients: true, // "one copy per destination server" — §4.5.4.1 (§1.6)
    maxRecipientsPerTransaction: 100, // servers must accept ≥ 100 RCPTs — RFC 5321 §4.5.3.1.8
    nextMxAfterTempFail: true, // try alternatives — RFC 5321 §5.1
    nextMxAfter5xxGreeting: true,
    mx: { maxAddresses: Number.POSITIVE_INFINITY, maxSessions: Number.POSITIVE_INFINITY, equalPreference: "shuffle", cnameInMx: "skip", nullMxStatus: "5.1.10" },
    // MUST randomise ties (§5.1); MX must not be an alias (RFC 2181 §10.3); 556 5.1.10 (RFC 7505)
    dsn: "rfc3464",
    doubleBounceTo: "postmaster", // RFC 5321 §4.5.4: never a notice for a notice
    concurrency: { kind: "unlimited" },
    hostStatus: { kind: "none" },
    connectTimeout: 300, // 5 min for the greeting — RFC 5321 §4.5.3.2
    messageSizeLimit: 0,
    dnsbl: { only127: true, replyAt: "rcpt", style: "postfix" }, // RFC 5782 §2.1: list entries are 127.0.0.0/8 addresses
  },
};

export type ProfileOverrides = Partial<Omit<MtaProfile, "name" | "mx">> & { readonly mx?: Partial<MtaProfile["mx"]> };

/** A preset with some fields replaced (the `mx` group is merged field by field). */
export function resolveProfile(name: ProfileName, overrides: ProfileOverrides = {}): MtaProfile {
  const base = PROFILES[name];
  if (base === undefined) throw new Error(`unknown MTA profile "${name}" (known: ${Object.keys(PROFILES).join(", ")})`);
  return { ...base, ...overrides, name, mx: { ...base.mx, ...overrides.mx } };
}

/**
 * A per-destination concurrency limit (Postfix default_destination_concurrency_limit): it caps
 * the window and its starting value (initial_destination_concurrency, qmgr_queue.c); undefined
 * for a model without per-destination windows.
 */
export function withDestinationLimit(model: ConcurrencyModel, limit: number): ConcurrencyModel | undefined {
  return model.kind === "postfix-feedback" ? { ...model, limit, initial: Math.min(model.initial, limit) } : undefined;
}
