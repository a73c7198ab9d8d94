/**
 * The browser app end to end, in Debian's chromium: load the default scenario, play
 * it to 12 h, check the queue chart and the MX fallback in the log, inspect a
 * message that went to the 2nd MX, switch to Japanese, paste a broken YAML, compare
 * fingerprints with Node for every bundled scenario, measure frame rate and first load,
 * and save a screenshot of each view under test/artifacts/.
 */
import { readFileSync, readdirSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ChildProcess } from "node:child_process";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadScenario, run } from "../../sim/index";
import { ARTIFACTS, ROOT, build, dev, freePort, launch, preview } from "./browser";

let server: ChildProcess;
let url = "";
let close: () => Promise<void> = async () => undefined;
let page: Page;
let context: BrowserContext;
/** The scenario too big to run whole in a test (a million messages): compared at this share of its messages. */
const REDUCED = "isp-day";
const REDUCED_SCALE = 0.04;

/** The scenario's text with every users workload's `count` and `rate` scaled (the bench's MXSIM_ISP_DAY_SCALE does the same). */
function scaleUsers(text: string, f: number): string {
  let scaled = 0;
  const out = text.replace(/^(\s+)count: (\d+)\n\1rate: (\d+)\/d$/gm, (_m, indent: string, count: string, rate: string) => {
    scaled++;
    return `${indent}count: ${Math.round(Number(count) * f)}\n${indent}rate: ${Math.round(Number(rate) * f)}/d`;
  });
  const workloads = text.match(/kind: users\b/g)?.length ?? 0;
  if (workloads === 0 || scaled !== workloads) throw new Error(`scaled ${scaled} of ${workloads} users workloads`);
  return out;
}

const shot = (name: string): Promise<Buffer> => page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  const out = join(ROOT, "dist");
  const log = await build(out);
  const size = /production bundle: .*/.exec(log)?.[0];
  console.log(`[e2e] ${size ?? "bundle size not printed"}`);
  const port = await freePort();
  server = await preview(out, port);
  url = `http://127.0.0.1:${port}/`;
  const b = await launch();
  close = b.close;
  context = b.context;
  page = await b.context.newPage();
  page.on("pageerror", (e) => console.error("[page error]", e.message));
});

afterAll(async () => {
  await close();
  server?.kill();
});

