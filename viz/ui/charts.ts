/**
 * The charts (d3, SVG): queue length per MTA over time (all queued solid, the
 * retry backlog dashed), link utilisation, the delivery-latency CDF, and the counters. Each chart
 * is a pure drawing of model/series.ts and model/counters.ts outputs.
 */
import { axisBottom, axisLeft, line, max, scaleLinear, scaleLog, scaleOrdinal, select, type Selection } from "d3";
import { t, type Key, type Lang } from "../i18n";
import { cdf, type Counters } from "../model/counters";
import { span } from "../model/format";
import { OKABE_ITO } from "../model/roles";
import type { Series } from "../model/series";

const W = 460, H = 200, ML = 40, MR = 10, MT = 8, MB = 28;

export const PALETTE = [OKABE_ITO[5], OKABE_ITO[6], OKABE_ITO[3], OKABE_ITO[1], OKABE_ITO[7], OKABE_ITO[2], OKABE_ITO[0], "#999999", OKABE_ITO[4]];

export function chartBox(parent: HTMLElement, id: string): Selection<SVGSVGElement, unknown, null, undefined> {
  const fig = document.createElement("figure");
  fig.className = "chart";
  fig.id = id;
  const cap = document.createElement("figcaption");
  fig.append(cap);
  parent.append(fig);
  return select(fig).append("svg").attr("viewBox", `0 0 ${W} ${H}`);
}

export function caption(svg: Selection<SVGSVGElement, unknown, null, undefined>, text: string): void {
  const fig = svg.node()?.parentElement;
  const cap = fig?.querySelector("figcaption");
  if (cap) cap.textContent = text;
}

/**
 * Lines over simulated time (hours on the x axis); `x1` is the run's duration. The
 * legend names each colour; `styles` adds what solid and dashed lines mean.
 */
export function drawLines(svg: Selection<SVGSVGElement, unknown, null, undefined>, series: readonly Series[], x1: number, yMax?: number, percent = false,
  styles?: { solid: string; dashed: string }): void {
  svg.selectAll("*").remove();
  const x = scaleLinear().domain([0, x1 / 3600]).range([ML, W - MR]);
  const top = yMax ?? Math.max(1, max(series, (s) => max(s.points, (p) => p.v)) ?? 1);
  const y = scaleLinear().domain([0, top]).nice().range([H - MB, MT]);
  svg.append("g").attr("transform", `translate(0,${H - MB})`).call(axisBottom(x).ticks(8).tickFormat((d) => `${d}h`));
  svg.append("g").attr("transform", `translate(${ML},0)`).call(axisLeft(y).ticks(5).tickFormat((d) => (percent ? `${Math.round(Number(d) * 100)}%` : String(d))));
  const names = [...new Set(series.map((s) => s.name))];
  const colour = scaleOrdinal<string, string>().domain(names).range(PALETTE);
  const path = line<{ t: number; v: number }>().x((p) => x(p.t / 3600)).y((p) => y(p.v));
  svg.append("g").attr("class", "lines").selectAll("path").data(series).join("path")
    .attr("fill", "none").attr("stroke", (s) => colour(s.name)).attr("stroke-width", 1.6)
    .attr("stroke-dasharray", (s) => (s.dashed ? "5 3" : null)).attr("d", (s) => path(s.points))
    .attr("data-points", (s) => s.points.length);
  const lg = svg.append("g").attr("class", "legend").attr("transform", `translate(${ML + 8},${MT + 4})`);
  names.forEach((n, i) => {
    const g = lg.append("g").attr("transform", `translate(${(i % 4) * 100},${Math.floor(i / 4) * 13})`);
    g.append("rect").attr("width", 10).attr("height", 3).attr("y", -4).attr("fill", colour(n));
    g.append("text").attr("x", 13).attr("y", 0).text(n);
  });
  if (styles) {
    const row = Math.ceil(names.length / 4);
    ([[styles.solid, null], [styles.dashed, "5 3"]] as const).forEach(([label, dash], i) => {
      const g = lg.append("g").attr("class", dash ? "style dashed" : "style solid").attr("transform", `translate(${i * 130},${row * 13})`);
      g.append("line").attr("x1", 0).attr("x2", 18).attr("y1", -3).attr("y2", -3).attr("stroke", "#333").attr("stroke-width", 1.6).attr("stroke-dasharray", dash);
      g.append("text").attr("x", 22).attr("y", 0).text(label);
    });
  }
}

export function drawCdf(svg: Selection<SVGSVGElement, unknown, null, undefined>, runs: { name: string; samples: readonly number[] }[]): void {
  svg.selectAll("*").remove();
  const all = runs.flatMap((r) => r.samples);
  const lo = Math.max(1e-3, Math.min(...all, 1)), hi = Math.max(10, ...all);
  const x = scaleLog().domain([lo, hi]).range([ML, W - MR]).clamp(true);
  const y = scaleLinear().domain([0, 1]).range([H - MB, MT]);
  svg.append("g").attr("transform", `translate(0,${H - MB})`).call(axisBottom(x).ticks(6, (d: number) => span(d)));
  svg.append("g").attr("transform", `translate(${ML},0)`).call(axisLeft(y).ticks(5).tickFormat((d) => `${Math.round(Number(d) * 100)}%`));
  const path = line<{ x: number; y: number }>().x((p) => x(Math.max(lo, p.x))).y((p) => y(p.y));
  runs.forEach((r, i) => {
    const pts = cdf(r.samples);
    svg.append("path").attr("fill", "none").attr("stroke", PALETTE[i]).attr("stroke-width", 1.8).attr("d", path(pts) ?? "").attr("data-points", pts.length);
    if (runs.length > 1) svg.append("text").attr("x", ML + 10).attr("y", MT + 12 + i * 13).attr("fill", PALETTE[i]).text(r.name);
  });
}

const COUNTER_KEYS: [keyof Counters, Key][] = [
  ["delivered", "count.delivered"], ["deferred", "count.deferred"], ["bounced", "count.bounced"], ["rejected", "count.rejected"],
  ["discarded", "count.discarded"], ["backscatter", "count.backscatter"], ["fallback", "count.fallback"],
];

export function drawCounters(el: HTMLElement, lang: Lang, runs: { name: string; c: Counters }[]): void {
  const table = document.createElement("table");
  table.className = "counters";
  if (runs.length > 1) {
    const tr = table.insertRow();
    tr.insertCell();
    for (const r of runs) { const th = document.createElement("th"); th.textContent = r.name; tr.append(th); }
  }
  for (const [k, key] of COUNTER_KEYS) {
    const tr = table.insertRow();
    const th = document.createElement("th");
    th.textContent = t(lang, key);
    tr.append(th);
    for (const r of runs) { const td = tr.insertCell(); td.textContent = String(r.c[k]); td.dataset.counter = k; }
  }
  el.replaceChildren(table);
}
