/**
 * The map: hosts by role (shape + colour), the outside and inside regions with the
 * firewall boundary, links (width by bandwidth, colour by current utilisation), a
 * queue badge on each MTA, and a canvas overlay of moving dots (DNS, SMTP, bodies,
 * bounces), redrawn every animation frame from the store's items (model/dots.ts).
 */
import { interpolateCividis, scaleLog, select, type Selection } from "d3";
import type { Lang } from "../i18n";
import { t } from "../i18n";
import { layout, pathBetween, type Layout } from "../model/layout";
import { DOT_STYLE, styleOf } from "../model/roles";
import type { DotKind } from "../model/dots";
import { progress, prune, type Item } from "../model/dots";
import { bps } from "../model/format";
import type { Store } from "../model/store";
import type { Loaded } from "../protocol";
import { shapePath } from "./shapes";

const W = 1000, H = 560, M = 40;
const DOT_KINDS: readonly DotKind[] = ["dns-query", "dns-answer", "smtp", "body", "bounce"];

export class TopologyView {
  readonly root: HTMLElement;
  private svg: Selection<SVGSVGElement, unknown, null, undefined>;
  private canvas: HTMLCanvasElement | OffscreenCanvas;
  /** What the canvas shows: [display time, speed, items, width, height] (redrawn only when one changes). */
  private painted: [number, number, number, number, number] = [NaN, 0, 0, 0, 0];
  private info: Loaded | undefined;
  private lay: Layout | undefined;
  private pos = new Map<string, [number, number]>();
  private paths = new Map<string, [number, number][]>();
  private drawnVersion = -1;
  private svgAt = 0;
  private size = { w: 0, h: 0 };
  private highlighted: Set<string> = new Set();
  /** Items drawn in the last frame (for the fps figure). */
  lastDrawn = 0;

  constructor(parent: HTMLElement, private readonly onHost: (host: string) => void) {
    this.root = document.createElement("div");
    this.root.className = "map";
    parent.append(this.root);
    this.svg = select(this.root).append("svg").attr("viewBox", `0 0 ${W} ${H}`).attr("role", "img");
    const canvas = document.createElement("canvas");
    canvas.className = "dots";
    this.root.append(canvas);
    // An OffscreenCanvas sends its frames to the compositor itself, so the page's layer-tree
    // commit does not copy the canvas bitmap every frame (in software rendering that copy
    // is the biggest cost of an animation frame).
    this.canvas = typeof canvas.transferControlToOffscreen === "function" ? canvas.transferControlToOffscreen() : canvas;
    // Read the size when it changes, not every frame (getBoundingClientRect forces a layout).
    new ResizeObserver((entries) => {
      const r = entries[0].contentRect;
      this.size = { w: r.width, h: r.height };
    }).observe(this.root);
  }

  setup(info: Loaded, lang: Lang): void {
    this.info = info;
    this.lay = layout(info.topology);
    this.pos.clear();
    this.paths.clear();
    for (const [name, p] of this.lay.hosts) this.pos.set(name, [M + p.x * (W - 2 * M), M + p.y * (H - 2 * M)]);
    this.drawnVersion = -1;
    this.svgAt = 0;
    const svg = this.svg;
    svg.selectAll("*").remove();
    svg.attr("aria-label", info.name);
    const b = this.lay.boundary;
    if (b !== undefined) {
      const bx = M + b * (W - 2 * M);
      svg.append("rect").attr("class", "region inside").attr("x", bx).attr("y", 4).attr("width", W - bx - 4).attr("height", H - 8).attr("rx", 12);
      svg.append("line").attr("class", "boundary").attr("x1", bx).attr("x2", bx).attr("y1", 4).attr("y2", H - 4);
      svg.append("text").attr("class", "region-label").attr("x", bx + 10).attr("y", 22).text(t(lang, "region.inside"));
      svg.append("text").attr("class", "region-label").attr("x", 12).attr("y", 22).text(t(lang, "region.outside"));
    }
    const widths = scaleLog().domain([64e3, 1e9]).range([1.5, 9]).clamp(true);
    svg.append("g").attr("class", "links").selectAll("line").data(info.topology.links).join("line")
      .attr("x1", (l) => this.xy(l.a)[0]).attr("y1", (l) => this.xy(l.a)[1])
      .attr("x2", (l) => this.xy(l.b)[0]).attr("y2", (l) => this.xy(l.b)[1])
      .attr("stroke-width", (l) => widths(l.bandwidth))
      .append("title").text((l) => `${l.name}: ${bps(l.bandwidth)}, ${+(l.latency * 1000).toFixed(2)} ms`);
    svg.append("g").attr("class", "route");
    const hosts = svg.append("g").attr("class", "hosts").selectAll("g").data(info.topology.hosts).join("g")
      .attr("class", (h) => `host role-${info.drawRoles[h.name]}${h.synthetic ? " synthetic" : ""}`)
      .attr("data-host", (h) => h.name)
      .attr("transform", (h) => `translate(${this.xy(h.name).join(",")})`)
      .attr("tabindex", (h) => (h.synthetic ? null : 0))
      .on("click", (_ev, h) => this.onHost(h.name))
      .on("keydown", (ev: KeyboardEvent, h) => { if (ev.key === "Enter") this.onHost(h.name); });
    hosts.append("path").attr("class", "shape")
      .attr("d", (h) => shapePath(styleOf(info.drawRoles[h.name]).shape, h.synthetic ? 7 : 13))
      .attr("fill", (h) => styleOf(info.drawRoles[h.name]).colour);
    hosts.append("text").attr("class", "label").attr("y", (h) => (h.synthetic ? 16 : 28)).text((h) => h.name);
    hosts.append("title").text((h) => `${h.name} — ${styleOf(info.drawRoles[h.name]).label[lang]} ${h.addrs.join(", ")}`);
    const badges = hosts.filter((h) => h.mta).append("g").attr("class", "badge").attr("transform", "translate(14,-24)");
    badges.append("rect").attr("width", 34).attr("height", 16).attr("rx", 8);
    badges.append("text").attr("x", 17).attr("y", 12);
    this.legend(lang);
  }

