/**
 * A sweep's charts as data and geometry — the part both renderers share.
 *
 * `mxsim sweep` writes `charts.json` (format {@link SWEEP_CHARTS_FORMAT}): per metric
 * column, every configuration with its replications' values, their mean and 95 %
 * confidence interval, and the link bandwidths it ran on (S13: a figure without the
 * line's bandwidth means nothing). Two programs draw it:
 *
 *   - the CLI (sim/cli/sweep/charts.ts) writes each chart as SVG text, in Node;
 *   - the browser app (viz/ui/sweep-view.ts) draws it into the page after the user
 *     opens a sweep's result folder.
 *
 * Both call {@link sweepChartGeometry}, a pure function from one chart's data to
 * positions: the y scale and its ticks (durations in the unit that suits their size,
 * so ticks fall on whole minutes or hours), one band per configuration with its mean
 * bar, CI whiskers and one dot per replication (spread across the band so equal
 * values stay visible). Neither file system nor DOM is touched here.
 */
import { scaleBand, scaleLinear } from "d3";
import { formatDuration } from "../engine";

/** The format marker of `charts.json`; readers refuse anything else. */
export const SWEEP_CHARTS_FORMAT = "mxsim-sweep-charts/1";

/** One metric column of a sweep, by configuration. */
export interface SweepChartData {
  /** The column: `delivered`, `peakQueue[relay]`, `linkUtilPeak[internet--gateway]`… */
  column: string;
  /** English label of the column (the CLI's describeColumn). */
  title: string;
  /** "s" for durations, "fraction" for utilisations, else a count's noun ("recipients"). */
  unit: string;
  baseline: string;
  /** The link bandwidths: one line when every configuration has the same, else "per configuration". */
  links: string;
  configs: {
    name: string;
    links: string;
    n: number;
    mean: number | null;
    lo: number | null;
    hi: number | null;
    /** One value per replication, in seed order (null: the run had no value, e.g. never drained). */
    values: (number | null)[];
    /** Paired difference against the baseline with its 95 % CI (null for the baseline itself). */
    diff: { mean: number | null; lo: number | null; hi: number | null } | null;
  }[];
}

/** The whole `charts.json`. */
export interface SweepChartsFile {
  /** Format marker for readers: {@link SWEEP_CHARTS_FORMAT}. */
  format: string;
  name: string;
  seeds: (number | string)[];
  baseline: string;
  charts: SweepChartData[];
}

/** A value in a unit, short: durations as 1.2h / 5m 3s, fractions as 37.5%, counts as 1234 or 2.35. */
export function formatSweepValue(unit: string, x: number): string {
  if (!Number.isFinite(x)) return "–";
  if (unit === "s") return (x < 0 ? "-" : "") + formatDuration(Math.abs(x));
  if (unit === "fraction") return x === 0 || Math.abs(x) >= 0.001 ? `${(100 * x).toFixed(1)}%` : `${(100 * x).toPrecision(2)}%`;
  return Math.abs(x) >= 100 || Number.isInteger(x) ? x.toFixed(0) : x.toPrecision(3);
}

/**
 * Read a parsed `charts.json`, checking its shape enough that a drawing cannot fail
 * half way: the format marker, and every chart's configurations with numeric or null
 * values. Throws an Error that says what is wrong.
 */
export function parseSweepCharts(x: unknown): SweepChartsFile {
  const fail = (why: string): never => { throw new Error(`not a sweep charts file (${SWEEP_CHARTS_FORMAT}): ${why}`); };
  if (typeof x !== "object" || x === null) return fail("not a JSON object");
  const f = x as Partial<SweepChartsFile>;
  if (f.format !== SWEEP_CHARTS_FORMAT) return fail(`format is ${JSON.stringify(f.format)}`);
  if (!Array.isArray(f.charts)) return fail("no charts list");
  const numOrNull = (v: unknown): boolean => v === null || typeof v === "number";
  f.charts.forEach((c, i) => {
    if (typeof c?.column !== "string" || !Array.isArray(c.configs)) fail(`chart ${i} has no column or configurations`);
    for (const k of c.configs) {
      if (typeof k?.name !== "string" || !Array.isArray(k.values) || !k.values.every(numOrNull) || ![k.mean, k.lo, k.hi].every(numOrNull)) {
        fail(`chart ${c.column}: configuration ${JSON.stringify(k?.name)} is malformed`);
      }
    }
  });
  return { format: f.format, name: String(f.name ?? ""), seeds: Array.isArray(f.seeds) ? f.seeds : [], baseline: String(f.baseline ?? ""), charts: f.charts };
}

