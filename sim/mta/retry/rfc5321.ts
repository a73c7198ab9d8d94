/**
 * The RFC baseline (RFC 5321 §4.5.4.1, from RFC 1123 §5.3.1.1): "the retry interval
 * SHOULD be at least 30 minutes", and "the give-up time generally needs to be at
 * least 4-5 days". A fixed interval measured from the last failure, no queue grid,
 * no warning. (The RFC also reports that "two connection attempts in the first hour,
 * then backing off to one every two or three hours" works well in practice; use the
 * `fixed` law for that shape.)
 */
import { lastFailure, type RetryLaw } from "./law";

export interface Rfc5321Retry {
  readonly interval: number;
  readonly giveUpAfter: number;
}

export const rfc5321: RetryLaw<Rfc5321Retry> = {
  name: "rfc5321",
  source: "RFC 5321 §4.5.4.1",
  defaults: { interval: 1800, giveUpAfter: 5 * 86400 },
  next(h, p) {
    const now = lastFailure(h);
    if (now - h.birth >= p.giveUpAfter) return { action: "give-up", why: `give-up time ${p.giveUpAfter} s reached` };
    return { action: "retry", at: now + p.interval, final: false, why: `retry interval ${p.interval} s` };
  },
  warningDue: () => null,
};
