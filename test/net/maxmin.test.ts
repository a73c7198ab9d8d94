import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { MaxMinSolver, solveMaxMin, type MaxMinProblem } from "../../sim/net";
import { refMaxMin } from "./reference";

/** A random problem: capacities per constraint, non-empty duplicate-free paths. */
const problem = fc
  .record({
    caps: fc.array(fc.double({ min: 1, max: 1e9, noNaN: true }), { minLength: 1, maxLength: 12 }),
    paths: fc.array(fc.array(fc.nat(), { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 40 }),
  })
  .map(({ caps, paths }) => {
    const p = paths.map((ks) => [...new Set(ks.map((k) => k % caps.length))]);
    const pathStart = new Int32Array(p.length + 1);
    const flat: number[] = [];
    p.forEach((ks, i) => {
      pathStart[i] = flat.length;
      flat.push(...ks);
    });
    pathStart[p.length] = flat.length;
    const prob: MaxMinProblem = { nFlows: p.length, pathStart, pathCons: Int32Array.from(flat), capacity: Float64Array.from(caps) };
    return { prob, paths: p, caps };
  });

const TOL = 1e-9;

describe("max-min solver (progressive filling)", () => {
  it("never loads a constraint beyond its capacity", () => {
    fc.assert(
      fc.property(problem, ({ prob, paths, caps }) => {
        const { rate } = solveMaxMin(prob);
        caps.forEach((cap, c) => {
          let sum = 0;
          paths.forEach((ks, f) => ks.includes(c) && (sum += rate[f]));
          expect(sum).toBeLessThanOrEqual(cap * (1 + TOL));
        });
      }),
    );
  });

  it("gives every flow a bottleneck: a saturated constraint where no flow gets more", () => {
    fc.assert(
      fc.property(problem, ({ prob, paths, caps }) => {
        const { rate, bottleneck } = solveMaxMin(prob);
        paths.forEach((ks, f) => {
          const b = bottleneck[f];
          expect(ks).toContain(b);
          let sum = 0, max = 0;
          paths.forEach((ks2, g) => {
            if (!ks2.includes(b)) return;
            sum += rate[g];
            max = Math.max(max, rate[g]);
          });
          expect(sum).toBeGreaterThanOrEqual(caps[b] * (1 - TOL)); // saturated
          expect(rate[f]).toBeGreaterThanOrEqual(max * (1 - TOL)); // and f is among its largest
          expect(rate[f]).toBeGreaterThan(0);
        });
      }),
    );
  });

  it("agrees with the reference progressive filling", () => {
    fc.assert(
      fc.property(problem, ({ prob, paths, caps }) => {
        const { rate } = solveMaxMin(prob);
        const want = refMaxMin(
          paths.map((ks) => ({ cons: ks.map(String) })),
          new Map(caps.map((c, i) => [String(i), c])),
        );
        want.forEach((w, f) => expect(Math.abs(rate[f] - w)).toBeLessThanOrEqual(TOL * w));
      }),
    );
  });

  it("shares each constraint equally when no flow crosses two (the single-line fast path)", () => {
    const lines = fc.record({
      caps: fc.array(fc.double({ min: 1, max: 1e9, noNaN: true }), { minLength: 1, maxLength: 6 }),
      flows: fc.array(fc.record({ c: fc.nat(), held: fc.double({ min: 0, max: 1e6, noNaN: true }) }), { minLength: 1, maxLength: 30 }),
    });
    fc.assert(
      fc.property(lines, ({ caps, flows }) => {
        const cons = flows.map((f) => f.c % caps.length);
        const prob: MaxMinProblem = {
          nFlows: flows.length, pathStart: Int32Array.from({ length: flows.length + 1 }, (_, i) => i), pathCons: Int32Array.from(cons),
          capacity: Float64Array.from(caps), held: Float64Array.from(flows.map((f) => f.held)),
        };
        const { rate, bottleneck } = solveMaxMin(prob);
        // By hand: constraint c's capacity plus what its flows hold, split equally.
        cons.forEach((c, f) => {
          let share = caps[c];
          let n = 0;
          cons.forEach((c2, g) => { if (c2 === c) { share += flows[g].held; n++; } });
          expect(Math.abs(rate[f] - share / n)).toBeLessThanOrEqual(TOL * (share / n));
          expect(bottleneck[f]).toBe(c);
        });
        const want = refMaxMin(cons.map((c) => ({ cons: [String(c)] })), new Map(caps.map((c, i) => [String(i), c + cons.reduce((s, c2, g) => s + (c2 === i ? flows[g].held : 0), 0)])));
        want.forEach((w, f) => expect(Math.abs(rate[f] - w)).toBeLessThanOrEqual(TOL * w));
      }),
    );
  });

  it("gives the textbook answer on the Bertsekas–Gallager example", () => {
    // Links A (cap 1) and B (cap 1); flow 0 on A, flow 1 on A and B, flows 2 and 3 on B:
    // B saturates first at 1/3 (three flows), then flow 0 gets A's remaining 2/3.
    const prob: MaxMinProblem = {
      nFlows: 4,
      pathStart: Int32Array.of(0, 1, 3, 4, 5),
      pathCons: Int32Array.of(0, 0, 1, 1, 1),
      capacity: Float64Array.of(1, 1),
    };
    const { rate, bottleneck } = solveMaxMin(prob);
    expect([...rate].map((r) => +r.toFixed(12))).toEqual([0.666666666667, 0.333333333333, 0.333333333333, 0.333333333333]);
    expect([...bottleneck]).toEqual([0, 1, 1, 1]);
  });

  it("reuses its buffers across problems of different sizes without leaking state", () => {
    const solver = new MaxMinSolver();
    fc.assert(
      fc.property(problem, ({ prob }) => {
        const out = { rate: new Float64Array(prob.nFlows), bottleneck: new Int32Array(prob.nFlows) };
        solver.solve(prob, out);
        expect([...out.rate]).toEqual([...solveMaxMin(prob).rate]);
      }),
    );
  });
});