  private legend(lang: Lang): void {
    const g = this.svg.append("g").attr("class", "legend").attr("transform", `translate(${W - 190},${H - 84})`);
    const kinds = [["dns-query", "legend.dns"], ["smtp", "legend.smtp"], ["body", "legend.body"], ["bounce", "legend.bounce"]] as const;
    kinds.forEach(([k, key], i) => {
      const row = g.append("g").attr("transform", `translate(0,${i * 18})`);
      row.append("path").attr("d", dotPath(DOT_STYLE[k].shape, 6)).attr("transform", "translate(6,0)")
        .attr("fill", DOT_STYLE[k].shape === "ring" ? "none" : DOT_STYLE[k].colour).attr("stroke", DOT_STYLE[k].colour).attr("stroke-width", 2);
      row.append("text").attr("x", 18).attr("y", 4).text(t(lang, key));
    });
  }

  private xy(host: string): [number, number] {
    return this.pos.get(host) ?? [W / 2, H / 2];
  }

  /** Hosts and links to emphasise (from the log or the inspector); a route draws arrows along it. */
  highlight(hosts: readonly string[], route: readonly string[] = []): void {
    this.highlighted = new Set(hosts);
    this.svg.selectAll<SVGGElement, { name: string }>("g.host").classed("hl", (h) => this.highlighted.has(h.name));
    const topo = this.info?.topology;
    const g = this.svg.select("g.route");
    g.selectAll("*").remove();
    if (!topo || route.length < 2) return;
    const pts: [number, number][] = [];
    for (let i = 0; i + 1 < route.length; i++) for (const h of pathBetween(topo, route[i], route[i + 1])) {
      const p = this.xy(h);
      if (pts.length === 0 || pts[pts.length - 1] !== p) pts.push(p);
    }
    g.append("path").attr("class", "route-line").attr("d", `M${pts.map((p) => p.join(",")).join("L")}`);
  }

  /** Per frame: link colours and badges when the store changed; the dots always. */
  frame(store: Store, now: number, speed: number): void {
    // The SVG (link colours, badges) changes a few times a second at most: repainting it is
    // what costs, not the dots (the canvas is its own compositing layer).
    const wall = performance.now();
    if (store.version !== this.drawnVersion && wall - this.svgAt > 250) {
      this.svgAt = wall;
      this.drawnVersion = store.version;
      const util = store.utilNow;
      this.svg.selectAll<SVGLineElement, unknown>("g.links line").attr("stroke", (_d, i) => interpolateCividis(Math.min(1, util[i] ?? 0)))
        .classed("busy", (_d, i) => (util[i] ?? 0) > 0.8);
      const q = new Map(store.info.mtas.map((m, i) => [m, store.queuesNow[i] ?? [0, 0, 0]]));
      this.svg.selectAll<SVGGElement, { name: string }>("g.badge").select("text").text(function () {
        const host = (this as SVGTextElement).closest("g.host")?.getAttribute("data-host") ?? "";
        const v = q.get(host) ?? [0, 0, 0];
        return String(v[0] + v[1]);
      });
      const down = store.down;
      this.svg.selectAll<SVGGElement, { name: string }>("g.host").classed("down", (h) => down.has(h.name));
    }
    store.items = prune(store.items, now, speed);
    this.drawDots(store.items, now, speed);
  }

