import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { chartSvg } from "../../sim/cli/sweep/charts";
import { findChartsJson, readSweepCharts, sweepView } from "../../viz/model/sweep";

const ROOT = new URL("../..", import.meta.url).pathname;
const text = readFileSync(join(ROOT, "scenarios/sweeps/retry-storm-results/charts.json"), "utf8");
const LAWS = ["postfix", "sendmail", "qmail", "exim", "rfc5321"];

describe("sweep results view-model (retry-storm-results/charts.json)", () => {
  const file = readSweepCharts(text);
  const en = sweepView(file, "en");
  const ja = sweepView(file, "ja");
  const chart = (v: typeof en, column: string) => {
    const c = v.charts.find((x) => x.column === column);
    if (!c) throw new Error(`${column} missing`);
    return c;
  };

  it("has one chart per metric, each with the five retry laws in order and the baseline marked", () => {
    expect(en.charts).toHaveLength(14);
    for (const c of en.charts) expect(c.geometry.configs.map((k) => k.name)).toEqual(LAWS);
    expect(chart(en, "delivered").labels[0].name).toBe("postfix (baseline)");
    expect(chart(ja, "delivered").labels[0].name).toBe("postfix (基準)");
    expect(en.header).toContain("5 configurations × 10 replications");
  });

  it("states the link bandwidth on the page and on every chart (S13)", () => {
    expect(en.links).toEqual(["Links: internet--gateway 1.5Mbps"]);
    expect(ja.links).toEqual(["回線: internet--gateway 1.5Mbps"]);
    for (const c of en.charts) expect(c.links).toBe("Links: internet--gateway 1.5Mbps");
  });

  it("draws a dot per replication, the mean bar from zero and a CI whisker around the mean", () => {
    const d = chart(en, "drainTime");
    const g = d.geometry;
    for (const k of g.configs) {
      expect(k.dots).toHaveLength(10);
      expect(k.mean).not.toBeNull();
      expect(k.mean!.barY + k.mean!.barHeight).toBeCloseTo(g.zeroY); // the bar stands on the zero line
      expect(k.ci!.yHi).toBeLessThanOrEqual(k.mean!.y); // y grows downwards: hi above the mean
      expect(k.ci!.yLo).toBeGreaterThanOrEqual(k.mean!.y);
    }
    // rfc5321 drains fastest (2142 s), exim slowest (9174 s): the taller bar is exim's.
    const [rfc, exim] = [g.configs[4], g.configs[3]];
    expect(exim.mean!.barHeight).toBeGreaterThan(rfc.mean!.barHeight * 4);
    // Durations of this size are drawn in hours, in the chosen language.
    expect(g.axisUnit).toBe("h");
    expect(d.title).toBe("time to drain the backlog after recovery (hours)");
    expect(chart(ja, "drainTime").title).toBe("復旧後に滞留が解消するまでの時間 (時間)");
    expect(g.yTicks.map((t) => t.label)).toContain("2h");
    expect(d.labels[4].value).toBe("35.7m");
  });

  it("names per-host and per-link metrics with their subject, utilisation without a unit", () => {
    expect(chart(en, "peakQueue[relay]").title).toBe("peak queue, relay (messages)");
    expect(chart(ja, "linkUtilMean[internet--gateway]").title).toBe("回線使用率の平均, internet--gateway");
    expect(chart(en, "linkUtilMean[internet--gateway]").labels[0].value).toBe("7.1%");
  });

  it("draws an all-zero metric on a plain 0..1 axis (nothing bounced in any run)", () => {
    const g = chart(en, "bounced").geometry;
    expect(g.yTicks.map((t) => t.label)).toEqual(["0", "1"]);
    expect(g.configs.every((k) => k.mean!.barHeight === 0)).toBe(true);
  });

  it("draws the very geometry the CLI's SVG files are written from", () => {
    const c = file.charts.find((x) => x.column === "smtpSessions")!;
    const svg = chartSvg(c, file.name);
    const g = chart(en, "smtpSessions").geometry;
    const circles = [...svg.matchAll(/<circle cx="([\d.]+)" cy="([\d.]+)"/g)].map((m) => [Number(m[1]), Number(m[2])]);
    const dots = g.configs.flatMap((k) => k.dots.map((d) => [Math.round(d.x * 10) / 10, Math.round(d.y * 10) / 10]));
    expect(circles).toEqual(dots);
  });

  it("finds charts.json in a picked folder, and refuses other JSON", () => {
    const files = [
      { name: "results.csv", webkitRelativePath: "out/results.csv" },
      { name: "charts.json", webkitRelativePath: "out/runs/x/charts.json" },
      { name: "charts.json", webkitRelativePath: "out/charts.json" },
    ];
    expect(findChartsJson(files)?.webkitRelativePath).toBe("out/charts.json");
    expect(findChartsJson([{ name: "my-sweep.json" }])?.name).toBe("my-sweep.json");
    expect(findChartsJson([{ name: "a.csv" }])).toBeUndefined();
    expect(() => readSweepCharts('{"format":"mxsim-summary/1"}')).toThrow(/not a sweep charts file/);
    expect(() => readSweepCharts('{"format":"mxsim-sweep-charts/1","charts":[{"column":"x","configs":[{"name":"a","values":["7"]}]}]}')).toThrow(/malformed/);
  });
});
