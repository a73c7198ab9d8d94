/**
 * The browser app: wires the simulation worker (client.ts) to the views.
 *
 * Time: `display` is the simulated time shown. While playing it advances by
 * speed × wall time, but never past what the worker has computed (`store.t`); the
 * worker is asked for the next slice while the page draws, so the page never waits.
 * Stepping and scrubbing ask the worker and show the result when it arrives.
 *
 * `window.mxsim` exposes a few read-only hooks for the end-to-end test.
 */
import { SimClient } from "./client";
import { pickLang, t, type Lang } from "./i18n";
import { apply, newStore, type Store } from "./model/store";
import { seen } from "./model/event-window";
import type { Loaded, ProblemInfo } from "./protocol";
import { LIBRARY, describeEntry, type LibraryEntry } from "./scenarios";
import { Controls, bindKeys } from "./ui/controls";
import { Editor } from "./ui/editor";
import { Inspector } from "./ui/inspector";
import { LogView } from "./ui/log";
import { TopologyView } from "./ui/topology";
import { ChartsView } from "./ui/charts-view";
import { CompareView } from "./ui/compare";
import type { Summary } from "../sim/index";

type Tab = "log" | "inspector" | "editor";
type Mode = "single" | "compare" | "sweep";

const app = {
  lang: pickLang(navigator.languages ?? [navigator.language]) as Lang,
  speed: 600,
  playing: false,
  display: 0,
  store: undefined as Store | undefined,
  entry: LIBRARY[0] as LibraryEntry | undefined,
  yaml: LIBRARY[0]?.yaml ?? "",
  file: LIBRARY[0]?.file ?? "scenario.yaml",
  tab: "log" as Tab,
  mode: "single" as Mode,
  problems: [] as ProblemInfo[],
  frames: [] as number[],
  lastInspected: "" as string,
};

const q = <T extends HTMLElement>(sel: string): T => document.querySelector(sel) as T;
const top = q<HTMLElement>("#top");
const controlsEl = q<HTMLElement>("#controls");
const main = q<HTMLElement>("#main");

// ---- header ---------------------------------------------------------------
const title = document.createElement("h1");
const picker = document.createElement("select");
picker.id = "scenario";
const langBtn = document.createElement("button");
langBtn.id = "lang";
const compareBtn = document.createElement("button");
compareBtn.id = "compare-toggle";
const sweepBtn = document.createElement("button");
sweepBtn.id = "sweep-toggle";
const desc = document.createElement("p");
desc.className = "desc";
desc.id = "description";
top.append(title, picker, langBtn, compareBtn, sweepBtn, desc);

// ---- layout ---------------------------------------------------------------
const single = document.createElement("div");
single.className = "single";
const left = document.createElement("div");
left.className = "left";
const right = document.createElement("div");
right.className = "right";
single.append(left, right);
main.append(single);
const tabs = document.createElement("nav");
tabs.className = "tabs";
tabs.setAttribute("role", "tablist");
right.append(tabs);
const panels = document.createElement("div");
panels.className = "panels";
right.append(panels);

const topo = new TopologyView(left, (h) => { logView.set({ host: h }); showTab("log"); topo.highlight([h]); });
const charts = new ChartsView(left);
const logView = new LogView(panels, {
  highlight: (hosts) => topo.highlight(hosts),
  message: (id) => void inspectMessage(id),
  dns: (msg) => void inspectDns(msg),
}, () => app.store);
const inspector = new Inspector(panels, {
  route: (hosts) => topo.highlight(hosts, hosts),
  dns: (msg) => void inspectDns(msg),
  message: (id) => void inspectMessage(id),
});
const editor = new Editor(panels, (yaml) => { app.yaml = yaml; app.file = "pasted.yaml"; app.entry = undefined; load(); });
const compare = new CompareView(main, () => ({ yaml: app.yaml, file: app.file }));

// boot.ts started the worker (and the default scenario's load) before this module arrived.
const boot = window.mxsimBoot ?? undefined;
window.mxsimBoot = null;
const client = new SimClient({
  loaded(info: Loaded) {
    app.store = newStore(info);
    app.display = 0;
    app.problems = [];
    editor.show([], app.lang);
    setupViews(info);
    picker.dataset.loaded = app.entry?.id ?? "";
    if (app.tab === "editor") showTab("log");
  },
  batch(b) {
    if (!app.store) return;
    apply(app.store, b);
    if (!app.playing || b.reset) app.display = b.t;
  },
  invalid(problems) {
    app.problems = problems;
    app.playing = false;
    editor.show(problems, app.lang);
    showTab("editor");
  },
  failed(error) {
    app.playing = false;
    desc.textContent = error;
  },
}, boot);

