/** The chart panel of the single-run view: queue lengths, link utilisation, latency CDF, counters. */
import type { Selection } from "d3";
import { t, type Lang } from "../i18n";
import { queueSeries, utilSeries } from "../model/series";
import type { Store } from "../model/store";
import type { Loaded } from "../protocol";
import { caption, chartBox, drawCdf, drawCounters, drawLines } from "./charts";

type Svg = Selection<SVGSVGElement, unknown, null, undefined>;

export class ChartsView {
  readonly root: HTMLElement;
  private queue: Svg;
  private util: Svg;
  private cdf: Svg;
  private counters: HTMLElement;
  private countersCap: HTMLElement;
  private drawn = -1;
  private lang: Lang = "en";

  constructor(parent: HTMLElement) {
    this.root = document.createElement("section");
    this.root.className = "charts";
    this.root.id = "charts";
    parent.append(this.root);
    this.queue = chartBox(this.root, "chart-queue");
    this.util = chartBox(this.root, "chart-util");
    this.cdf = chartBox(this.root, "chart-cdf");
    const fig = document.createElement("figure");
    fig.className = "chart";
    fig.id = "chart-counters";
    this.countersCap = document.createElement("figcaption");
    this.counters = document.createElement("div");
    fig.append(this.countersCap, this.counters);
    this.root.append(fig);
  }

  setup(_info: Loaded, lang: Lang): void {
    this.lang = lang;
    this.drawn = -1;
    caption(this.queue, t(lang, "chart.queue"));
    caption(this.util, t(lang, "chart.util"));
    caption(this.cdf, t(lang, "chart.cdf"));
    this.countersCap.textContent = t(lang, "chart.counters");
  }

  render(s: Store, lang: Lang): void {
    if (s.version === this.drawn && lang === this.lang) return;
    this.drawn = s.version;
    this.lang = lang;
    const d = s.info.duration;
    drawLines(this.queue, queueSeries(s.samples, s.info.mtas), d, undefined, false, { solid: t(lang, "chart.total"), dashed: t(lang, "chart.deferredPart") });
    drawLines(this.util, utilSeries(s.samples, s.info.topology.links.map((l) => l.name)), d, undefined, true);
    drawCdf(this.cdf, [{ name: "", samples: s.latency.samples }]);
    drawCounters(this.counters, lang, [{ name: "", c: s.counters }]);
  }
}