export interface SweepChartBox {
  width: number;
  height: number;
  margin: { top: number; right: number; bottom: number; left: number };
}

/** The CLI's SVG size; the browser draws in the same viewBox and lets CSS scale it. */
export const SWEEP_CHART_BOX: SweepChartBox = { width: 720, height: 400, margin: { top: 64, right: 20, bottom: 70, left: 80 } };

export interface SweepConfigGeometry {
  name: string;
  baseline: boolean;
  links: string;
  /** The band's left edge and width, and its centre. */
  x: number;
  width: number;
  cx: number;
  /** The mean as a bar from the zero line (`barY`, `barHeight`) with a tick at `y`; null when no run has a value. */
  mean: { value: number; y: number; barY: number; barHeight: number; label: string } | null;
  /** The 95 % CI whisker, top and bottom y; null with fewer than two values. */
  ci: { lo: number; hi: number; yLo: number; yHi: number } | null;
  /** One dot per replication that has a value. */
  dots: { x: number; y: number; value: number; replication: number }[];
}

export interface SweepChartGeometry {
  box: SweepChartBox;
  /** The axis unit: "h" / "min" / "s" for durations (chosen by size), else the chart's unit. */
  axisUnit: string;
  yTicks: { value: number; y: number; label: string }[];
  /** y of the value 0 (the bars' base). */
  zeroY: number;
  /** Largest number of replications of any configuration (the CI's n). */
  n: number;
  configs: SweepConfigGeometry[];
}

/** Positions of everything one chart draws, in the box's coordinates (y grows downwards). */
export function sweepChartGeometry(c: SweepChartData, box: SweepChartBox = SWEEP_CHART_BOX): SweepChartGeometry {
  const { width: W, height: H, margin: m } = box;
  const nums = c.configs.flatMap((k) => [k.lo, k.hi, k.mean, ...k.values]).filter((v): v is number => v !== null);
  // Durations are drawn in the unit that suits their size (ticks at whole minutes or hours, not at 2000 s).
  const top = Math.max(0, ...nums.map(Math.abs));
  const [f, axisUnit] = c.unit !== "s" ? [1, c.unit] : top >= 7200 ? [3600, "h"] : top >= 120 ? [60, "min"] : [1, "s"];
  // All zero (nothing bounced in any run): a plain 0..1 axis rather than one scaled to nothing.
  const lo = Math.min(0, ...nums) / f, hi = top === 0 ? 1 : Math.max(...nums.map((v) => v / f), lo + 1e-9);
  const ys = scaleLinear().domain([lo, hi]).nice().range([H - m.bottom, m.top]);
  const y = (v: number): number => ys(v / f);
  const x = scaleBand().domain(c.configs.map((k) => k.name)).range([m.left, W - m.right]).padding(0.3);
  const bw = x.bandwidth();
  const tickLabel = (t: number): string => (c.unit === "s" ? `${t}${axisUnit === "min" ? "m" : axisUnit}` : formatSweepValue(c.unit, t));
  return {
    box,
    axisUnit,
    yTicks: ys.ticks(top === 0 ? 1 : 6).map((t) => ({ value: t, y: ys(t), label: tickLabel(t) })),
    zeroY: y(0),
    n: Math.max(0, ...c.configs.map((k) => k.n)),
    configs: c.configs.map((k) => {
      const x0 = x(k.name) ?? 0, cx = x0 + bw / 2;
      const dots: SweepConfigGeometry["dots"] = [];
      k.values.forEach((v, i) => {
        if (v === null) return;
        const dx = ((i + 0.5) / Math.max(1, k.values.length) - 0.5) * bw * 0.6;
        dots.push({ x: cx + dx, y: y(v), value: v, replication: i + 1 });
      });
      return {
        name: k.name, baseline: k.name === c.baseline, links: k.links, x: x0, width: bw, cx,
        mean: k.mean === null ? null : {
          value: k.mean, y: y(k.mean), barY: Math.min(y(k.mean), y(0)), barHeight: Math.abs(y(0) - y(k.mean)), label: formatSweepValue(c.unit, k.mean),
        },
        ci: k.lo === null || k.hi === null ? null : { lo: k.lo, hi: k.hi, yLo: y(k.lo), yHi: y(k.hi) },
        dots,
      };
    }),
  };
}
