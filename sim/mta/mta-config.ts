/**
 * What an MTA is made of: its configuration (the scenario's `mta:` block, resolved),
 * the simulation services it runs on, and the entries of its queue. The
 * configuration is immutable: the MTA builds its policy chains, expansion,
 * rewriting and directory lookups from it and its profile (assembly.ts); a change
 * at run time goes through `Mta.reconfigure`.
 */
import type { Kernel, Ledger, Stream, TimerId, TraceBus } from "../engine";
import type { Network } from "../net";
import type { Certificate, Message, SmtpListeners, SmtpTimeouts, TlsLevel } from "../smtp";
import type { RecipientOutcome } from "./delivery";
import type { DirectoryServer } from "./directory";
import type { ExpansionConfig } from "./expansion";
import type { Mailertable } from "./mailertable";
import type { MasqueradeConfig } from "./masquerade";
import type { DnsLookup } from "./next-hops";
import type { AccessDb } from "./policy/access-db";
import type { AuthConfig } from "./policy/auth";
import type { DnsblFailurePolicy, DnsblLookup } from "./policy/dnsbl-policy";
import type { MtaProfile } from "./profiles";
import type { RetrySchedule } from "./retry";

export interface MtaConfig {
  /** Network host name. */
  readonly host: string;
  /** Fully qualified name (EHLO, Received:, Reporting-MTA). */
  readonly hostname: string;
  readonly profile: MtaProfile;
  readonly retry: RetrySchedule;
  readonly localDomains: readonly string[];
  /** Local parts with mailboxes here, "any", or undefined for a host without local spool. */
  readonly mailboxes?: readonly string[] | "any";
  readonly mailertable?: Mailertable;
  readonly localRelay?: string;
  readonly smartHost?: string;
  /** confFALLBACK_MX / fallback_relay: `host` (MX looked up) or `[host]`. */
  readonly fallbackMx?: string;
  readonly relayDomains?: readonly string[];
  readonly relayClients?: readonly string[];
  /** Messages the queue holds at most (0 = unlimited). */
  readonly spoolLimit?: number;
  /** Accept mail for any domain from anyone (S23); `reconfigure` may switch it. */
  readonly openRelay?: boolean;
  readonly timeouts: SmtpTimeouts;
  /** Connections per client address in a window; 421 4.3.2 beyond. */
  readonly connectionRate?: { readonly count: number; readonly per: number };
  /** sendmail's access db, and FEATURE(`blacklist_recipients'). */
  readonly access?: { readonly db: AccessDb; readonly blacklistRecipients: boolean };
  /** DNSBL check of the client; only127 and replyAt default to the profile's. */
  readonly dnsbl?: { readonly zones: readonly string[]; readonly onFailure: DnsblFailurePolicy; readonly only127?: boolean; readonly replyAt?: "mail" | "rcpt" };
  /** Seconds a POP login opens relaying for the client's address. */
  readonly popBeforeSmtp?: number;
  /** SMTP AUTH (RFC 4954). */
  readonly auth?: AuthConfig;
  /** Recipients per message; 452 4.5.3 beyond. */
  readonly maxRecipients?: number;
  /** MIME nesting bound (0 = unbounded) and scan seconds per part. */
  readonly mimeNesting?: { readonly bound: number; readonly perPart: number };
  /** STARTTLS: the certificate offered (none = not offered) and the level of outgoing sessions. */
  readonly tls?: { readonly certificate: Certificate | "none"; readonly level: TlsLevel };
  /** Message Submission (RFC 6409): the port, and the clients allowed to submit. */
  readonly submission?: { readonly port: number; readonly inside: readonly string[] };
  /** sendmail masquerading; the host's own names come from `hostname` and `localDomains`. */
  readonly masquerade?: Omit<MasqueradeConfig, "localNames" | "hostname">;
  /** Aliases and mailing lists, in lookup order (the first that knows a local part expands it). */
  readonly expansions?: readonly ExpansionConfig[];
  /** LDAP routing: routed domains, directory hosts in order (master, replicas), seconds to wait for each. */
  readonly ldapRouting?: { readonly domains: readonly string[]; readonly servers: readonly string[]; readonly timeout: number };
}

export interface MtaEnv {
  kernel: Kernel;
  net: Network;
  bus: TraceBus;
  listeners: SmtpListeners;
  ledger: Ledger;
  dns: DnsLookup;
  /** Streams for this MTA: MX shuffling and host-status randomness. */
  mxStream: Stream;
  statusStream: Stream;
  /** The host's resolver for DNSBL queries (A and TXT), when it has one. */
  dnsbl?: DnsblLookup;
  /** Directory servers by host, for LDAP routing. */
  directories?: ReadonlyMap<string, DirectoryServer>;
}

/** One message in the queue, with the recipients it still owes. */
export interface QueueEntry {
  readonly queueId: string;
  readonly message: Message;
  readonly arrival: number;
  pending: string[];
  /** Recipients deferred in the attempt under way, with their last reply. */
  retry: RecipientOutcome[];
  failures: number[];
  inFlight: number;
  timer: TimerId | null;
  warnings: number;
  finalTry: boolean;
  state: "active" | "deferred";
}

