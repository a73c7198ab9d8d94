/**
 * DNS lookups as a workload: a host's stub resolver looks names up, with no mail on
 * top. This is the tutorial's first picture (S1): what one `MX example.gr.jp` costs
 * cold — the site resolver walks root -> jp -> gr.jp -> example.gr.jp — and what the
 * same lookup costs once the answer is cached.
 *
 * The names are asked in turn, cycling through the list. With a `rate` the lookups
 * start as a Poisson process (each independent of the others, so identical lookups
 * in flight overlap, as many mailers asking at once do); without one they run one
 * after another, each starting when the previous one has its answer, which is what
 * a person typing `host -t mx` repeatedly sees.
 *
 * Lookups are not messages: they are not in the ledger. Each finished lookup is
 * reported to `onDone` (and the stub emits its own `dns.resolved` trace event).
 */
import type { Kernel, Stream } from "../engine";
import type { RcodeName, RrType, StubResolver } from "../dns";

export interface LookupsSpec {
  names: readonly string[];
  type: RrType;
  /** Total lookups. */
  count: number;
  /** Poisson starts per second; undefined = one after another. */
  rate?: number;
  /** When the first lookup may start, seconds. */
  start: number;
}

export interface LookupRecord {
  name: string;
  type: RrType;
  rcode: RcodeName;
  answers: number;
  queries: number;
  start: number;
  elapsed: number;
}

export function startLookups(
  spec: LookupsSpec,
  env: { kernel: Kernel; stub: StubResolver; arrivals: Stream },
  onDone?: (r: LookupRecord) => void,
): void {
  const { kernel, stub } = env;
  let started = 0;
  const begin = (then?: () => void): void => {
    const name = spec.names[started % spec.names.length];
    started++;
    const t0 = kernel.now;
    stub.lookup(name, spec.type, (r) => {
      onDone?.({ name, type: spec.type, rcode: r.rcode, answers: r.answers.length, queries: r.queries, start: t0, elapsed: r.elapsed });
      then?.();
    });
  };
  if (spec.count <= 0) return;
  const rate = spec.rate;
  if (rate === undefined) {
    const next = (): void => begin(() => {
      if (started < spec.count) next();
    });
    kernel.at(spec.start, next);
    return;
  }
  const arrive = (): void => {
    begin();
    if (started < spec.count) kernel.schedule(env.arrivals.exponential(rate), arrive);
  };
  kernel.at(spec.start + env.arrivals.exponential(rate), arrive);
}
