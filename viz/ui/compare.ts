/**
 * Compare: the same scenario and seed under two settings side by side (two workers),
 * with synchronised time (both are advanced to the same simulated time; the slower
 * one sets the pace) and overlaid charts: total queue, delivery-latency CDF, counters.
 * The setting varied is the retry law of every MTA (postfix, qmail, …), the classic
 * retry-strategy comparison; the random streams are common to both (same seed).
 */
import type { Selection } from "d3";
import { SimClient } from "../client";
import { t, type Lang } from "../i18n";
import { clock } from "../model/format";
import { totalQueue } from "../model/series";
import { apply, newStore, type Store } from "../model/store";
import { caption, chartBox, drawCdf, drawCounters, drawLines } from "./charts";
import { TopologyView } from "./topology";

const LAWS = ["", "postfix", "sendmail", "qmail", "exim", "rfc5321", "fixed"];

interface Side {
  client: SimClient;
  store: Store | undefined;
  law: HTMLSelectElement;
  map: TopologyView;
}

export class CompareView {
  readonly root: HTMLElement;
  private sides: Side[] = [];
  private lang: Lang = "en";
  private playing = false;
  private display = 0;
  private readonly speed = 3600;
  private playBtn: HTMLButtonElement;
  private timeOut: HTMLOutputElement;
  private queue: Selection<SVGSVGElement, unknown, null, undefined>;
  private cdf: Selection<SVGSVGElement, unknown, null, undefined>;
  private counters: HTMLElement;
  private lastDraw = 0;

  constructor(parent: HTMLElement, private readonly source: () => { yaml: string; file: string }) {
    this.root = document.createElement("section");
    this.root.className = "compare";
    this.root.id = "compare";
    this.root.hidden = true;
    parent.append(this.root);
    const bar = document.createElement("div");
    bar.className = "compare-bar";
    this.playBtn = document.createElement("button");
    this.playBtn.id = "compare-play";
    this.playBtn.onclick = () => { this.playing = !this.playing; this.relabel(this.lang); };
    this.timeOut = document.createElement("output");
    bar.append(this.playBtn, this.timeOut);
    const maps = document.createElement("div");
    maps.className = "compare-maps";
    this.root.append(bar, maps);
    for (const [i, law] of ["postfix", "qmail"].entries()) {
      const col = document.createElement("div");
      col.className = "side";
      const sel = document.createElement("select");
      sel.id = `compare-law-${i}`;
      for (const l of LAWS) { const o = document.createElement("option"); o.value = l; o.textContent = l || "(profiles)"; sel.append(o); }
      sel.value = law;
      col.append(sel);
      maps.append(col);
      const side: Side = { client: undefined as unknown as SimClient, store: undefined, law: sel, map: new TopologyView(col, () => undefined) };
      sel.onchange = () => this.reload(side);
      this.sides.push(side);
    }
    const chartsEl = document.createElement("div");
    chartsEl.className = "compare-charts";
    this.root.append(chartsEl);
    this.queue = chartBox(chartsEl, "compare-queue");
    this.cdf = chartBox(chartsEl, "compare-cdf");
    this.counters = document.createElement("div");
    this.counters.id = "compare-counters";
    chartsEl.append(this.counters);
  }

  private make(side: Side): SimClient {
    return new SimClient({
      loaded: (info) => { side.store = newStore(info); side.map.setup(info, this.lang); },
      batch: (b) => { if (side.store) apply(side.store, b); },
      invalid: () => undefined,
      failed: () => undefined,
    });
  }

  private reload(side: Side): void {
    side.client?.terminate();
    side.client = this.make(side);
    side.store = undefined;
    this.display = 0;
    const src = this.source();
    side.client.load({ yaml: src.yaml, file: src.file, retryLaw: side.law.value });
  }

  open(lang: Lang): void {
    this.lang = lang;
    this.root.hidden = false;
    for (const s of this.sides) this.reload(s);
    this.relabel(lang);
  }

  close(): void {
    this.root.hidden = true;
    this.playing = false;
    for (const s of this.sides) { s.client?.terminate(); s.store = undefined; }
  }

  relabel(lang: Lang): void {
    this.lang = lang;
    this.playBtn.textContent = this.playing ? `❚❚ ${t(lang, "ui.pause")}` : `▶ ${t(lang, "ui.play")}`;
    caption(this.queue, `${t(lang, "chart.queue")} — Σ`);
    caption(this.cdf, t(lang, "chart.cdf"));
    for (const [i, s] of this.sides.entries()) s.law.setAttribute("aria-label", `${t(lang, i === 0 ? "ui.settingA" : "ui.settingB")}: ${t(lang, "ui.retryLaw")}`);
  }

  /** Per frame: advance both runs to the same time, draw maps, and (twice a second) the charts. */
  frame(dt: number): void {
    const stores = this.sides.map((s) => s.store);
    if (stores.some((s) => s === undefined)) return;
    const ss = stores as Store[];
    const reached = Math.min(...ss.map((s) => s.t));
    const dur = ss[0].info.duration;
    if (this.playing) {
      this.display = Math.min(this.display + this.speed * dt, reached, dur);
      const target = Math.min(dur, this.display + this.speed * 0.5);
      for (const s of this.sides) if (!s.client.busy && (s.store as Store).t < target) s.client.advance(target);
      if (this.display >= dur) this.playing = false;
    }
    this.sides.forEach((s, i) => s.map.frame(ss[i], this.display, this.speed));
    this.timeOut.textContent = `${clock(this.display)} / ${clock(dur)}`;
    const now = performance.now();
    if (now - this.lastDraw < 500) return;
    this.lastDraw = now;
    const name = (i: number): string => this.sides[i].law.value || "(profiles)";
    drawLines(this.queue, ss.map((s, i) => ({ name: name(i), dashed: i === 1, points: totalQueue(s.samples).filter((p) => p.t <= this.display + 1) })), dur);
    drawCdf(this.cdf, ss.map((s, i) => ({ name: name(i), samples: s.latency.samples })));
    drawCounters(this.counters, this.lang, ss.map((s, i) => ({ name: name(i), c: s.counters })));
  }
}
