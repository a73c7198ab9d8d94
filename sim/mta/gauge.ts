/**
 * What observers may read of an MTA (engine/gauge.ts): its queue as `mailq` shows
 * it, its counts, and the copy it last wrote to a local mailbox (the header as the
 * mailbox got it, for the app's message inspector and `mxsim explain`).
 */
import type { Gauge } from "../engine";
import type { Message } from "../smtp";

/** Messages in the queue now (Mta.queueLength). */
export interface QueueLength {
  /** Being tried. */
  active: number;
  /** Waiting for a retry. */
  deferred: number;
  /** Entries that have failed at least once, waiting or in a retry: one curve that swells in an outage and drains after. */
  backlog: number;
}

/** Counts since the start of the run, in the order the summary prints them. */
export interface MtaCounts {
  accepted: number;
  delivered: number;
  relayed: number;
  deferred: number;
  bounced: number;
  /** DSNs sent: failure and delay notices. */
  notices: number;
  sessions: number;
  /** Recipients handed to the FallbackMX host. */
  fallback: number;
  discarded: number;
  expanded: number;
}

export interface MtaReading {
  /** The profile's name (sendmail, postfix, …). */
  profile: string;
  queue: QueueLength;
  counts: MtaCounts;
}

export interface MtaGauge extends Gauge<MtaReading> {
  /** The copy most recently written to a mailbox here, as delivered, or undefined; messages are values, never changed after delivery. */
  lastDelivered(): Message | undefined;
}