function setupViews(info: Loaded): void {
  topo.setup(info, app.lang);
  controls.setup(info, app.lang, app.speed);
  charts.setup(info, app.lang);
  logView.setup(info.topology.hosts.filter((h) => !h.synthetic).map((h) => h.name), app.lang);
  inspector.empty(app.lang);
  renderHeader();
}

const actions = {
  toggle(): void {
    if (!app.store) return;
    app.playing = !app.playing;
    if (app.playing && app.display >= app.store.info.duration) { app.playing = false; }
    controls.labels(app.lang, app.playing, app.speed);
  },
  step(mode: "event" | "decision"): void {
    app.playing = false;
    controls.labels(app.lang, false, app.speed);
    if (!client.busy) client.step(mode);
  },
  seek(tm: number): void {
    if (!app.store) return;
    const st = app.store;
    if (tm >= st.t) { if (!client.busy) client.advance(tm); app.display = Math.min(tm, st.t); }
    else client.seek(tm);
  },
  speed(v: number): void {
    app.speed = v;
    controls.labels(app.lang, app.playing, v);
  },
};
const controls = new Controls(controlsEl, actions, app.speed);
bindKeys(actions, () => app.display, () => app.store?.info.sampleEvery ?? 600);

function showTab(tab: Tab): void {
  app.tab = tab;
  for (const [name, elm] of [["log", logView.root], ["inspector", inspector.root], ["editor", editor.root]] as const) {
    elm.hidden = name !== tab;
  }
  for (const b of tabs.querySelectorAll("button")) b.setAttribute("aria-selected", String(b.dataset.tab === tab));
  if (tab === "log") logView.render(300, app.display);
}

function renderHeader(): void {
  const L = app.lang;
  document.documentElement.lang = L;
  document.title = t(L, "app.title");
  title.textContent = t(L, "app.title");
  picker.replaceChildren(...LIBRARY.map((e) => {
    const o = document.createElement("option");
    o.value = e.id;
    o.textContent = e.title;
    o.title = describeEntry(e, L);
    return o;
  }));
  const custom = document.createElement("option");
  custom.value = "";
  custom.textContent = `— ${t(L, "ui.open")} —`;
  picker.append(custom);
  picker.value = app.entry?.id ?? "";
  picker.setAttribute("aria-label", t(L, "ui.scenario"));
  langBtn.textContent = t(L, "ui.lang");
  compareBtn.textContent = app.mode === "compare" ? t(L, "ui.compareOff") : t(L, "ui.compare");
  sweepBtn.textContent = app.mode === "sweep" ? t(L, "ui.sweepOff") : t(L, "ui.sweep");
  const info = app.store?.info;
  const text = app.entry ? describeEntry(app.entry, L) : info ? info.description[L] : "";
  const goal = app.entry?.goal[L] || info?.learningGoal?.[L] || "";
  desc.textContent = goal ? `${text} — ${t(L, "ui.goal")}: ${goal}` : text;
  tabs.replaceChildren(...(["log", "inspector", "editor"] as const).map((k) => {
    const b = document.createElement("button");
    b.dataset.tab = k;
    b.id = `tab-${k}`;
    b.setAttribute("role", "tab");
    b.textContent = k === "log" ? t(L, "ui.tab.log") : k === "inspector" ? t(L, "ui.tab.inspector") : t(L, "ui.open");
    b.onclick = () => showTab(k);
    return b;
  }));
  editor.labels(L);
  showTab(app.tab);
}