  private drawDots(items: readonly Item[], now: number, speed: number): void {
    const c = this.canvas;
    const dpr = globalThis.devicePixelRatio || 1;
    const w = Math.round(this.size.w * dpr), h = Math.round(this.size.h * dpr);
    if (w === 0 || h === 0) return; // hidden (the compare or sweep pane is open)
    const p = this.painted;
    if (p[0] === now && p[1] === speed && p[2] === items.length && p[3] === w && p[4] === h) return; // paused: nothing moves
    this.painted = [now, speed, items.length, w, h];
    if (c.width !== w || c.height !== h) { c.width = w; c.height = h; }
    const ctx = c.getContext("2d") as Ctx2D | null;
    if (!ctx) return;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, w, h);
    // Same mapping as the SVG's viewBox (preserveAspectRatio xMidYMid meet).
    const s = Math.min(w / W, h / H);
    ctx.setTransform(s, 0, 0, s, (w - W * s) / 2, (h - H * s) / 2);
    // Each kind of dot is drawn once into a small sprite at device resolution, then copied
    // to whole-pixel positions: a software canvas blits a sprite far faster than it
    // anti-aliases a path per dot.
    const sprites = this.spritesFor(s);
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    const ox = (w - W * s) / 2, oy = (h - H * s) / 2, half = sprites.half;
    let n = 0;
    for (const it of items) {
      const q = progress(it, now, speed);
      if (q === undefined) continue;
      const [x, y] = this.along(it.from, it.to, q);
      ctx.drawImage(sprites.of[it.kind], Math.round(ox + x * s - half), Math.round(oy + y * s - half));
      n++;
    }
    this.lastDrawn = n;
  }

  private sprites: { scale: number; half: number; of: Record<DotKind, ImageBitmap | HTMLCanvasElement> } | undefined;

  /** The dot sprites for a drawing scale (made again only when the map is resized). */
  private spritesFor(scale: number): NonNullable<TopologyView["sprites"]> {
    if (this.sprites && this.sprites.scale === scale) return this.sprites;
    const r = 5, pad = 2;
    const size = Math.ceil((2 * (r + pad)) * scale);
    const of = {} as Record<DotKind, ImageBitmap | HTMLCanvasElement>;
    for (const kind of DOT_KINDS) {
      const c = typeof OffscreenCanvas === "function" ? new OffscreenCanvas(size, size) : Object.assign(document.createElement("canvas"), { width: size, height: size });
      const ctx = c.getContext("2d") as Ctx2D | null;
      if (ctx) {
        const st = DOT_STYLE[kind];
        ctx.setTransform(scale, 0, 0, scale, size / 2, size / 2);
        ctx.fillStyle = st.colour;
        ctx.strokeStyle = st.colour;
        ctx.lineWidth = 2.5;
        ctx.beginPath();
        traceDot(ctx, st.shape, 0, 0, r);
        if (st.shape === "ring" || st.shape === "cross") ctx.stroke();
        else ctx.fill();
      }
      // An ImageBitmap is blitted as is; drawing from a canvas would snapshot it at every copy.
      of[kind] = c instanceof HTMLCanvasElement ? c : c.transferToImageBitmap();
    }
    this.sprites = { scale, half: size / 2, of };
    return this.sprites;
  }

  private along(from: string, to: string, p: number): [number, number] {
    const key = `${from}>${to}`;
    let pts = this.paths.get(key);
    if (!pts) {
      pts = this.info ? pathBetween(this.info.topology, from, to).map((h) => this.xy(h)) : [this.xy(from), this.xy(to)];
      this.paths.set(key, pts);
    }
    if (pts.length === 1) return pts[0];
    const f = Math.min(1, Math.max(0, p)) * (pts.length - 1);
    const i = Math.min(pts.length - 2, Math.floor(f));
    const u = f - i;
    return [pts[i][0] + (pts[i + 1][0] - pts[i][0]) * u, pts[i][1] + (pts[i + 1][1] - pts[i][1]) * u];
  }
}

function dotPath(shape: string, r: number): string {
  switch (shape) {
    case "triangle": return `M0,${-r}L${r},${r}L${-r},${r}Z`;
    case "triangle-down": return `M0,${r}L${r},${-r}L${-r},${-r}Z`;
    case "square": return `M${-r * 0.8},${-r * 0.8}h${r * 1.6}v${r * 1.6}h${-r * 1.6}Z`;
    case "cross": return `M${-r},${-r}L${r},${r}M${r},${-r}L${-r},${r}`;
    default: return `M${r},0A${r},${r} 0 1 1 ${-r},0A${r},${r} 0 1 1 ${r},0Z`;
  }
}

type Ctx2D = CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;

/** Add one dot's outline to the current path (the caller fills or strokes all dots of a kind at once). */
function traceDot(ctx: Ctx2D, shape: string, x: number, y: number, r: number): void {
  switch (shape) {
    case "triangle": ctx.moveTo(x, y - r); ctx.lineTo(x + r, y + r); ctx.lineTo(x - r, y + r); ctx.closePath(); return;
    case "triangle-down": ctx.moveTo(x, y + r); ctx.lineTo(x + r, y - r); ctx.lineTo(x - r, y - r); ctx.closePath(); return;
    case "square": ctx.rect(x - r * 0.8, y - r * 0.8, r * 1.6, r * 1.6); return;
    case "cross": ctx.moveTo(x - r, y - r); ctx.lineTo(x + r, y + r); ctx.moveTo(x + r, y - r); ctx.lineTo(x - r, y + r); return;
    default: ctx.moveTo(x + r, y); ctx.arc(x, y, r, 0, Math.PI * 2); return;
  }
}
