/**
 * Charts of a run as standalone SVG text, drawn with d3's scales and shape
 * generators (d3-scale, d3-shape compute the paths; no DOM is needed, so the
 * same code runs in Node for `mxsim run --svg` and in the browser):
 *
 *   - queue lengths per MTA over time (active + deferred): the queue that swells
 *     in an outage and drains after (S20, S21, S34);
 *   - link utilisation over time (busier direction, 0..100 %): the line a retry
 *     storm saturates (S13, S34).
 *
 * Input is the run's metrics time series (run.ts): columns `queue.active:<host>`,
 * `queue.deferred:<host>` and `util:<link>`.
 */
import { extent, line, max, scaleLinear, scaleOrdinal, schemeTableau10 } from "d3";
import type { TimeSeries } from "./metrics";

export interface Chart {
  title: string;
  yLabel: string;
  series: { name: string; values: number[] }[];
  times: number[];
  /** Fixed y maximum (utilisation: 1); else the data's maximum. */
  yMax?: number;
  /** Format a y tick. */
  yFormat: (v: number) => string;
}

const W = 760, H = 320, M = { top: 34, right: 180, bottom: 40, left: 60 };

const esc = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** Hours when the run spans more than 3 h, else minutes. */
function timeAxis(times: number[]): { unit: string; div: number } {
  const span = times[times.length - 1] ?? 0;
  return span > 3 * 3600 ? { unit: "h", div: 3600 } : { unit: "min", div: 60 };
}

export function chartSvg(c: Chart): string {
  const [t0, t1] = extent(c.times) as [number, number];
  const x = scaleLinear().domain([t0 ?? 0, t1 ?? 1]).range([M.left, W - M.right]);
  const top = c.yMax ?? Math.max(1, max(c.series, (s) => max(s.values) ?? 0) ?? 1);
  const y = scaleLinear().domain([0, top]).nice().range([H - M.bottom, M.top]);
  const colour = scaleOrdinal<string, string>(schemeTableau10).domain(c.series.map((s) => s.name));
  const { unit, div } = timeAxis(c.times);
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="11">`);
  out.push(`<rect width="${W}" height="${H}" fill="white"/>`);
  out.push(`<text x="${M.left}" y="18" font-size="14" font-weight="bold">${esc(c.title)}</text>`);
  for (const v of y.ticks(5)) {
    const py = y(v).toFixed(1);
    out.push(`<line x1="${M.left}" x2="${W - M.right}" y1="${py}" y2="${py}" stroke="#ddd"/>`);
    out.push(`<text x="${M.left - 6}" y="${py}" text-anchor="end" dominant-baseline="middle">${esc(c.yFormat(v))}</text>`);
  }
  const xt = scaleLinear().domain([(t0 ?? 0) / div, (t1 ?? 1) / div]).range(x.range());
  for (const v of xt.ticks(8)) {
    const px = xt(v).toFixed(1);
    out.push(`<line x1="${px}" x2="${px}" y1="${H - M.bottom}" y2="${H - M.bottom + 4}" stroke="#333"/>`);
    out.push(`<text x="${px}" y="${H - M.bottom + 16}" text-anchor="middle">${v}</text>`);
  }
  out.push(`<line x1="${M.left}" x2="${W - M.right}" y1="${H - M.bottom}" y2="${H - M.bottom}" stroke="#333"/>`);
  out.push(`<text x="${(M.left + W - M.right) / 2}" y="${H - 6}" text-anchor="middle">simulated time (${unit})</text>`);
  out.push(`<text transform="translate(14 ${(M.top + H - M.bottom) / 2}) rotate(-90)" text-anchor="middle">${esc(c.yLabel)}</text>`);
  const path = line<number>().x((_, i) => x(c.times[i])).y((v) => y(v));
  c.series.forEach((s, k) => {
    out.push(`<path d="${path(s.values) ?? ""}" fill="none" stroke="${colour(s.name)}" stroke-width="1.5"><title>${esc(s.name)}</title></path>`);
    const ly = M.top + 6 + k * 16;
    out.push(`<rect x="${W - M.right + 12}" y="${ly - 5}" width="12" height="3" fill="${colour(s.name)}"/>`);
    out.push(`<text x="${W - M.right + 30}" y="${ly}" dominant-baseline="middle">${esc(s.name)}</text>`);
  });
  out.push(`</svg>`);
  return out.join("\n") + "\n";
}

/** Queue length (active + deferred) per MTA. */
export function queueChart(ts: TimeSeries, title = "Queue length per MTA"): Chart {
  const hosts = ts.columns.filter((c) => c.startsWith("queue.active:")).map((c) => c.slice("queue.active:".length));
  const series = hosts.map((h) => {
    const a = ts.column(`queue.active:${h}`), d = ts.column(`queue.deferred:${h}`);
    return { name: h, values: a.map((v, i) => v + d[i]) };
  });
  return { title, yLabel: "messages queued", series: series.filter((s) => s.values.some((v) => v > 0)), times: ts.times, yFormat: (v) => String(v) };
}

/** Utilisation of each link's busier direction. */
export function utilisationChart(ts: TimeSeries, title = "Link utilisation"): Chart {
  const links = ts.columns.filter((c) => c.startsWith("util:"));
  const series = links.map((c) => ({ name: c.slice(5), values: ts.column(c) })).filter((s) => s.values.some((v) => v > 0.001));
  return { title, yLabel: "utilisation", series, times: ts.times, yMax: 1, yFormat: (v) => `${Math.round(v * 100)}%` };
}