describe("the browser app", () => {
  it("ships the licences of every package in its bundles, once per text (the bundles carry no legal comments)", () => {
    const worker = readFileSync(join(ROOT, "dist/worker-third-party-notices.txt"), "utf8");
    const page = readFileSync(join(ROOT, "dist/third-party-notices.txt"), "utf8");
    for (const pkg of ["@stdlib/math-base-special-ln@", "dns-packet@", "seedrandom@", "yaml@", "zod@", "buffer@"]) expect(worker).toContain(`\n${pkg}`);
    expect(page).toContain("\nd3-selection@");
    // stdlib's ~70 packages carry four distinct copies of the Apache-2.0 text between them: listed under each once.
    const stdlib = worker.match(/^@stdlib\//gm)?.length ?? 0;
    expect(stdlib).toBeGreaterThan(40);
    expect(worker.match(/TERMS AND CONDITIONS FOR USE/g)?.length).toBeLessThan(stdlib / 10);
  });
  it("dev server: the first page load is interactive quickly, on a first-ever start and warm", async () => {
    const cache = mkdtempSync(join(tmpdir(), "mxsim-vite-cache-"));
    const { proc, startMs } = await dev(await freePort(), cache).then((d) => d, (e) => { rmSync(cache, { recursive: true, force: true }); throw e; });
    try {
      const devUrl = proc.spawnargs.includes("--port") ? `http://127.0.0.1:${proc.spawnargs[proc.spawnargs.indexOf("--port") + 1]}/` : "";
      const load = async (): Promise<number> => {
        const p = await context.newPage();
        const t0 = Date.now();
        await p.goto(devUrl);
        await p.waitForFunction(() => window.mxsim?.state().ready === true, null, { timeout: 60_000 });
        const ms = Date.now() - t0;
        await p.close();
        return ms;
      };
      const cold = await load();
      const warm = await load();
      const warm2 = await load();
      console.log(`[e2e] dev server: answers after ${startMs} ms; page ready to play (scenario built) on a first-ever start (empty Vite cache) after ${cold} ms, then ${warm} ms and ${warm2} ms (warm)`);
      // The 1.5 s bar is measured and printed; the shared machine gets slack.
      expect(cold).toBeLessThan(1500 * 2);
      expect(Math.min(warm, warm2)).toBeLessThan(1500 * 2);
    } finally {
      proc.kill();
      rmSync(cache, { recursive: true, force: true });
    }
  });

  it("loads the default scenario, interactive quickly", async () => {
    const t0 = Date.now();
    await page.goto(url);
    await page.waitForFunction(() => window.mxsim?.state().ready === true);
    const ms = Date.now() - t0;
    const nav = await page.evaluate(() => {
      const n = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
      return { domInteractive: n.domInteractive, loadEnd: n.loadEventEnd, ready: performance.now() };
    });
    console.log(`[e2e] first load: ready to play after ${ms} ms (page: domInteractive ${nav.domInteractive.toFixed(0)} ms, scenario built ${nav.ready.toFixed(0)} ms)`);
    expect(ms).toBeLessThan(1500 * 3); // the 1.5 s bar is measured and printed; the shared CI machine gets slack
    await expect(page.textContent("#scenario option:checked")).resolves.toContain("Gateway model");
    await shot("01-map-loaded");
  });

  it("plays to 12 h: queue chart has points, the log shows the MX fallback, 500 dots at a measured frame rate", async () => {
    await page.evaluate(() => window.mxsim.setSpeed(3000));
    await page.click("#play");
    // Measure the frame rate while many items are animated.
    await page.waitForFunction(() => window.mxsim.state().drawn >= 500, null, { timeout: 60_000 });
    expect(await page.isVisible("#log .entries")).toBe(true); // measured with the event log on screen
    const fps = await page.evaluate(() => new Promise<{ fps: number; drawn: number; slow: number; held: number }>((resolve) => {
      let frames = 0, maxDrawn = 0, slow = 0, prev = performance.now();
      const t0 = prev;
      const tick = (): void => {
        const now = performance.now();
        if (now - prev > 20) slow++;
        prev = now;
        frames++;
        maxDrawn = Math.max(maxDrawn, window.mxsim.state().drawn);
        if (now - t0 < 3000) requestAnimationFrame(tick);
        else resolve({ fps: (frames * 1000) / (now - t0), drawn: maxDrawn, slow, held: window.mxsim.state().held });
      };
      requestAnimationFrame(tick);
    }));
    console.log(`[e2e] animation: ${fps.fps.toFixed(1)} fps over 3 s with up to ${fps.drawn} dots drawn and the event log visible; ${fps.slow} frames over 20 ms (Performance API, headless chromium, software rendering)`);
    expect(fps.drawn).toBeGreaterThanOrEqual(500);
    // The bar is 60 fps; 55 leaves the shared 2-core machine some slack.
    expect(fps.fps).toBeGreaterThanOrEqual(55);
    await shot("02-playing");
    await page.evaluate(() => window.mxsim.setSpeed(20000));
    await page.waitForFunction(() => window.mxsim.state().display >= 12 * 3600, null, { timeout: 120_000 });
    await page.click("#play"); // pause
    const held = await page.evaluate(() => window.mxsim.state());
    console.log(`[e2e] at ${(held.display / 3600).toFixed(1)} h the page holds the last ${held.held} of the ${held.events} events it received, and the last ${held.decisions} decisions`);
    expect(held.held).toBeLessThanOrEqual(50_000); // a bounded window, not every event of the run
    expect(held.held).toBeLessThan(held.events / 2);
    const points = await page.$$eval("#chart-queue path[data-points]", (ps) => ps.map((p) => Number(p.getAttribute("data-points"))));
    expect(Math.max(...points)).toBeGreaterThan(60); // 10-minute samples up to 12 h
    // The MX fallback: a sender's plan lists MX 10 gateway then MX 20 mail2, and mail2 takes the mail.
    await page.fill("#log-message", "");
    await page.selectOption("#log-host", "isp");
    await page.selectOption("#log-kind", "fallback");
    await page.waitForFunction(() => [...document.querySelectorAll("#log li")].some((li) => /MX 20, not the preferred MX 10 gateway/.test(li.textContent ?? "")), null, { timeout: 10_000 });
    const fallback = await page.$$eval("#log li", (lis) => lis.map((l) => l.textContent ?? "").filter((s) => /backup MX takes the mail/.test(s)));
    expect(fallback.length).toBeGreaterThan(0);
    await shot("03-log-mx-fallback");
  });

  it("opens the message inspector for a message that went to the 2nd MX", async () => {
    const id = await page.$$eval("#log li", (lis) => {
      const li = lis.find((l) => /backup MX takes the mail/.test(l.textContent ?? ""));
      return li?.querySelector("button.msg")?.textContent ?? "";
    });
    expect(id).toMatch(/^u0-\d+$/);
    await page.click(`#log li:has-text("backup MX takes the mail") button.msg >> nth=0`);
    await page.waitForSelector("#inspector .why2nd");
    const route = await page.textContent("#inspector .route");
    expect(route).toContain("isp → mail2 → gateway");
    const why = await page.textContent("#inspector .why2nd");
    expect(why).toMatch(/10 gateway\.example\.gr\.jp, 20 mail2\.example\.net/);
    const attempts = await page.textContent("#inspector .attempts");
    expect(attempts).toContain("dot 250");
    const header = await page.textContent("#inspector .header");
    expect(header).toMatch(/Return-Path: <[^>]+@example\.net>/);
    expect(header).toMatch(/Received: from mail2\.example\.net/);
    await shot("04-inspector-2nd-mx");
    // The DNS inspector: an MX answer with its additional section.
    await page.click("#tab-log");
    await page.selectOption("#log-host", "");
    await page.selectOption("#log-kind", "dns");
    await page.click("#log li button.dns >> nth=-1");
    await page.waitForSelector("#inspector .dns-section.additional");
    expect(await page.textContent("#inspector")).toMatch(/Question/);
    await shot("05-dns-inspector");
  });

  it("shows the charts", async () => {
    await page.locator("#charts").scrollIntoViewIfNeeded();
    const delivered = Number(await page.textContent('#chart-counters td[data-counter="delivered"]'));
    expect(delivered).toBeGreaterThan(1000);
    await page.locator("#charts").screenshot({ path: join(ARTIFACTS, "06-charts.png") });
  });

  it("switches to Japanese", async () => {
    await page.click("#lang");
    await expect(page.textContent("#play")).resolves.toMatch(/再生|一時停止/);
    await page.click("#tab-log");
    await page.selectOption("#log-kind", "mta");
    // Whole sentences in Japanese (words no English template has), and none left in English.
    await page.waitForFunction(() => /メールボックスに配送した|としてキューに入れた/.test(document.querySelector("#log .entries")?.textContent ?? ""));
    expect(await page.textContent("#log .entries")).not.toMatch(/\bdelivered\b|\baccepted\b|\bqueued as\b/);
    expect(await page.textContent("#description")).toMatch(/ゲートウェイ/);
    expect(await page.textContent("#charts")).toMatch(/キュー長/);
    await page.evaluate(() => window.scrollTo(0, 0));
    await shot("07-japanese");
    await page.click("#lang");
  });

  it("shows a broken YAML's error at its line", async () => {
    await page.click("#tab-editor");
    const broken = "name: broken\nduration: 1h\nhosts:\n  a: { role: mta, addr: 192.0.2.1 }\nlinks:\n  - { between: [a, nowhere], bandwidth: 1Mbps, latency: 1ms }\n";
    await page.fill("#yaml", broken);
    await page.click("#yaml-load");
    await page.waitForSelector("#problems li[data-line]");
    const problems = await page.$$eval("#problems li[data-line]", (lis) => lis.map((l) => ({ line: l.getAttribute("data-line"), text: l.textContent })));
    expect(problems.some((p) => p.line === "6" && /^6:\d+: /.test(p.text ?? "") && /nowhere/.test(p.text ?? ""))).toBe(true);
    const syntax = "name: x\nduration: 1h\nhosts: {\n";
    await page.fill("#yaml", syntax);
    await page.click("#yaml-load");
    await page.waitForFunction(() => /YAML syntax/.test(document.querySelector("#problems")?.textContent ?? ""));
    expect(await page.$$eval(".editor .gutter .bad", (s) => s.length)).toBeGreaterThan(0);
    await shot("08-editor-error");
  });

  // Every bundled scenario, as the picker loads it (isp-day, a million messages, at 4 % of them through the editor).
  const bundled = readdirSync(join(ROOT, "scenarios")).filter((f) => f.endsWith(".yaml")).map((f) => f.replace(/\.yaml$/, "")).sort();
  it("the picker offers every bundled scenario", async () => {
    const offered = await page.$$eval("#scenario option", (os) => os.map((o) => (o as HTMLOptionElement).value).filter((v) => v !== ""));
    expect(offered.sort()).toEqual(bundled);
  });
  for (const id of [...bundled.filter((x) => x !== REDUCED), REDUCED]) {
    it(`computes the same fingerprint in the browser as in Node: ${id}${id === REDUCED ? ` at ${REDUCED_SCALE * 100} % of its messages` : ""}`, async () => {
      const text = readFileSync(join(ROOT, "scenarios", `${id}.yaml`), "utf8");
      let yaml = text;
      if (id === REDUCED) {
        yaml = scaleUsers(text, REDUCED_SCALE);
        await page.click("#tab-editor");
        await page.fill("#yaml", yaml);
        await page.click("#yaml-load");
        // A pasted scenario is no picker entry: the marker empties when it has loaded.
        await page.waitForFunction(() => window.mxsim.state().ready && document.querySelector("#scenario")?.getAttribute("data-loaded") === "", null, { timeout: 120_000 });
      } else {
        await page.selectOption("#scenario", id);
        await page.waitForFunction((name) => window.mxsim.state().ready && document.querySelector("#scenario")?.getAttribute("data-loaded") === name, id);
      }
      const browser = await page.evaluate(() => window.mxsim.fingerprint());
      const node = run(loadScenario(yaml, `${id}.yaml`)).summary;
      console.log(`[e2e] ${id}: browser ${browser.fingerprint} (${browser.traceEvents} events), node ${node.fingerprint} (${node.traceEvents} events, ${node.messages.injected} messages)`);
      expect(browser.fingerprint).toBe(node.fingerprint);
      expect(browser.traceEvents).toBe(node.traceEvents);
      expect(browser.messages).toEqual(node.messages);
    });
  }

  it("compares two retry laws side by side", async () => {
    await page.selectOption("#scenario", "default");
    await page.click("#compare-toggle");
    await page.waitForSelector("#compare .map svg g.host");
    await page.click("#compare-play");
    await page.waitForFunction(() => /0[2-9]:\d\d:\d\d \//.test(document.querySelector("#compare output")?.textContent ?? ""), null, { timeout: 60_000 });
    await page.click("#compare-play");
    await page.waitForTimeout(700);
    const cols = await page.$$eval("#compare-counters th", (th) => th.map((x) => x.textContent));
    expect(cols).toEqual(expect.arrayContaining(["postfix", "qmail"]));
    await shot("09-compare");
    await page.click("#compare-toggle");
  });

  it("opens a sweep's results: each metric by configuration for the five retry laws, with the link bandwidth", async () => {
    const results = join(ROOT, "scenarios/sweeps/retry-storm-results");
    await page.click("#sweep-toggle");
    // The whole folder, as `mxsim sweep --out` wrote it: the pane finds charts.json in it.
    await page.setInputFiles("#sweep-folder", results);
    await page.waitForSelector('#sweep figure[data-column="drainTime"] g.config');
    expect(await page.textContent("#sweep-status")).toBe("");
    // Or the charts.json alone.
    await page.setInputFiles("#sweep-file", join(results, "charts.json"));
    await page.waitForSelector('#sweep figure[data-column="drainTime"] g.config');
    expect(await page.$$eval("#sweep figure.sweep-chart", (f) => f.length)).toBe(14);
    const laws = ["postfix", "sendmail", "qmail", "exim", "rfc5321"];
    const fig = '#sweep figure[data-column="drainTime"]';
    expect(await page.$$eval(`${fig} g.config`, (gs) => gs.map((g) => g.getAttribute("data-config")))).toEqual(laws);
    const text = await page.textContent(fig);
    for (const law of laws) expect(text).toContain(law);
    expect(text).toContain("internet--gateway 1.5Mbps"); // S13
    expect(await page.$$eval(`${fig} .dots circle`, (c) => c.length)).toBe(50); // 10 replications × 5 laws
    expect(await page.$$eval(`${fig} .ci`, (c) => c.length)).toBe(5);
    expect(await page.textContent("#sweep .sweep-head")).toMatch(/5 configurations × 10 replications/);
    await page.locator(fig).screenshot({ path: join(ARTIFACTS, "10-sweep-chart.png") });
    await shot("10-sweep");
    await page.click("#lang");
    await page.waitForFunction(() => /復旧後に滞留が解消するまでの時間/.test(document.querySelector("#sweep")?.textContent ?? ""));
    expect(await page.textContent("#sweep .sweep-head")).toContain("回線: internet--gateway 1.5Mbps");
    await page.click("#lang");
    await page.click("#sweep-toggle");
    await page.waitForSelector("#sweep", { state: "hidden" });
  });
});
