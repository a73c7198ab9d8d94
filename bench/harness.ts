/**
 * The benchmark harness behind `npm run bench`.
 *
 * Each case lives in `bench/cases/<name>.ts` and default-exports a {@link BenchCase}.
 * A case measures its figure *and* a baseline in the same process and the same run
 * (a floor written inside the bench, or another simulator running the same model:
 * bench/peers.ts), so the ratio printed is meaningful on whatever machine runs it. Each case states its target; the harness prints whether each was met.
 */

export interface BenchResult {
  /** The case's figure, in `unit`. */
  value: number;
  unit: string;
  /** What the figure is compared with, in the same unit, and where it comes from. */
  baseline: number;
  baselineLabel: string;
  /** value / baseline, oriented so that > 1 means better than the baseline. */
  ratio: number;
  /** Human statement of the target and whether it was met. */
  target: string;
  met: boolean;
  /** Wall time of the measured part, seconds. */
  wallS: number;
  /** Peak resident set size seen during the case, MB. */
  peakMB: number;
  /** Another simulator's figure for the same model beside a baseline of a different kind (the M/M/1 floor and SimPy). */
  peer?: { label: string; value: number; ratio: number };
  /** Anything else worth printing (counts, sanity checks). */
  extra?: Record<string, number | string>;
}

export interface BenchCase {
  name: string;
  description: string;
  run(): BenchResult | Promise<BenchResult>;
}

/** Samples RSS while `fn` runs (between awaits) and returns the peak in MB. */
export class PeakMemory {
  private peak = 0;
  sample(): void {
    const rss = process.memoryUsage.rss();
    if (rss > this.peak) this.peak = rss;
  }
  get mb(): number {
    this.sample();
    return Math.round((this.peak / 1e6) * 10) / 10;
  }
}

/** Wall-clock seconds taken by `fn` (benchmarks only; never used inside sim/). */
export function timed<T>(fn: () => T): { result: T; seconds: number } {
  const t0 = performance.now();
  const result = fn();
  return { result, seconds: (performance.now() - t0) / 1000 };
}

/**
 * Best of `reps` runs, and every run's time: the best is the figure least disturbed
 * by the rest of the machine (a shared VM's speed drifts by ±15 % between identical
 * runs), the others show the spread.
 */
export function best<T>(reps: number, fn: () => T): { result: T; seconds: number; all: number[] } {
  let bestRun = timed(fn);
  const all = [bestRun.seconds];
  for (let i = 1; i < reps; i++) {
    const r = timed(fn);
    all.push(r.seconds);
    if (r.seconds < bestRun.seconds) bestRun = r;
  }
  return { ...bestRun, all };
}
