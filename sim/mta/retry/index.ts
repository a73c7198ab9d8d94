/**
 * The table of retry laws, and schedules: a law bound to its parameters.
 *
 *     const s = retrySchedule("postfix", { maximalQueueLifetime: 86400 });
 *     s.next({ birth: 0, failures: [0, 300] })   // → { action: "retry", at: 600, … }
 *
 * Parameters not given take the law's defaults (each law's file cites where they come
 * from). A schedule is as pure as its law; {@link withJitter} adds a random offset drawn
 * from a named Stream, the fix chasquid applies ("to avoid all queued emails to be
 * retried at the exact same time after a restart", U(0, 60 s)) and that QSHAPE_README
 * wishes Postfix had against the thundering herd.
 */
import { type Stream } from "../../engine";
import { exim } from "./exim";
import { fixed } from "./fixed";
import { type RetryDecision, type RetryHistory, type RetryLaw } from "./law";
import { postfix } from "./postfix";
import { qmail } from "./qmail";
import { rfc5321 } from "./rfc5321";
import { sendmail } from "./sendmail";

export const RETRY_LAWS = { postfix, sendmail, qmail, exim, rfc5321, fixed } as const;

export type RetryLawName = keyof typeof RETRY_LAWS;

export type RetryParams<N extends RetryLawName> = (typeof RETRY_LAWS)[N] extends RetryLaw<infer P> ? P : never;

/** A law with its parameters resolved: what a queue manager holds. */
export interface RetrySchedule {
  readonly law: RetryLawName;
  readonly params: Readonly<object>;
  next(h: RetryHistory): RetryDecision;
  warningDue(birth: number, sent: number): number | null;
}

/** A retry law by name, as data in a scenario or profile: `{ law: "exim", params: { … } }`. */
export type RetrySpec = { [N in RetryLawName]: { readonly law: N; readonly params?: Partial<RetryParams<N>> } }[RetryLawName];

export function retrySchedule<N extends RetryLawName>(name: N, overrides: Partial<RetryParams<N>> = {}): RetrySchedule {
  const law = RETRY_LAWS[name] as unknown as RetryLaw<RetryParams<N>>;
  if (law === undefined) throw new Error(`unknown retry law "${String(name)}" (known: ${Object.keys(RETRY_LAWS).join(", ")})`);
  const params = { ...law.defaults, ...overrides } as RetryParams<N>;
  return {
    law: name,
    params,
    next: (h) => law.next(h, params),
    warningDue: (birth, sent) => law.warningDue(birth, sent, params),
  };
}

/** The schedule a {@link RetrySpec} names. */
export function scheduleOf(spec: RetrySpec): RetrySchedule {
  return retrySchedule(spec.law, spec.params as Partial<RetryParams<typeof spec.law>>);
}

/** The same schedule with U(0, maxSeconds) added to every retry time, drawn from `stream`. */
export function withJitter(s: RetrySchedule, stream: Stream, maxSeconds = 60): RetrySchedule {
  return {
    ...s,
    next(h) {
      const d = s.next(h);
      return d.action === "retry" ? { ...d, at: d.at + stream.uniform(0, maxSeconds) } : d;
    },
  };
}

/**
 * The attempt times of a message that fails every time, each failure taking
 * `attemptDuration` seconds (e.g. a 30 s connect timeout), until the law gives up.
 * Returns the attempts and the give-up time. A tool for explanations, plots and tests.
 */
export function failingTimeline(s: RetrySchedule, birth = 0, attemptDuration = 0, maxAttempts = 10_000): { attempts: number[]; giveUp: number } {
  const attempts = [birth];
  const failures: number[] = [];
  for (;;) {
    failures.push(attempts[attempts.length - 1] + attemptDuration);
    const d = s.next({ birth, failures });
    if (d.action === "give-up") return { attempts, giveUp: failures[failures.length - 1] };
    if (attempts.length >= maxAttempts) throw new Error(`retry law ${s.law} did not give up within ${maxAttempts} attempts`);
    attempts.push(d.at);
  }
}

export { exim, parseEximRules, eximRecord, type EximRetry, type EximRule } from "./exim";
export { fixed, type FixedRetry } from "./fixed";
export { gridAfter, gridAtOrAfter, type RetryDecision, type RetryHistory, type RetryLaw } from "./law";
export { postfix, type PostfixRetry } from "./postfix";
export { qmail, isqrt, type QmailRetry } from "./qmail";
export { rfc5321, type Rfc5321Retry } from "./rfc5321";
export { sendmail, type SendmailRetry } from "./sendmail";
