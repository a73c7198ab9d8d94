/**
 * sendmail: every queue run tries every queued job.
 *
 * The daemon started as `sendmail -bd -q30m` forks a queue runner every 30 minutes
 * (doc/op/op.me; RFC 1123 §5.3.1.1 asks for ≥ 30 min). A job is skipped in a run
 * (queue.c, the 'K' line of the qf file = last try time):
 *  - with MaxQueueAge > 0: if `now − lastTry < min(lastTry − created, MaxQueueAge)`,
 *    i.e. the job's own interval grows with its age up to MaxQueueAge;
 *  - else with MinQueueAge > 0: if `now − lastTry < MinQueueAge`.
 * (The host status cache, Timeout.hoststatus 30 m, can also skip a job; that is
 * host-status memory, not this law.)
 *
 * Give-up (envelope.c dropenvelope): a job still queued when `now > created +
 * Timeout.queuereturn` (5 d) is returned with status 4.4.7 "Cannot send message for
 * 5 days". Warning: once, when `now > created + Timeout.queuewarn` (cf default 4 h;
 * compiled default 0 = off), never for a `<>` sender.
 */
import { gridAfter, gridAtOrAfter, lastFailure, type RetryLaw, singleWarning } from "./law";

export interface SendmailRetry {
  /** The -q interval: seconds between queue runs. */
  readonly queueInterval: number;
  /** When the daemon started (phase of the queue-run grid), seconds. */
  readonly queuePhase: number;
  /** MinQueueAge; 0 = off. */
  readonly minQueueAge: number;
  /** MaxQueueAge; 0 = off. */
  readonly maxQueueAge: number;
  /** Timeout.queuereturn. */
  readonly queueReturn: number;
  /** Timeout.queuewarn; 0 = off. */
  readonly queueWarn: number;
}

export const sendmail: RetryLaw<SendmailRetry> = {
  name: "sendmail",
  source: "sendmail queue.c (MinQueueAge/MaxQueueAge), envelope.c dropenvelope, conf.c, cf/README",
  defaults: { queueInterval: 1800, queuePhase: 0, minQueueAge: 0, maxQueueAge: 0, queueReturn: 5 * 86400, queueWarn: 4 * 3600 },
  next(h, p) {
    const now = lastFailure(h);
    if (now > h.birth + p.queueReturn) {
      return { action: "give-up", why: `Cannot send message for ${p.queueReturn} s (Timeout.queuereturn)` };
    }
    const wait = p.maxQueueAge > 0 ? Math.min(now - h.birth, p.maxQueueAge) : p.minQueueAge;
    const at = Math.max(gridAfter(now, p.queueInterval, p.queuePhase), gridAtOrAfter(now + wait, p.queueInterval, p.queuePhase));
    const why = wait > 0 ? `next queue run at least ${wait} s after the last try` : "next queue run";
    return { action: "retry", at, final: false, why };
  },
  // "curtime() > e_ctime + to_q_warning" on whole seconds: due one second after queuewarn, so a
  // queue run that falls exactly on the 4 h mark does not warn yet.
  warningDue: (birth, sent, p) => singleWarning(birth, sent, p.queueWarn > 0 ? p.queueWarn + 1 : 0),
};
