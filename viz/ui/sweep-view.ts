/**
 * The sweep results pane: the user opens the folder `mxsim sweep` wrote (an
 * `<input type=file webkitdirectory>`) or its charts.json, and every metric is drawn
 * by configuration — a bar to the mean, the 95 % CI as a red whisker, one dot per
 * replication — under the link bandwidths the runs had (S13).
 *
 * The drawing is model/sweep.ts's view-model (the CLI's own geometry) put into SVG
 * with d3; the file is read locally (File.text()), nothing is uploaded. Loaded lazily
 * by main.ts the first time the pane is opened.
 */
import { select } from "d3";
import { t, type Lang } from "../i18n";
import { findChartsJson, readSweepCharts, sweepView, type SweepChartView } from "../model/sweep";
import type { SweepChartsFile } from "../../sim/index";

export class SweepResultsView {
  readonly root: HTMLElement;
  private readonly folder: HTMLInputElement;
  private readonly file: HTMLInputElement;
  private readonly labels: { folder: HTMLElement; file: HTMLElement; help: HTMLElement };
  private readonly status: HTMLElement;
  private readonly head: HTMLElement;
  private readonly charts: HTMLElement;
  private lang: Lang = "en";
  private data: SweepChartsFile | undefined;

  constructor(parent: HTMLElement) {
    this.root = document.createElement("section");
    this.root.className = "sweep";
    this.root.id = "sweep";
    parent.append(this.root);
    const bar = document.createElement("div");
    bar.className = "sweep-bar";
    const pick = (id: string, dir: boolean): [HTMLLabelElement, HTMLInputElement, HTMLElement] => {
      const label = document.createElement("label");
      const text = document.createElement("span");
      const input = document.createElement("input");
      input.type = "file";
      input.id = id;
      if (dir) { input.webkitdirectory = true; input.multiple = true; } else input.accept = ".json,application/json";
      input.onchange = () => void this.open([...(input.files ?? [])]);
      label.append(text, input);
      return [label, input, text];
    };
    const [fl, folder, ft] = pick("sweep-folder", true);
    const [jl, file, jt] = pick("sweep-file", false);
    this.folder = folder;
    this.file = file;
    const help = document.createElement("p");
    help.className = "help";
    this.labels = { folder: ft, file: jt, help };
    this.status = document.createElement("p");
    this.status.className = "status";
    this.status.id = "sweep-status";
    this.status.setAttribute("role", "status");
    bar.append(fl, jl, help);
    this.head = document.createElement("div");
    this.head.className = "sweep-head";
    this.charts = document.createElement("div");
    this.charts.className = "sweep-charts";
    this.root.append(bar, this.status, this.head, this.charts);
  }

  relabel(lang: Lang): void {
    this.lang = lang;
    this.labels.folder.textContent = `${t(lang, "sweep.folder")}: `;
    this.labels.file.textContent = `${t(lang, "sweep.file")}: `;
    this.labels.help.textContent = t(lang, "sweep.help");
    this.folder.setAttribute("aria-label", t(lang, "sweep.folder"));
    this.file.setAttribute("aria-label", t(lang, "sweep.file"));
    if (this.data) this.draw(this.data);
  }

  /** Read the picked files: the folder's charts.json, or the one file chosen. */
  async open(files: File[]): Promise<void> {
    const f = findChartsJson(files);
    if (!f) { this.status.textContent = t(this.lang, "sweep.none"); return; }
    try {
      this.data = readSweepCharts(await f.text());
      this.status.textContent = "";
      this.draw(this.data);
    } catch (err) {
      this.status.textContent = t(this.lang, "sweep.bad", { file: f.webkitRelativePath || f.name, error: err instanceof Error ? err.message : String(err) });
    }
  }

