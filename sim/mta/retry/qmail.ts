/**
 * qmail: quadratic backoff from the message's birth, per message.
 *
 * qmail-send.c (nextretry, lines ~1043–1053):
 *
 *     if (birth > recent) n = 0; else n = squareroot(recent - birth);
 *     n += chanskip[c];            // chanskip = {10 local, 20 remote}
 *     return birth + n * n;
 *
 * where `recent` is the time of the failure and squareroot is the integer square
 * root. With instant failures, attempt k happens at birth + (chanskip·k)²: remote
 * 0, 400, 1600, 3600, 6400 s…, gaps growing by 800 s each time. THOUGHTS explains
 * the choice: "an hour-long delay in a day-old message is worth the same as a
 * ten-minute delay in an hour-old message". There is no queue-run grid: qmail-send
 * keeps a timer per message.
 *
 * Lifetime: control/queuelifetime, default 604800 s (7 d). "If a message is still in
 * the queue after queuelifetime, qmail-send will try it once more, but it will treat
 * any temporary delivery failures as permanent failures" (qmail-send.9). So the
 * attempt made at or after birth + lifetime is `final`, and its failure is a bounce.
 * qmail sends no delay warnings.
 */
import { lastFailure, type RetryLaw } from "./law";

export interface QmailRetry {
  /** chanskip: 20 for the remote channel, 10 for local. */
  readonly chanskip: number;
  /** control/queuelifetime, seconds. */
  readonly queueLifetime: number;
}

/** Integer square root (floor), as qmail's squareroot(). */
export function isqrt(x: number): number {
  if (x <= 0) return 0;
  let r = Math.floor(Math.sqrt(x));
  while (r * r > x) r--;
  while ((r + 1) * (r + 1) <= x) r++;
  return r;
}

export const qmail: RetryLaw<QmailRetry> = {
  name: "qmail",
  source: "qmail-send.c nextretry() and chanskip; qmail-send.9 queuelifetime",
  defaults: { chanskip: 20, queueLifetime: 604800 },
  next(h, p) {
    const now = lastFailure(h);
    const expired = (t: number): boolean => t >= h.birth + p.queueLifetime;
    if (expired(now)) {
      return { action: "give-up", why: `final try after queuelifetime ${p.queueLifetime} s failed: temporary failure treated as permanent` };
    }
    const n = (h.birth > now ? 0 : isqrt(now - h.birth)) + p.chanskip;
    const at = h.birth + n * n;
    const final = expired(at);
    return { action: "retry", at, final, why: final ? "last try after queuelifetime" : `birth + (isqrt(age) + ${p.chanskip})² = birth + ${n}²` };
  },
  warningDue: () => null,
};
