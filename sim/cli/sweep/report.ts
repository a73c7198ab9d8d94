/**
 * A sweep's reports, from its finished runs:
 *
 *  - `results.csv`: one row per run — configuration, replication, seed, fingerprint,
 *    the bandwidth of every reported link (`bandwidth[l]`, bits/s), then the metrics;
 *  - `summary.csv`: one row per (configuration, metric) — n, mean, sd, the 95 % CI
 *    (Student t), and the paired difference against the baseline configuration with
 *    its own 95 % CI (stats.ts);
 *  - the printed table (also `report.txt`): metrics by configuration, mean ± CI half
 *    width, then the paired differences, `*` where the CI excludes 0.
 *
 * S13: a figure without the line's bandwidth means nothing, so every report names
 * the bandwidth of the links it reports — per run in results.csv, per configuration
 * in summary.csv, in the table's header and in every chart.
 */
import { formatBandwidth } from "../../engine";
import { formatSweepValue } from "../../observe/sweep-charts";
import { describeColumn, METRIC_FAMILIES, PER_HOST, PER_LINK, type MetricFamily } from "./metrics";
import type { RunRecord } from "./run-task";
import { meanCI, pairedDiffCI, type Interval } from "./stats";

/** What the reports cover: the configurations in order, the seeds, the columns chosen. */
export interface ReportPlan {
  name: string;
  configs: string[];
  seeds: (number | string)[];
  baseline: string;
  columns: string[];
  links: string[];
}

export interface ConfigStats {
  config: string;
  /** Link bandwidths of this configuration (the reported links), bits/s. */
  bandwidths: Record<string, number>;
  /** Per column: the replications' values in seed order, the CI, and the paired difference vs the baseline. */
  metrics: Record<string, { values: (number | null)[]; ci: Interval; diff: Interval | null }>;
}

/** The columns a sweep reports: the chosen families, expanded per host / per link. */
export function reportColumns(families: readonly MetricFamily[] | undefined, hosts: string[], links: string[]): string[] {
  const out: string[] = [];
  for (const f of families ?? METRIC_FAMILIES) {
    if (PER_HOST.includes(f)) for (const h of hosts) out.push(`${f}[${h}]`);
    else if (PER_LINK.includes(f)) for (const l of links) out.push(`${f}[${l}]`);
    else out.push(f);
  }
  return out;
}

/** Group runs by configuration (in seed order) and compute every CI and paired difference. */
export function analyse(plan: ReportPlan, runs: RunRecord[]): ConfigStats[] {
  const at = new Map<string, RunRecord>(runs.map((r) => [`${r.config}\u0000${r.replication}`, r]));
  const valuesOf = (config: string, column: string): (number | null)[] =>
    plan.seeds.map((_, k) => at.get(`${config}\u0000${k + 1}`)?.metrics[column] ?? null);
  return plan.configs.map((config) => {
    const any = plan.seeds.map((_, k) => at.get(`${config}\u0000${k + 1}`)).find((r) => r !== undefined);
    const bandwidths: Record<string, number> = {};
    for (const l of plan.links) if (any?.bandwidths[l] !== undefined) bandwidths[l] = any.bandwidths[l];
    const metrics: ConfigStats["metrics"] = {};
    for (const c of plan.columns) {
      const values = valuesOf(config, c);
      metrics[c] = { values, ci: meanCI(values), diff: config === plan.baseline ? null : pairedDiffCI(values, valuesOf(plan.baseline, c)) };
    }
    return { config, bandwidths, metrics };
  });
}

/** `internet--gateway 1.5Mbps, relay--internet 100Mbps` */
export function bandwidthText(bw: Record<string, number>): string {
  return Object.entries(bw).map(([l, b]) => `${l} ${formatBandwidth(b)}`).join(", ");
}

