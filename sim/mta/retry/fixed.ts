/**
 * A table of delays: after failure k (1-based) wait `delays[k−1]`; past the end of the
 * table either repeat the last delay or give up. This is the shape of Haraka
 * (2^(k+5) s, 13 tries), zone-mta (5, 7, 8, 25, 75, 120 min, then 240 min, 48 h),
 * Stalwart's `retry = [2m, 5m, 10m, 15m, 30m, 1h, 2h]` (mta-semantics.md §1.5), or
 * any hand-made schedule. `lifetime` bounds the whole: a failure at an age ≥ lifetime
 * gives up. Delay warnings at the listed ages (empty = none).
 */
import { lastFailure, type RetryLaw } from "./law";

export interface FixedRetry {
  readonly delays: readonly number[];
  /** After the table: true = keep using the last delay, false = give up. */
  readonly repeatLast: boolean;
  readonly lifetime: number;
  /** Ages at which delay warnings are due. */
  readonly warnings: readonly number[];
}

export const fixed: RetryLaw<FixedRetry> = {
  name: "fixed",
  source: "mta-semantics.md §1.5 (Haraka, zone-mta, Stalwart tables)",
  defaults: { delays: [300, 900, 1800, 3600, 7200, 14400], repeatLast: true, lifetime: 5 * 86400, warnings: [] },
  next(h, p) {
    const now = lastFailure(h);
    if (now - h.birth >= p.lifetime) return { action: "give-up", why: `lifetime ${p.lifetime} s reached` };
    const k = h.failures.length - 1;
    if (k >= p.delays.length && !p.repeatLast) return { action: "give-up", why: `all ${p.delays.length} retries used` };
    if (p.delays.length === 0) return { action: "give-up", why: "empty delay table" };
    const d = p.delays[Math.min(k, p.delays.length - 1)];
    return { action: "retry", at: now + d, final: false, why: `table delay #${k + 1}: ${d} s` };
  },
  warningDue: (birth, sent, p) => (sent < p.warnings.length ? birth + p.warnings[sent] : null),
};
