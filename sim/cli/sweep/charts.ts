/**
 * Charts of a sweep: one per metric column, the configurations along x, each with
 * its replications as small dots, their mean as a bar tick, and the 95 % CI as an
 * error bar. Every chart states the link bandwidths (S13).
 *
 * The data goes to `charts.json` ({@link chartsFile}, format and types in
 * sim/observe/sweep-charts.ts), and each chart to an SVG file written as text here,
 * so this runs in Node without a DOM. The positions come from
 * sim/observe/sweep-charts.ts's sweepChartGeometry, which the browser app uses too
 * when it opens a sweep's folder: both draw the very same charts.
 */
import { SWEEP_CHARTS_FORMAT, sweepChartGeometry, type SweepChartData, type SweepChartsFile } from "../../observe/sweep-charts";
import { describeColumn } from "./metrics";
import { bandwidthText, type ConfigStats, type ReportPlan } from "./report";

export type ChartData = SweepChartData;
export type ChartsFile = SweepChartsFile;

const fin = (x: number): number | null => (Number.isFinite(x) ? x : null);

export function chartsFile(plan: ReportPlan, stats: ConfigStats[]): ChartsFile {
  const bws = stats.map((s) => bandwidthText(s.bandwidths));
  const same = new Set(bws).size <= 1;
  const charts = plan.columns.map((column): ChartData => {
    const d = describeColumn(column);
    return {
      column, title: d.label, unit: d.unit, baseline: plan.baseline,
      links: same ? bws[0] ?? "" : "per configuration",
      configs: stats.map((s, i) => {
        const m = s.metrics[column];
        return {
          name: s.config, links: bws[i], n: m.ci.n, mean: fin(m.ci.mean), lo: fin(m.ci.lo), hi: fin(m.ci.hi), values: m.values,
          diff: m.diff === null ? null : { mean: fin(m.diff.mean), lo: fin(m.diff.lo), hi: fin(m.diff.hi) },
        };
      }),
    };
  });
  return { format: SWEEP_CHARTS_FORMAT, name: plan.name, seeds: plan.seeds, baseline: plan.baseline, charts };
}

const esc = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const r1 = (x: number): string => (Math.round(x * 10) / 10).toString();

/** One chart as SVG text. */
export function chartSvg(c: ChartData, name: string): string {
  const g = sweepChartGeometry(c);
  const { width: W, height: H, margin: m } = g.box;
  const unit = g.axisUnit && g.axisUnit !== "fraction" ? ` (${esc(g.axisUnit)})` : "";
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`);
  out.push(`<rect width="${W}" height="${H}" fill="white"/>`);
  out.push(`<text x="${m.left}" y="20" font-size="15" font-weight="bold">${esc(c.title)}${unit}</text>`);
  out.push(`<text x="${m.left}" y="38" fill="#444">${esc(name)}</text>`);
  out.push(`<text x="${m.left}" y="54" fill="#444">links: ${esc(c.links)} · bar: mean, red: 95 % CI (Student t, n = ${g.n}), dots: replications</text>`);
  for (const t of g.yTicks) {
    const ty = r1(t.y);
    out.push(`<line x1="${m.left}" x2="${W - m.right}" y1="${ty}" y2="${ty}" stroke="#e5e5e5"/>`);
    out.push(`<text x="${m.left - 6}" y="${ty}" dy="0.32em" text-anchor="end">${esc(t.label)}</text>`);
  }
  out.push(`<line x1="${m.left}" x2="${m.left}" y1="${m.top}" y2="${H - m.bottom}" stroke="#333"/>`);
  out.push(`<line x1="${m.left}" x2="${W - m.right}" y1="${r1(g.zeroY)}" y2="${r1(g.zeroY)}" stroke="#333"/>`);
  for (const k of g.configs) {
    if (k.mean !== null) {
      out.push(`<rect x="${r1(k.x)}" y="${r1(k.mean.barY)}" width="${r1(k.width)}" height="${r1(k.mean.barHeight)}" fill="${k.baseline ? "#9ecae1" : "#c6dbef"}"/>`);
      out.push(`<line x1="${r1(k.x)}" x2="${r1(k.x + k.width)}" y1="${r1(k.mean.y)}" y2="${r1(k.mean.y)}" stroke="#08519c" stroke-width="2"/>`);
    }
    for (const d of k.dots) out.push(`<circle cx="${r1(d.x)}" cy="${r1(d.y)}" r="2.5" fill="#555" fill-opacity="0.6"/>`);
    if (k.ci !== null) {
      const [ylo, yhi] = [r1(k.ci.yLo), r1(k.ci.yHi)];
      out.push(`<line x1="${r1(k.cx)}" x2="${r1(k.cx)}" y1="${ylo}" y2="${yhi}" stroke="#b30000" stroke-width="1.5"/>`);
      for (const yy of [ylo, yhi]) out.push(`<line x1="${r1(k.cx - 8)}" x2="${r1(k.cx + 8)}" y1="${yy}" y2="${yy}" stroke="#b30000" stroke-width="1.5"/>`);
    }
    out.push(`<text x="${r1(k.cx)}" y="${H - m.bottom + 18}" text-anchor="middle"${k.baseline ? ' font-weight="bold"' : ""}>${esc(k.name)}${k.baseline ? " (baseline)" : ""}</text>`);
    out.push(`<text x="${r1(k.cx)}" y="${H - m.bottom + 34}" text-anchor="middle" fill="#444">${k.mean === null ? "no value" : esc(k.mean.label)}</text>`);
    if (c.links === "per configuration") out.push(`<text x="${r1(k.cx)}" y="${H - m.bottom + 50}" text-anchor="middle" fill="#666" font-size="10">${esc(k.links)}</text>`);
  }
  out.push("</svg>");
  return out.join("\n") + "\n";
}

/** A file name for a column's chart: `linkUtilPeak[internet--gateway]` → `linkUtilPeak-internet--gateway.svg`. */
export function chartFileName(column: string): string {
  return `${column.replace(/\[(.*)\]$/, "-$1").replace(/[^A-Za-z0-9._-]+/g, "_")}.svg`;
}
