/**
 * Exim: retry rules measured from the destination's first failure.
 *
 * The default rule in configure.default is
 *
 *     *   *   F,2h,15m; G,16h,1h,1.5; F,4d,6h
 *
 * "retries every 15 minutes for 2 hours, then increasing retry intervals, starting at
 * 1 hour and increasing each time by a factor of 1.5, up to 16 hours, then retries
 * every 6 hours until 4 days have passed since the first failed delivery".
 *
 * How retry.c (retry_update, ~760–910) applies it after a failure at `now`:
 *  - failing_interval = now − first_failed (the *host's* first failure: Exim keys retry
 *    data by host/IP in its hints database, not by message);
 *  - the rule used is the first whose cutoff ≥ failing_interval; if none, the
 *    destination has *timed out* and the address fails (bounces);
 *  - also timed out: a message that has been queued longer than the last cutoff, when
 *    it arrived before the host's first failure;
 *  - F,cutoff,p1: next = now + p1;
 *    G,cutoff,p1,p2: lastgap = min(previous next_try − previous last_try, now −
 *    previous last_try); next = now + (lastgap < p1 ? p1 : lastgap·p2);
 *  - every gap is capped at retry_interval_max (24 h).
 * The retry time is a hint, not a promise: nothing is tried until a queue runner
 * (`-q30m` in the spec's examples) comes by, so the runner interval is the floor on
 * the gap (NixOS/nixpkgs#107604 cut it to 5 m for that reason). Set `queueRunInterval`
 * to 0 for the idealised timeline of mta-semantics.md §1.7.
 * Delay warnings: delay_warning = 24h, repeated at the last listed interval.
 *
 * The H rule (G with a random spread) is not modelled; wrap the schedule in
 * withJitter() instead.
 */
import { parseDuration } from "../../engine";
import { gridAtOrAfter, lastFailure, type RetryHistory, type RetryLaw } from "./law";

export type EximRule =
  | { readonly kind: "F"; readonly cutoff: number; readonly interval: number }
  | { readonly kind: "G"; readonly cutoff: number; readonly interval: number; readonly factor: number };

export interface EximRetry {
  readonly rules: readonly EximRule[];
  readonly retryIntervalMax: number;
  /** Queue runner interval (-q); 0 = tried exactly at the retry time. */
  readonly queueRunInterval: number;
  readonly queueRunPhase: number;
  /** delay_warning: ages of the warnings; after the last, repeat at the last interval. Empty = off. */
  readonly delayWarning: readonly number[];
}

/** Parses Exim's rule text, e.g. "F,2h,15m; G,16h,1h,1.5; F,4d,6h". */
export function parseEximRules(text: string): EximRule[] {
  return text
    .split(";")
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map((s) => {
      const f = s.split(",").map((x) => x.trim());
      if (f[0] === "F" && f.length === 3) return { kind: "F", cutoff: parseDuration(f[1]), interval: parseDuration(f[2]) };
      if (f[0] === "G" && f.length === 4) {
        const factor = Number(f[3]);
        if (!(factor > 0)) throw new Error(`Exim retry rule "${s}": bad multiplier ${f[3]}`);
        return { kind: "G", cutoff: parseDuration(f[1]), interval: parseDuration(f[2]), factor };
      }
      throw new Error(`Exim retry rule "${s}": expected F,<cutoff>,<interval> or G,<cutoff>,<interval>,<factor>`);
    });
}

interface RetryRecord {
  firstFailed: number;
  lastTry: number;
  nextTry: number;
  timedOut: boolean;
}

/** One pass of retry_update(): the hints record after a failure at `now`. */
function update(rec: RetryRecord | null, now: number, birth: number, p: EximRetry): RetryRecord {
  const r = rec ?? { firstFailed: now, lastTry: now, nextTry: now, timedOut: false };
  const failing = now - r.firstFailed;
  const last = p.rules[p.rules.length - 1];
  let rule = p.rules.find((x) => failing <= x.cutoff);
  let timedOut = rule === undefined;
  if (rule === undefined) rule = last;
  else if (birth <= r.firstFailed && now - birth > last.cutoff) timedOut = true;
  let next: number;
  if (timedOut) next = now;
  else if (rule.kind === "F") next = now + rule.interval;
  else {
    const lastgap = Math.min(r.nextTry - r.lastTry, now - r.lastTry);
    // retry.c keeps the factor ×1000 as an int and divides: (lastgap * p2) / 1000.
    next = now + (lastgap < rule.interval ? rule.interval : Math.floor((lastgap * Math.round(rule.factor * 1000)) / 1000));
  }
  if (next - now > p.retryIntervalMax) next = now + p.retryIntervalMax;
  return { firstFailed: r.firstFailed, lastTry: now, nextTry: next, timedOut };
}

/** The hints record after replaying every failure of the history (a pure fold). */
export function eximRecord(h: RetryHistory, p: EximRetry): RetryRecord {
  let rec: RetryRecord | null = h.firstFailure === undefined ? null : { firstFailed: h.firstFailure, lastTry: h.failures[0], nextTry: h.failures[0], timedOut: false };
  for (const t of h.failures) rec = update(rec, t, h.birth, p);
  if (rec === null) throw new Error("retry law asked about a message that has not failed yet");
  return rec;
}

export const exim: RetryLaw<EximRetry> = {
  name: "exim",
  source: "Exim retry.c retry_update(); spec ch. 32 'Retry configuration'; configure.default",
  defaults: {
    rules: parseEximRules("F,2h,15m; G,16h,1h,1.5; F,4d,6h"),
    retryIntervalMax: 86400,
    queueRunInterval: 1800,
    queueRunPhase: 0,
    delayWarning: [86400],
  },
  next(h, p) {
    lastFailure(h);
    if (p.rules.length === 0) return { action: "give-up", why: "no retry rules: temporary errors are permanent" };
    const rec = eximRecord(h, p);
    if (rec.timedOut) return { action: "give-up", why: "retry timeout exceeded" };
    const at = gridAtOrAfter(rec.nextTry, p.queueRunInterval, p.queueRunPhase);
    return { action: "retry", at, final: false, why: `retry time ${rec.nextTry}, next queue run` };
  },
  warningDue(birth, sent, p) {
    const w = p.delayWarning;
    if (w.length === 0) return null;
    if (sent < w.length) return birth + w[sent];
    const step = w.length === 1 ? w[0] : w[w.length - 1] - w[w.length - 2];
    return birth + w[w.length - 1] + (sent - w.length + 1) * step;
  },
};
