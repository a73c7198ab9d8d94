/**
 * What a retry law is: a small pure object that, after a failed delivery attempt,
 * says when to try again, or that the message has waited long enough and must be
 * returned to its sender.
 *
 * Laws are data plugged into the queue manager the way d3-force plugs forces: each
 * is `{ name, source, defaults, next, warningDue }`, registered by name in the table
 * in ./index.ts, and its parameters are plain numbers that a scenario may override.
 * A law keeps no state: everything it needs is in the {@link RetryHistory} (the
 * message's birth and its failed attempt times), so a run is replayable and two
 * laws can be compared on the same history.
 *
 * What a law does *not* decide: which host to try (mx.ts), whether a destination is
 * "dead" for now (host-status memory, a separate module), how many deliveries run at
 * once (concurrency). RFC 5321 §4.5.4.1 asks for exactly that split: a retry interval
 * per message, plus "a list of hosts it cannot reach".
 */

/** What happened to a message so far. Times are simulated seconds. */
export interface RetryHistory {
  /** When the message entered the queue (its arrival / creation time). */
  readonly birth: number;
  /** Times of the failed attempts so far, ascending; the last one has just failed. */
  readonly failures: readonly number[];
  /** True for a null-sender message (a bounce): Postfix gives it bounce_queue_lifetime. */
  readonly nullSender?: boolean;
  /**
   * First failure of the *destination* when the MTA keys retry data by host (Exim's
   * hints database); defaults to the message's own first failure.
   */
  readonly firstFailure?: number;
}

export type RetryDecision =
  /**
   * Try again at `at`. `final` marks qmail's last try after queuelifetime, on which a
   * temporary failure counts as permanent.
   */
  | { readonly action: "retry"; readonly at: number; readonly final: boolean; readonly why: string }
  /** Stop: return the message to its sender now (status 4.4.7 "delivery time expired", RFC 3463). */
  | { readonly action: "give-up"; readonly why: string };

export interface RetryLaw<P extends object> {
  readonly name: string;
  /** Where the rule comes from (source file, manual section, RFC). */
  readonly source: string;
  readonly defaults: Readonly<P>;
  /** The decision after the last failure in `h`. */
  next(h: RetryHistory, p: Readonly<P>): RetryDecision;
  /**
   * When delay warning number `sent + 1` becomes due (the MTA sends it at its first
   * deferral at or after that time), or null when no (more) warning is sent.
   */
  warningDue(birth: number, sent: number, p: Readonly<P>): number | null;
}

/** The latest failure of a history (the one the decision is about). */
export function lastFailure(h: RetryHistory): number {
  const n = h.failures.length;
  if (n === 0) throw new Error("retry law asked about a message that has not failed yet");
  return h.failures[n - 1];
}

/**
 * The first time on the grid `phase + k·interval` at or after `t`. Queue runners work on
 * such a grid (Postfix's deferred-queue scan, sendmail -q30m, Exim's -q runner): a
 * message whose retry time has come waits for the next scan. `interval` 0 means no grid.
 */
export function gridAtOrAfter(t: number, interval: number, phase = 0): number {
  if (interval <= 0) return t;
  return phase + Math.ceil((t - phase) / interval) * interval;
}

/** The first grid time strictly after `t`. */
export function gridAfter(t: number, interval: number, phase = 0): number {
  if (interval <= 0) return t;
  return phase + (Math.floor((t - phase) / interval) + 1) * interval;
}

/** One warning at `birth + after` (Postfix delay_warning_time, sendmail Timeout.queuewarn); 0 = off. */
export function singleWarning(birth: number, sent: number, after: number): number | null {
  return after > 0 && sent === 0 ? birth + after : null;
}
