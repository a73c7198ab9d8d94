/**
 * The runner (sim/observe/run.ts): a run cut into pieces is the run in one piece;
 * a wall-time budget gives control back and the next call goes on; the guards
 * bound the whole run, not each slice; gauges read what the models hold.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildSimulation, loadScenario, run, Run, RunawayError } from "../../sim";

const SCENARIO = `name: two hosts
duration: 1h
sampleEvery: 5m
hosts:
  net: { role: internet, addr: 192.0.2.1 }
  a: { role: mta, addr: 192.0.2.11, mta: { profile: postfix, hostname: a.example, domains: [a.example], mailboxes: [x] } }
  b: { role: mta, addr: 192.0.2.12, mta: { profile: sendmail, hostname: b.example, domains: [b.example], mailboxes: [y] } }
links:
  - { between: [net, a], bandwidth: 64kbps, latency: 5ms }
  - { between: [net, b], bandwidth: 64kbps, latency: 5ms }
traffic:
  - { kind: users, from: a, senders: [x@a.example], to: [y@b.example], rate: 2/min, size: 40KB }
faults:
  - { at: 10m, down: b, for: 20m }
`;
const scenario = loadScenario(SCENARIO, "t.yaml");
const stable = <T extends { wallMs: number }>(s: T): Omit<T, "wallMs"> => {
  const { wallMs: _, ...rest } = s;
  return rest;
};

describe("Run", () => {
  it("samples every 5 min and at the end, and gives the same summary and series however the run is cut", () => {
    const whole = run(scenario);
    expect(whole.timeseries.times).toEqual([0, 300, 600, 900, 1200, 1500, 1800, 2100, 2400, 2700, 3000, 3300, 3600]);
    expect(whole.summary.messages.injected).toBeGreaterThan(100);
    expect(whole.summary.mtas.b.queuedAtEnd + whole.summary.mtas.a.peakQueue).toBeGreaterThan(0);

    const r = new Run(buildSimulation(scenario));
    for (const t of [1, 299.999, 300, 301, 777, 1799]) expect(r.advance(t)).toBe(true);
    for (let i = 0; i < 200; i++) expect(r.step()).toBe(true);
    expect(r.done).toBe(false);
    expect(r.advance(3599.5)).toBe(true);
    const { summary, timeseries } = r.runToEnd();
    expect(r.done).toBe(true);
    expect(stable(summary)).toEqual(stable(whole.summary));
    expect(timeseries.times).toEqual(whole.timeseries.times);
    expect(timeseries.rows).toEqual(whole.timeseries.rows);
  });

  it("a wall-time budget returns control at a sample; calling again goes on to the target", () => {
    let now = 0;
    const r = new Run(buildSimulation(scenario), { wallClock: () => (now += 1) }); // every look at the clock: 1 ms later
    let calls = 0;
    while (!r.advance(3600, 1)) calls++;
    expect(calls).toBe(11); // 12 samples after t = 0, the budget spent after each: the twelfth call reaches the end
    expect(r.done).toBe(true);
    expect(stable(r.summary())).toEqual(stable(run(scenario).summary));
  });

  it("maxEvents bounds the whole run, across slices", () => {
    const total = run(scenario).summary.events;
    const perSlice = Math.ceil(total / 12);
    expect(() => run(scenario, { maxEvents: Math.round(total / 2) })).toThrow(RunawayError);
    expect(() => run(scenario, { maxEvents: Math.round(total / 2) })).toThrow(/maxEvents guard/);
    // A bound larger than any one slice but smaller than the run still trips.
    expect(() => run(scenario, { maxEvents: perSlice * 3 })).toThrow(RunawayError);
    // As the kernel's guard: the run stops once it has fired maxEvents events, so a run of `total` needs one more.
    expect(() => run(scenario, { maxEvents: total })).toThrow(/after \d+ events \(maxEvents guard: \d+\)/);
    expect(run(scenario, { maxEvents: total + 1 }).summary.events).toBe(total);
  });

  it("gauges read what the models hold: the counts and the queues the summary reports", () => {
    const r = new Run(buildSimulation(scenario));
    r.advance(1500); // b down since 10 min: a holds mail for it
    const a = r.gauges.mtas.find((g) => g.subject === "a")!.read();
    expect(a.profile).toBe("postfix");
    expect(a.queue.deferred + a.queue.active).toBeGreaterThan(0);
    expect(a.queue.backlog).toBeGreaterThan(0);
    const ts = r.timeseries;
    expect(ts.column("queue.deferred:a").at(-1)).toBe(a.queue.deferred);
    const { summary } = r.runToEnd();
    const end = r.gauges.mtas.find((g) => g.subject === "b")!.read();
    expect(summary.mtas.b).toMatchObject({ ...end.counts, profile: "sendmail", queuedAtEnd: end.queue.active + end.queue.deferred });
    const last = r.gauges.mtas.find((g) => g.subject === "b")!.lastDelivered();
    expect(last?.envelope.rcptTo).toEqual(["y@b.example"]);
    // A reading is a copy: changing it changes nothing in the model.
    end.counts.delivered = -1;
    expect(r.gauges.mtas.find((g) => g.subject === "b")!.read().counts.delivered).toBe(summary.mtas.b.delivered);
  });

  it("runs a bundled scenario as the CLI does (its sampling interval is the scenario's)", () => {
    const text = readFileSync(join(__dirname, "../../scenarios/retry-storm.yaml"), "utf8");
    const r = new Run(buildSimulation(loadScenario(text, "retry-storm.yaml")));
    expect(r.sampleEvery).toBe(60);
    expect(r.end).toBe(12 * 3600);
  });
});