  private draw(file: SweepChartsFile): void {
    const v = sweepView(file, this.lang);
    const h2 = document.createElement("h2");
    h2.textContent = v.name;
    const p = document.createElement("p");
    p.textContent = v.header;
    const links = v.links.map((l) => {
      const x = document.createElement("p");
      x.className = "links";
      x.textContent = l;
      return x;
    });
    this.head.replaceChildren(h2, p, ...links);
    this.charts.replaceChildren(...v.charts.map((c) => chartFigure(c)));
  }
}

/** One metric: a figure with its title, the links (S13), the legend, and the SVG. */
function chartFigure(c: SweepChartView): HTMLElement {
  const fig = document.createElement("figure");
  fig.className = "chart sweep-chart";
  fig.dataset.column = c.column;
  const cap = document.createElement("figcaption");
  const title = document.createElement("strong");
  title.textContent = c.title;
  const links = document.createElement("span");
  links.className = "links";
  links.textContent = c.links;
  const legend = document.createElement("span");
  legend.className = "legend";
  legend.textContent = c.legend;
  cap.append(title, links, legend);
  fig.append(cap);
  const g = c.geometry;
  const { width: W, height: H, margin: m } = g.box;
  // Only the plot: the title, links and legend are in the caption (wraps, translates).
  const top = m.top - 16;
  const svg = select(fig).append("svg").attr("viewBox", `0 ${top} ${W} ${H - top}`).attr("role", "img").attr("aria-label", c.title);
  const grid = svg.append("g").attr("class", "grid");
  for (const tk of g.yTicks) {
    grid.append("line").attr("x1", m.left).attr("x2", W - m.right).attr("y1", tk.y).attr("y2", tk.y);
    svg.append("text").attr("class", "tick").attr("x", m.left - 6).attr("y", tk.y).attr("dy", "0.32em").attr("text-anchor", "end").text(tk.label);
  }
  svg.append("line").attr("class", "axis").attr("x1", m.left).attr("x2", m.left).attr("y1", m.top).attr("y2", H - m.bottom);
  svg.append("line").attr("class", "axis").attr("x1", m.left).attr("x2", W - m.right).attr("y1", g.zeroY).attr("y2", g.zeroY);
  g.configs.forEach((k, i) => {
    const label = c.labels[i];
    const col = svg.append("g").attr("class", `config${k.baseline ? " baseline" : ""}`).attr("data-config", k.name);
    if (k.mean !== null) {
      col.append("rect").attr("class", "bar").attr("x", k.x).attr("y", k.mean.barY).attr("width", k.width).attr("height", k.mean.barHeight);
      col.append("line").attr("class", "mean").attr("x1", k.x).attr("x2", k.x + k.width).attr("y1", k.mean.y).attr("y2", k.mean.y);
    }
    col.append("g").attr("class", "dots").selectAll("circle").data(k.dots).join("circle")
      .attr("cx", (d) => d.x).attr("cy", (d) => d.y).attr("r", 3)
      .append("title").text((d) => `${k.name} #${d.replication}: ${d.value}`);
    if (k.ci !== null) {
      const ci = col.append("g").attr("class", "ci");
      ci.append("line").attr("x1", k.cx).attr("x2", k.cx).attr("y1", k.ci.yLo).attr("y2", k.ci.yHi);
      for (const yy of [k.ci.yLo, k.ci.yHi]) ci.append("line").attr("x1", k.cx - 8).attr("x2", k.cx + 8).attr("y1", yy).attr("y2", yy);
    }
    col.append("text").attr("class", "name").attr("x", k.cx).attr("y", H - m.bottom + 18).attr("text-anchor", "middle").text(label.name);
    col.append("text").attr("class", "value").attr("x", k.cx).attr("y", H - m.bottom + 34).attr("text-anchor", "middle").text(label.value);
    if (label.links) col.append("text").attr("class", "links").attr("x", k.cx).attr("y", H - m.bottom + 50).attr("text-anchor", "middle").text(label.links);
  });
  return fig;
}
