/**
 * Metrics: counters, gauges sampled into time series, and histograms with
 * percentiles. Models never keep statistics (they emit trace events); these are
 * what observers build from the events and from the models' gauges (engine/gauge.ts).
 */

/** Monotone counts by name. */
export class Counters {
  private readonly values = new Map<string, number>();
  add(name: string, by = 1): void {
    this.values.set(name, (this.values.get(name) ?? 0) + by);
  }
  get(name: string): number {
    return this.values.get(name) ?? 0;
  }
  /** Entries sorted by name (stable output regardless of insertion order). */
  entries(): [string, number][] {
    return [...this.values.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  }
}

/**
 * Gauges sampled at fixed simulated-time intervals: each column is a named function
 * read at every sample (queue length of a host, utilisation of a link).
 */
export class TimeSeries {
  readonly columns: string[] = [];
  private readonly readers: (() => number)[] = [];
  readonly times: number[] = [];
  readonly rows: number[][] = [];

  gauge(name: string, read: () => number): void {
    if (this.times.length > 0) throw new Error(`time series: gauge ${name} added after sampling started`);
    this.columns.push(name);
    this.readers.push(read);
  }

  sample(t: number): void {
    this.times.push(t);
    this.rows.push(this.readers.map((r) => r()));
  }

  column(name: string): number[] {
    const i = this.columns.indexOf(name);
    if (i < 0) throw new Error(`time series: no column ${name}`);
    return this.rows.map((r) => r[i]);
  }

  toCSV(): string {
    const head = ["t", ...this.columns].join(",");
    const body = this.times.map((t, i) => [round(t), ...this.rows[i].map(round)].join(","));
    return [head, ...body].join("\n") + "\n";
  }
}

const round = (x: number): string => (Number.isInteger(x) ? String(x) : x.toPrecision(6).replace(/\.?0+$/, ""));

/** All observed values, kept exactly; percentiles by the nearest-rank method. */
export class Histogram {
  private values = new Float64Array(64);
  private n = 0;
  private sorted = true;

  add(x: number): void {
    if (this.n === this.values.length) {
      const v = new Float64Array(this.n * 2);
      v.set(this.values);
      this.values = v;
    }
    this.values[this.n++] = x;
    this.sorted = false;
  }

  get count(): number {
    return this.n;
  }

  mean(): number {
    let s = 0;
    for (let i = 0; i < this.n; i++) s += this.values[i];
    return this.n > 0 ? s / this.n : NaN;
  }

  /** Nearest-rank percentile, p in [0, 100]: the smallest value with at least p % of values ≤ it. */
  percentile(p: number): number {
    if (this.n === 0) return NaN;
    if (!this.sorted) {
      this.values.subarray(0, this.n).sort();
      this.sorted = true;
    }
    const rank = Math.max(1, Math.ceil((p / 100) * this.n));
    return this.values[Math.min(rank, this.n) - 1];
  }

  max(): number {
    return this.percentile(100);
  }
}