function csvCell(v: unknown): string {
  if (v === null || v === undefined || (typeof v === "number" && !Number.isFinite(v))) return "";
  const s = typeof v === "number" ? String(Number.isInteger(v) ? v : Number(v.toPrecision(10))) : String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
const csvLine = (cells: unknown[]): string => cells.map(csvCell).join(",");

export function resultsCsv(plan: ReportPlan, runs: RunRecord[]): string {
  const order = new Map(plan.configs.map((c, i) => [c, i]));
  const sorted = [...runs].sort((a, b) => (order.get(a.config) ?? 0) - (order.get(b.config) ?? 0) || a.replication - b.replication);
  const head = ["config", "replication", "seed", "fingerprint", ...plan.links.map((l) => `bandwidth[${l}]`), ...plan.columns];
  const rows = sorted.map((r) => [r.config, r.replication, r.seed, r.fingerprint, ...plan.links.map((l) => r.bandwidths[l]), ...plan.columns.map((c) => r.metrics[c])]);
  return [head, ...rows].map(csvLine).join("\n") + "\n";
}

export function summaryCsv(plan: ReportPlan, stats: ConfigStats[]): string {
  const head = ["config", "metric", "unit", "n", "mean", "sd", "ci95_half", "ci95_lo", "ci95_hi", "baseline",
    "diff_n", "diff_mean", "diff_ci95_lo", "diff_ci95_hi", "links"];
  const rows: unknown[][] = [];
  for (const s of stats) {
    for (const c of plan.columns) {
      const m = s.metrics[c];
      const d = m.diff;
      rows.push([s.config, c, describeColumn(c).unit, m.ci.n, m.ci.mean, m.ci.sd, m.ci.half, m.ci.lo, m.ci.hi, plan.baseline,
        d?.n, d?.mean, d?.lo, d?.hi, bandwidthText(s.bandwidths)]);
    }
  }
  return [head, ...rows].map(csvLine).join("\n") + "\n";
}

/** A value in a column's unit, short: 1.2h, 37.5%, 1234 (the charts' formatSweepValue). */
export function formatValue(column: string, x: number): string {
  return formatSweepValue(describeColumn(column).unit, x);
}

function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ")).join("\n");
}

/** The printed report: metrics by configuration (mean ± 95 % CI half-width), then paired differences. */
export function formatReport(plan: ReportPlan, stats: ConfigStats[], runs: number): string {
  const lines: string[] = [];
  lines.push(`${plan.name}: ${plan.configs.length} configurations × ${plan.seeds.length} replications (${runs} runs; replication k uses the same seed in every configuration)`);
  const bws = stats.map((s) => bandwidthText(s.bandwidths));
  if (new Set(bws).size <= 1) lines.push(`links: ${bws[0] ?? ""}`);
  else stats.forEach((s, i) => lines.push(`links (${s.config}): ${bws[i]}`));
  lines.push("", "mean ± 95 % CI (Student t over replications)");
  const rows = [["metric", ...plan.configs]];
  for (const c of plan.columns) {
    rows.push([c, ...stats.map((s) => {
      const ci = s.metrics[c].ci;
      return Number.isFinite(ci.half) ? `${formatValue(c, ci.mean)} ±${formatValue(c, ci.half)}` : formatValue(c, ci.mean);
    })]);
  }
  lines.push(table(rows));
  const others = stats.filter((s) => s.config !== plan.baseline);
  if (others.length > 0 && plan.seeds.length > 1) {
    lines.push("", `paired difference vs ${plan.baseline} (same seeds), mean [95 % CI]; * = CI excludes 0`);
    const drows = [["metric", ...others.map((s) => s.config)]];
    for (const c of plan.columns) {
      drows.push([c, ...others.map((s) => {
        const d = s.metrics[c].diff;
        if (d === null || !Number.isFinite(d.mean)) return "–";
        const sig = Number.isFinite(d.lo) && (d.lo > 0 || d.hi < 0) ? "*" : " ";
        return Number.isFinite(d.half) ? `${formatValue(c, d.mean)} [${formatValue(c, d.lo)}, ${formatValue(c, d.hi)}]${sig}` : formatValue(c, d.mean);
      })]);
    }
    lines.push(table(drows));
  }
  return lines.join("\n") + "\n";
}
