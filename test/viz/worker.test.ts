/**
 * The browser worker's code path (viz/worker-host.ts, driven here with a fake
 * postMessage and a hand-turned message loop) against `run()` from sim/index.ts, the
 * CLI's: for every bundled scenario, a session played in pieces as the page plays
 * it — advances to odd times, single steps, a backwards replay interrupting an
 * advance, many short advances, work cut into the smallest pieces the host makes — ends with the same
 * summary as the CLI's run (all but the wall time), and the samples it sent to the
 * page are the CLI's time series.
 *
 * isp-day (1,000,000 messages) runs at 1/50 of its traffic: its workloads' counts
 * and rates are divided by 50 in the YAML text, which both paths are given.
 */
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadScenario, run } from "../../sim";
import type { Batch, FromWorker, ToWorker } from "../../viz/protocol";
import { serve } from "../../viz/worker-host";

const DIR = join(import.meta.dirname, "../../scenarios");
const ISP_DAY_SCALE = 50;

function scenarioText(file: string): string {
  const text = readFileSync(join(DIR, file), "utf8");
  if (!file.startsWith("isp-day")) return text;
  let changed = 0;
  const scaled = text
    .replace(/^(\s+count: )(\d+)$/gm, (_, k: string, n: string) => (changed++, `${k}${Number(n) / ISP_DAY_SCALE}`))
    .replace(/^(\s+rate: )(\d+)\/d$/gm, (_, k: string, n: string) => (changed++, `${k}${Number(n) / ISP_DAY_SCALE}/d`));
  if (changed !== 16) throw new Error(`isp-day: expected 8 workloads' count and rate, scaled ${changed} fields`);
  return scaled;
}

/** A worker host with a fake postMessage and a message loop turned by hand. */
function fakeWorker() {
  const out: FromWorker[] = [];
  const loop: (() => void)[] = [];
  const handle = serve((m) => out.push(m), (f) => loop.push(f), { sliceMs: 0 });
  return {
    out,
    send: (m: ToWorker): void => handle(m),
    /** Let the worker's loop turn `n` times (or until idle); returns the turns taken. */
    turn(n = Infinity): number {
      let i = 0;
      for (; i < n && loop.length > 0; i++) loop.shift()!();
      return i;
    },
    batches: (): Batch[] => out.filter((m): m is Batch => m.kind === "batch"),
  };
}

const files = readdirSync(DIR).filter((f) => f.endsWith(".yaml")).sort();

describe("the browser worker and the CLI give the same run", () => {
  it("covers every bundled scenario", () => {
    expect(files.length).toBeGreaterThan(15);
    expect(files).toContain("isp-day.yaml");
  });

  it.each(files)("%s: same summary as run(), same samples as its time series", (file) => {
    const yaml = scenarioText(file);
    const w = fakeWorker();
    w.send({ kind: "load", yaml, file, fingerprint: true });
    w.turn();
    const loaded = w.out.find((m) => m.kind === "loaded");
    if (loaded?.kind !== "loaded") throw new Error(`${file}: not loaded: ${JSON.stringify(w.out.at(-1))}`);
    const d = loaded.duration;
    w.send({ kind: "advance", until: d * 0.137 });
    w.turn();
    for (const mode of ["event", "event", "decision", "event"] as const) w.send({ kind: "step", mode });
    w.turn();
    w.send({ kind: "advance", until: d * 0.6 });
    w.turn(3); // part of the way: the replay below drops the rest
    w.send({ kind: "seek", t: d * 0.31 });
    w.turn();
    const replayed = w.batches().length;
    for (const mode of ["decision", "event", "decision"] as const) w.send({ kind: "step", mode });
    // Then as the page plays: many short advances (at odd times, off the sampling grid), now and then a step.
    for (let k = 1; k <= 60; k++) {
      w.send({ kind: "advance", until: d * (0.31 + (0.46 * k) / 60) - 0.001 * k });
      if (k % 6 === 0) w.send({ kind: "step", mode: k % 12 === 0 ? "decision" : "event" });
    }
    w.send({ kind: "advance", until: d });
    w.turn();

    const batches = w.batches();
    const last = batches.at(-1)!;
    expect(last.done).toBe(true);
    expect(last.t).toBe(d);
    expect(batches.every((b) => (b.summary !== undefined) === b.done)).toBe(true);
    const cli = run(loadScenario(yaml, file));
    const { wallMs: _w, ...fromWorker } = last.summary!;
    const { wallMs: _c, ...fromCli } = cli.summary;
    expect(fromWorker.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(fromWorker).toEqual(fromCli);
    expect(fromCli.messages.lost).toBe(0);

    // What the page charted since the replay's reset: the CLI's time series, column by column.
    const sinceReset = batches.slice(replayed - 1);
    expect(sinceReset[0].reset).toBe(true);
    const rows = sinceReset.flatMap((b) => b.samples);
    const ts = cli.timeseries;
    expect(rows.map((r) => r.t)).toEqual(ts.times);
    loaded.topology.links.forEach((l, i) => expect(rows.map((r) => r.util[i])).toEqual(ts.column(`util:${l.name}`)));
    loaded.mtas.forEach((h, i) => {
      (["active", "deferred", "backlog"] as const).forEach((k, j) => expect(rows.map((r) => r.queues[i][j])).toEqual(ts.column(`queue.${k}:${h}`)));
    });
  }, 300_000);
});

describe("the worker yields between pieces of work", () => {
  it("a load sent during a long replay takes effect: the replay is dropped unanswered, the new scenario loads", () => {
    const w = fakeWorker();
    w.send({ kind: "load", yaml: scenarioText("retry-storm.yaml"), file: "retry-storm.yaml" });
    w.turn();
    expect(w.batches()).toHaveLength(1);
    w.send({ kind: "seek", t: 12 * 3600 });
    expect(w.turn(20)).toBe(20); // twenty pieces, the replay not finished
    expect(w.batches()).toHaveLength(1);
    w.send({ kind: "load", yaml: scenarioText("default.yaml"), file: "default.yaml" });
    w.turn();
    const after = w.out.slice(w.out.findIndex((m) => m.kind === "batch") + 1);
    expect(after.map((m) => m.kind)).toEqual(["loaded", "batch"]);
    expect(after[0].kind === "loaded" && after[0].name).toBe(loadScenario(scenarioText("default.yaml"), "default.yaml").name);
    const b = after[1] as Batch;
    expect([b.reset, b.t]).toEqual([true, 0]);
  });

  it("queries wait their turn and are answered after the advance before them", () => {
    const w = fakeWorker();
    w.send({ kind: "load", yaml: scenarioText("default.yaml"), file: "default.yaml" });
    w.send({ kind: "advance", until: 7200 });
    w.send({ kind: "fingerprint" });
    w.turn();
    const kinds = w.out.map((m) => m.kind);
    expect(kinds).toEqual(["loaded", "batch", "batch", "fingerprint"]);
    const fp = w.out[3];
    expect(fp.kind === "fingerprint" && fp.summary.fingerprint).toBe(run(loadScenario(scenarioText("default.yaml"), "default.yaml")).summary.fingerprint);
  });
});
