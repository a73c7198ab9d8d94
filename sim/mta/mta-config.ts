/**
 * What an MTA is made of: its configuration (the scenario's `mta:` block, resolved),
 * the simulation services it runs on, and the entries of its queue.
 */
import type { Kernel, Ledger, Stream, TimerId, TraceBus } from "../engine";
import type { Network } from "../net";
import type { Message, SmtpListeners, SmtpTimeouts } from "../smtp";
import type { RecipientOutcome } from "./delivery";
import type { Mailertable } from "./mailertable";
import type { DnsLookup } from "./next-hops";
import type { MtaProfile } from "./profiles";
import type { RetrySchedule } from "./retry";

export interface MtaConfig {
  /** Network host name. */
  host: string;
  /** Fully qualified name (EHLO, Received:, Reporting-MTA). */
  hostname: string;
  profile: MtaProfile;
  retry: RetrySchedule;
  localDomains: string[];
  /** Local parts with mailboxes here, "any", or undefined for a host without local spool. */
  mailboxes?: readonly string[] | "any";
  mailertable?: Mailertable;
  localRelay?: string;
  smartHost?: string;
  /** confFALLBACK_MX / fallback_relay: `host` (MX looked up) or `[host]`. */
  fallbackMx?: string;
  relayDomains?: string[];
  relayClients?: string[];
  /** Messages the queue holds at most (0 = unlimited). */
  spoolLimit?: number;
  /** Accept mail for any domain from anyone (S23); a fault may switch it (`relayControl.open`). */
  openRelay?: boolean;
  timeouts: SmtpTimeouts;
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

