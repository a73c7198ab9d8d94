import { describe, expect, it } from "vitest";
import { Counters, Fingerprint, Histogram, TimeSeries } from "../../sim";

describe("histogram", () => {
  it("nearest-rank percentiles on 1..100 are the ranks themselves", () => {
    const h = new Histogram();
    for (let i = 100; i >= 1; i--) h.add(i); // insertion order must not matter
    expect(h.percentile(50)).toBe(50);
    expect(h.percentile(90)).toBe(90);
    expect(h.percentile(99)).toBe(99);
    expect(h.percentile(99.5)).toBe(100);
    expect(h.percentile(0)).toBe(1);
    expect(h.max()).toBe(100);
    expect(h.mean()).toBe(50.5);
    expect(h.count).toBe(100);
  });
  it("a small example by hand: [15, 20, 35, 40, 50]", () => {
    // Nearest rank (Wikipedia's worked example): P30 = 20, P40 = 20, P50 = 35, P100 = 50.
    const h = new Histogram();
    for (const x of [50, 15, 40, 20, 35]) h.add(x);
    expect([30, 40, 50, 100].map((p) => h.percentile(p))).toEqual([20, 20, 35, 50]);
  });
  it("is empty-safe", () => {
    expect(new Histogram().percentile(50)).toBeNaN();
  });
});

describe("counters and time series", () => {
  it("counters list sorted by name", () => {
    const c = new Counters();
    c.add("b", 2);
    c.add("a");
    c.add("b");
    expect(c.entries()).toEqual([["a", 1], ["b", 3]]);
  });
  it("time series samples each gauge at each time and prints CSV", () => {
    const ts = new TimeSeries();
    let x = 0;
    ts.gauge("x", () => x);
    ts.gauge("twice", () => 2 * x);
    for (const t of [0, 10, 20]) {
      x = t / 10;
      ts.sample(t);
    }
    expect(ts.column("twice")).toEqual([0, 2, 4]);
    expect(ts.toCSV()).toBe("t,x,twice\n0,0,0\n10,1,2\n20,2,4\n");
    expect(() => ts.gauge("late", () => 0)).toThrow(/after sampling started/);
  });
});

describe("fingerprint", () => {
  const fp = (events: string[]): string => {
    const f = new Fingerprint();
    events.forEach((e) => f.update(e));
    return f.hex();
  };
  it("is a function of the event sequence: same in, same out; order, content and boundaries matter", () => {
    expect(fp(["a", "b"])).toBe(fp(["a", "b"]));
    expect(fp(["a", "b"])).not.toBe(fp(["b", "a"]));
    expect(fp(["ab", "c"])).not.toBe(fp(["a", "bc"]));
    expect(fp(["a"])).not.toBe(fp(["a", ""]));
    expect(fp([])).toMatch(/^[0-9a-f]{16}$/);
  });
  it("hashes events by structure: types, field names, order and nesting all count; undefined fields do not", () => {
    const fpe = (...events: Record<string, unknown>[]): string => {
      const f = new Fingerprint();
      for (const e of events) f.event(e as never);
      return f.hex();
    };
    const base = { t: 1.5, type: "note", host: "a", text: "x" };
    expect(fpe(base)).toBe(fpe({ ...base }));
    expect(fpe(base)).not.toBe(fpe({ ...base, t: 1.5000000000000002 })); // one ulp apart
    expect(fpe({ v: 1 })).not.toBe(fpe({ v: "1" }));
    expect(fpe({ v: [] })).not.toBe(fpe({ v: {} }));
    expect(fpe({ v: true })).not.toBe(fpe({ v: 1 }));
    expect(fpe({ v: null })).not.toBe(fpe({ v: "null" }));
    expect(fpe({ a: 1, b: 2 })).not.toBe(fpe({ b: 2, a: 1 }));
    expect(fpe({ a: 1 })).not.toBe(fpe({ b: 1 }));
    expect(fpe({ v: [1, [2]] })).not.toBe(fpe({ v: [[1], 2] }));
    expect(fpe({ a: 1, b: undefined })).toBe(fpe({ a: 1 }));
    expect(fpe({ a: 1 }, { b: 2 })).not.toBe(fpe({ a: 1, b: 2 }));
    expect(fpe({ v: 0 })).not.toBe(fpe({ v: -0 }));
  });

  it("single-character changes in long streams change the hash (no collisions in 10,000 variants)", () => {
    const base = Array.from({ length: 50 }, (_, i) => JSON.stringify({ t: i * 0.25, type: "flow.end", flow: i }));
    const seen = new Set<string>();
    for (let i = 0; i < 10_000; i++) {
      const v = base.slice();
      v[i % 50] = v[i % 50].replace(/"flow":\d+/, `"flow":${i + 1000}`);
      seen.add(fp(v));
    }
    expect(seen.size).toBe(10_000);
  });
});
