/**
 * Postfix: "double the message age", on the deferred-queue scan grid.
 *
 * After a failed pass, qmgr computes `delay = now − arrival`, clamps it to
 * [minimal_backoff_time, maximal_backoff_time], sets the queue file's mtime to
 * `now + delay` and moves it to deferred/ (src/qmgr/qmgr_active.c ~559–570). The
 * deferred queue is scanned every queue_run_delay; a file whose mtime has passed goes
 * back to the active queue. With the defaults (300 s, 300 s, 4000 s) a message that
 * keeps failing is tried at 0, 5, 10, 20, 40, 80 minutes, then every 4000 s rounded
 * up to the 300 s scan grid, i.e. every 70 minutes (QSHAPE_README, "doubling the
 * message age"). The scan grid is why a host that comes back sees a *herd*: every
 * message due in the same 5 minutes arrives together.
 *
 * Give-up: after a failure when the message is at least maximal_queue_lifetime (5 d)
 * old, or bounce_queue_lifetime for null-sender mail (clamped to ≤ the former,
 * qmgr.c:720); `0` means "try once" (qmgr_active_done_25_generic, qmgr_active.c:457).
 * Delay warning: delay_warning_time, default 0 = off (postconf.proto).
 */
import { gridAtOrAfter, lastFailure, type RetryLaw, singleWarning } from "./law";

export interface PostfixRetry {
  /** Seconds between deferred-queue scans. */
  readonly queueRunDelay: number;
  /** Phase of the scan grid (when qmgr started), seconds. */
  readonly scanPhase: number;
  readonly minimalBackoffTime: number;
  readonly maximalBackoffTime: number;
  readonly maximalQueueLifetime: number;
  readonly bounceQueueLifetime: number;
  /** 0 = no delay warning. */
  readonly delayWarningTime: number;
}

export const postfix: RetryLaw<PostfixRetry> = {
  name: "postfix",
  source: "Postfix qmgr_active.c (age doubling), mail_params.h defaults, QSHAPE_README",
  defaults: {
    queueRunDelay: 300,
    scanPhase: 0,
    minimalBackoffTime: 300,
    maximalBackoffTime: 4000,
    maximalQueueLifetime: 5 * 86400,
    bounceQueueLifetime: 5 * 86400,
    delayWarningTime: 0,
  },
  next(h, p) {
    const now = lastFailure(h);
    const age = now - h.birth;
    const life = h.nullSender ? Math.min(p.bounceQueueLifetime, p.maximalQueueLifetime) : p.maximalQueueLifetime;
    if (age >= life) {
      return { action: "give-up", why: `message is ${age} s old, maximal ${h.nullSender ? "bounce_" : ""}queue lifetime is ${life} s` };
    }
    const delay = Math.min(Math.max(age, p.minimalBackoffTime), p.maximalBackoffTime);
    const at = gridAtOrAfter(now + delay, p.queueRunDelay, p.scanPhase);
    return { action: "retry", at, final: false, why: `backoff ${delay} s = message age clamped to [${p.minimalBackoffTime}, ${p.maximalBackoffTime}], next deferred-queue scan` };
  },
  warningDue: (birth, sent, p) => singleWarning(birth, sent, p.delayWarningTime),
};
