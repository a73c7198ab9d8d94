/**
 * Host-status memory: what an MTA remembers about destinations it could not reach,
 * so that the next messages do not each wait out the same dead server.
 *
 * RFC 5321 §4.5.4.1 asks for it ("the SMTP client SHOULD ... keep a list of hosts
 * it cannot reach") and every MTA does it differently; the profile says which:
 *  - Postfix (qmgr_queue.c): a destination whose cohort of deliveries failed is
 *    *dead* for minimal_backoff_time; its mail is deferred without connecting;
 *  - sendmail (Timeout.hoststatus, 30 m): a host that failed is believed down
 *    for the TTL and skipped in the MX list;
 *  - qmail (tcpto.c): two connect timeouts at least `minGap` apart mark an
 *    address failed for a random while in [skipMin, skipMax];
 *  - Exim (retry hints db): a host that failed is not tried before its own retry
 *    time, computed by the retry rules from the host's first failure;
 *  - none.
 * Each model is a small entry in a table; the queue manager asks only
 * `suspended(key)` and reports `failure` / `success`.
 */
import type { Stream } from "../engine";
import type { HostStatusModel } from "./profiles";

interface Record_ {
  /** Not to be tried before this time. */
  until: number;
  failures: number[];
  consecutive: number;
}

/** A host's next retry time from its failure history (Exim's host retry rules). */
export type HostRetry = (firstFailure: number, failures: readonly number[]) => number;

type Model = (r: Record_, now: number, kind: FailureKind, ctx: { stream: Stream; hostRetry?: HostRetry; window: number }) => void;

export type FailureKind = "timeout" | "refused" | "temporary";

const MODELS: { [K in HostStatusModel["kind"]]: (m: Extract<HostStatusModel, { kind: K }>) => Model } = {
  "dead-destination": (m) => (r, now, _k, ctx) => {
    // A failed cohort: as many consecutive failures as the destination's concurrency window.
    if (r.consecutive >= ctx.window) r.until = now + m.suspend;
  },
  "host-status": (m) => (r, now) => {
    r.until = now + m.ttl;
  },
  tcpto: (m) => (r, now, kind, ctx) => {
    if (kind !== "timeout") return;
    const timeouts = r.failures;
    if (timeouts.length >= 2 && now - timeouts[timeouts.length - 2] >= m.minGap) r.until = now + ctx.stream.uniform(m.skipMin, m.skipMax);
  },
  "retry-hints": () => (r, _now, _k, ctx) => {
    if (ctx.hostRetry !== undefined) r.until = ctx.hostRetry(r.failures[0], r.failures);
  },
  none: () => () => {},
};

export class HostStatus {
  private readonly records = new Map<string, Record_>();
  private readonly model: Model;

  constructor(
    readonly spec: HostStatusModel,
    private readonly stream: Stream,
    private readonly hostRetry?: HostRetry,
  ) {
    this.model = (MODELS[spec.kind] as (m: HostStatusModel) => Model)(spec);
  }

  /** True while `key` should not be tried. */
  suspended(key: string, now: number): boolean {
    const r = this.records.get(key);
    return r !== undefined && r.until > now;
  }

  /** When `key` may be tried again (now if it is not suspended). */
  until(key: string): number {
    return this.records.get(key)?.until ?? 0;
  }

  failure(key: string, now: number, kind: FailureKind, window = 1): void {
    let r = this.records.get(key);
    if (r === undefined) {
      r = { until: 0, failures: [], consecutive: 0 };
      this.records.set(key, r);
    }
    r.failures.push(now);
    r.consecutive++;
    this.model(r, now, kind, { stream: this.stream, hostRetry: this.hostRetry, window });
  }

  success(key: string): void {
    this.records.delete(key);
  }
}
