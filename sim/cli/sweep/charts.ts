/**
 * Charts of a sweep: one per metric column, the configurations along x, each with
 * its replications as small dots, their mean as a bar tick, and the 95 % CI as an
 * error bar. d3 computes the scales and ticks; the SVG is written as text, so this
 * runs in Node without a DOM (and in a browser the same way).
 *
 * The same data goes to `charts.json` (see {@link ChartsFile}), so the browser app
 * can open a sweep's folder and draw the very same charts with its own d3 — or call
 * {@link chartSvg} on it. Every chart states the link bandwidths (S13).
 */
import { scaleBand, scaleLinear } from "d3";
import { describeColumn } from "./metrics";
import { bandwidthText, formatValue, type ConfigStats, type ReportPlan } from "./report";

export interface ChartData {
  column: string;
  title: string;
  unit: string;
  baseline: string;
  /** The link bandwidths: one line when every configuration has the same, else per configuration. */
  links: string;
  configs: {
    name: string;
    links: string;
    n: number;
    mean: number | null;
    lo: number | null;
    hi: number | null;
    values: (number | null)[];
    diff: { mean: number | null; lo: number | null; hi: number | null } | null;
  }[];
}

export interface ChartsFile {
  /** Format marker for readers: "mxsim-sweep-charts/1". */
  format: string;
  name: string;
  seeds: (number | string)[];
  baseline: string;
  charts: ChartData[];
}

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
  return { format: "mxsim-sweep-charts/1", name: plan.name, seeds: plan.seeds, baseline: plan.baseline, charts };
}

const esc = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const r1 = (x: number): string => (Math.round(x * 10) / 10).toString();

/** One chart as SVG text. */
export function chartSvg(c: ChartData, name: string): string {
  const W = 720, H = 400, m = { top: 64, right: 20, bottom: 70, left: 80 };
  const nums = c.configs.flatMap((k) => [k.lo, k.hi, k.mean, ...k.values]).filter((v): v is number => v !== null);
  // Durations are drawn in the unit that suits their size (ticks at whole minutes or hours, not at 2000 s).
  const top = Math.max(0, ...nums.map(Math.abs));
  const [f, suffix] = c.unit !== "s" ? [1, ""] : top >= 7200 ? [3600, "h"] : top >= 120 ? [60, "min"] : [1, "s"];
  const lo = Math.min(0, ...nums) / f, hi = Math.max(...nums.map((v) => v / f), lo + 1e-9);
  const ys = scaleLinear().domain([lo, hi]).nice().range([H - m.bottom, m.top]);
  const y = (v: number): number => ys(v / f);
  const x = scaleBand().domain(c.configs.map((k) => k.name)).range([m.left, W - m.right]).padding(0.3);
  const bw = x.bandwidth();
  const n = Math.max(0, ...c.configs.map((k) => k.n));
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`);
  out.push(`<rect width="${W}" height="${H}" fill="white"/>`);
  out.push(`<text x="${m.left}" y="20" font-size="15" font-weight="bold">${esc(c.title)}${suffix ? ` (${suffix})` : c.unit && c.unit !== "fraction" ? ` (${esc(c.unit)})` : ""}</text>`);
  out.push(`<text x="${m.left}" y="38" fill="#444">${esc(name)}</text>`);
  out.push(`<text x="${m.left}" y="54" fill="#444">links: ${esc(c.links)} · bar: mean, red: 95 % CI (Student t, n = ${n}), dots: replications</text>`);
  for (const t of ys.ticks(6)) {
    const ty = r1(ys(t));
    out.push(`<line x1="${m.left}" x2="${W - m.right}" y1="${ty}" y2="${ty}" stroke="#e5e5e5"/>`);
    out.push(`<text x="${m.left - 6}" y="${ty}" dy="0.32em" text-anchor="end">${esc(suffix ? `${t}${suffix === "min" ? "m" : suffix}` : formatValue(c.column, t))}</text>`);
  }
  out.push(`<line x1="${m.left}" x2="${m.left}" y1="${m.top}" y2="${H - m.bottom}" stroke="#333"/>`);
  out.push(`<line x1="${m.left}" x2="${W - m.right}" y1="${r1(y(0))}" y2="${r1(y(0))}" stroke="#333"/>`);
  for (const k of c.configs) {
    const x0 = x(k.name) ?? 0, cx = x0 + bw / 2;
    const base = k.name === c.baseline;
    if (k.mean !== null) {
      out.push(`<rect x="${r1(x0)}" y="${r1(Math.min(y(k.mean), y(0)))}" width="${r1(bw)}" height="${r1(Math.abs(y(0) - y(k.mean)))}" fill="${base ? "#9ecae1" : "#c6dbef"}"/>`);
      out.push(`<line x1="${r1(x0)}" x2="${r1(x0 + bw)}" y1="${r1(y(k.mean))}" y2="${r1(y(k.mean))}" stroke="#08519c" stroke-width="2"/>`);
    }
    k.values.forEach((v, i) => {
      if (v === null) return;
      const dx = ((i + 0.5) / Math.max(1, k.values.length) - 0.5) * bw * 0.6;
      out.push(`<circle cx="${r1(cx + dx)}" cy="${r1(y(v))}" r="2.5" fill="#555" fill-opacity="0.6"/>`);
    });
    if (k.lo !== null && k.hi !== null) {
      const [ylo, yhi] = [r1(y(k.lo)), r1(y(k.hi))];
      out.push(`<line x1="${r1(cx)}" x2="${r1(cx)}" y1="${ylo}" y2="${yhi}" stroke="#b30000" stroke-width="1.5"/>`);
      for (const yy of [ylo, yhi]) out.push(`<line x1="${r1(cx - 8)}" x2="${r1(cx + 8)}" y1="${yy}" y2="${yy}" stroke="#b30000" stroke-width="1.5"/>`);
    }
    out.push(`<text x="${r1(cx)}" y="${H - m.bottom + 18}" text-anchor="middle"${base ? ' font-weight="bold"' : ""}>${esc(k.name)}${base ? " (baseline)" : ""}</text>`);
    out.push(`<text x="${r1(cx)}" y="${H - m.bottom + 34}" text-anchor="middle" fill="#444">${k.mean === null ? "no value" : esc(formatValue(c.column, k.mean))}</text>`);
    if (c.links === "per configuration") out.push(`<text x="${r1(cx)}" y="${H - m.bottom + 50}" text-anchor="middle" fill="#666" font-size="10">${esc(k.links)}</text>`);
  }
  out.push("</svg>");
  return out.join("\n") + "\n";
}

/** A file name for a column's chart: `linkUtilPeak[internet--gateway]` → `linkUtilPeak-internet--gateway.svg`. */
export function chartFileName(column: string): string {
  return `${column.replace(/\[(.*)\]$/, "-$1").replace(/[^A-Za-z0-9._-]+/g, "_")}.svg`;
}