picker.onchange = () => {
  const e = LIBRARY.find((x) => x.id === picker.value);
  if (!e) { editor.set(app.yaml); showTab("editor"); return; }
  app.entry = e;
  app.yaml = e.yaml;
  app.file = e.file;
  editor.set(e.yaml);
  load();
};
langBtn.onclick = () => {
  app.lang = app.lang === "en" ? "ja" : "en";
  if (app.store) setupViews(app.store.info);
  else renderHeader();
  compare.relabel(app.lang);
  sweepPane?.relabel(app.lang);
  if (app.lastInspected) void inspectMessage(app.lastInspected);
};
/** Show one of the three panes: the single run, the comparison, or a sweep's results. */
function setMode(mode: Mode): void {
  if (app.mode === "compare" && mode !== "compare") compare.close();
  app.mode = mode;
  app.playing = false;
  controls.labels(app.lang, false, app.speed);
  single.hidden = mode !== "single";
  controlsEl.hidden = mode !== "single";
  if (sweepPane) sweepPane.root.hidden = mode !== "sweep";
  if (mode === "compare") compare.open(app.lang);
  renderHeader();
}
compareBtn.onclick = () => setMode(app.mode === "compare" ? "single" : "compare");

// The sweep results pane is loaded on first use: its module (and the simulator's chart
// geometry it draws with) is not fetched for the first paint.
let sweepPane: import("./ui/sweep-view").SweepResultsView | undefined;
sweepBtn.onclick = async () => {
  if (app.mode === "sweep") return setMode("single");
  if (!sweepPane) {
    const { SweepResultsView } = await import("./ui/sweep-view");
    sweepPane ??= new SweepResultsView(main);
  }
  sweepPane.relabel(app.lang);
  setMode("sweep");
};

function load(): void {
  app.playing = false;
  client.load({ yaml: app.yaml, file: app.file });
}

async function inspectMessage(id: string): Promise<void> {
  const st = app.store;
  if (!st) return;
  app.lastInspected = id;
  showTab("inspector");
  const { copies, trace } = await client.inspectMessage(id);
  inspector.message(trace, copies, app.lang);
}

async function inspectDns(msg: number): Promise<void> {
  showTab("inspector");
  const x = await client.inspectDns(msg);
  inspector.dns(msg, x, app.lang);
}

// ---- the frame loop -----------------------------------------------------------
let last = performance.now();
let lastCharts = 0, lastLog = 0;
function frame(now: number): void {
  const dt = Math.min(0.25, (now - last) / 1000);
  last = now;
  app.frames.push(now);
  if (app.frames.length > 240) app.frames.shift();
  const st = app.store;
  if (st && app.mode === "single") {
    const dur = st.info.duration;
    if (app.playing) {
      app.display = Math.min(app.display + app.speed * dt, st.t, dur);
      const ahead = Math.min(dur, app.display + app.speed * 0.3);
      if (!client.busy && st.t < ahead) client.advance(Math.min(dur, Math.max(ahead, st.t + app.speed * 0.1)));
      if (app.display >= dur) { app.playing = false; controls.labels(app.lang, false, app.speed); }
    }
    topo.frame(st, app.display, app.speed);
    controls.time(app.display);
    // While playing, the charts and the log refresh a few times a second; the map every frame.
    if (now - lastCharts > (app.playing ? 1000 : 200)) { lastCharts = now; charts.render(st, app.lang); }
    // The log appends only what came on screen since its last look (ui/log.ts), twice a second while playing.
    if (now - lastLog > (app.playing ? 500 : 100) && app.tab === "log") { lastLog = now; logView.render(app.playing ? 120 : 300, app.display); }
  }
  if (app.mode === "compare") compare.frame(dt);
  requestAnimationFrame(frame);
}

renderHeader();
editor.set(app.yaml);
if (boot?.file !== app.file) load();
requestAnimationFrame(frame);

// ---- hooks for the end-to-end test (read-only views of the state) ----------------
declare global {
  interface Window {
    mxsim: {
      state(): { ready: boolean; t: number; display: number; events: number; held: number; decisions: number; done: boolean; playing: boolean; items: number; drawn: number; busy: boolean };
      fingerprint(): Promise<Summary>;
      fps(): number;
      setSpeed(v: number): void;
    };
  }
}
window.mxsim = {
  state: () => ({ ready: app.store !== undefined, t: app.store?.t ?? 0, display: app.display, events: app.store ? seen(app.store.recent) : 0, held: app.store?.recent.events.length ?? 0, decisions: app.store?.decisions.events.length ?? 0, done: app.store?.done ?? false,
    playing: app.playing, items: app.store?.items.length ?? 0, drawn: topo.lastDrawn, busy: client.busy }),
  fingerprint: () => client.fingerprint(),
  fps: () => {
    const f = app.frames;
    return f.length < 2 ? 0 : ((f.length - 1) * 1000) / (f[f.length - 1] - f[0]);
  },
  setSpeed: (v) => actions.speed(v),
};
