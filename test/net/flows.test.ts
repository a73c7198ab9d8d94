import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { Kernel, RandomStreams, TraceBus } from "../../sim/engine";
import { Network, type Link } from "../../sim/net";
import { refSimulate, type RefTransfer } from "./reference";

function makeNet(): { k: Kernel; net: Network } {
  const k = new Kernel();
  return { k, net: new Network(k, new TraceBus()) };
}

const relClose = (a: number, b: number, tol = 1e-9): boolean => Math.abs(a - b) <= tol * Math.max(Math.abs(a), Math.abs(b));

/** Constraint keys of a routed path, for the reference: link name + the host it goes towards. */
function refCons(net: Network, src: string, dst: string): { cons: string[]; latency: number } {
  const path: Link[] = net.path(src, dst)!;
  const cons: string[] = [];
  let at = src;
  let latency = 0;
  for (const l of path) {
    const to = l.a === at ? l.b : l.a;
    cons.push(`${l.name}>${to}`);
    latency += l.latency;
    at = to;
  }
  return { cons, latency };
}

function refCapacity(net: Network): Map<string, number> {
  const cap = new Map<string, number>();
  for (const l of net.links) {
    cap.set(`${l.name}>${l.b}`, l.bandwidth);
    cap.set(`${l.name}>${l.a}`, l.bandwidth);
  }
  return cap;
}

interface Job { src: string; dst: string; bytes: number; start: number }

/** Run jobs through the Network and through the reference; return both finish-time lists. */
function compare(net: Network, k: Kernel, jobs: Job[]): { got: number[]; want: number[] } {
  const got = jobs.map(() => NaN);
  jobs.forEach((j, i) =>
    k.at(j.start, () =>
      net.transfer(j.src, j.dst, j.bytes, (o) => {
        expect(o.ok).toBe(true);
        got[i] = k.now;
      }),
    ),
  );
  const refs: RefTransfer[] = jobs.map((j) => {
    const { cons, latency } = refCons(net, j.src, j.dst);
    return { cons, begin: j.start + latency, bytes: j.bytes };
  });
  const want = refSimulate(refs, refCapacity(net));
  k.run();
  return { got, want };
}

describe("flows on one link", () => {
  for (const K of [1, 2, 10, 100]) {
    it(`${K} equal flows started together all finish at L + S·8·K/B`, () => {
      const { k, net } = makeNet();
      const B = 1.5e6, L = 0.02, S = 40_000;
      net.addHost("a");
      net.addHost("b");
      net.addLink("a", "b", { bandwidth: B, latency: L });
      const times: number[] = [];
      for (let i = 0; i < K; i++) net.transfer("a", "b", S, () => times.push(k.now));
      k.run();
      expect(times).toHaveLength(K);
      for (const t of times) expect(t).toBeCloseTo(L + (S * 8 * K) / B, 12);
    });
  }

  it("unequal flows finish in the processor-sharing order, by hand", () => {
    // 1 Mbps, sizes 1000/2000/3000 B: all at 1/3 Mbps until the first ends at 8000 bits·3/1e6 = 24 ms,
    // then the other two at 1/2 Mbps for 1000 B each (16 ms), then the last alone for 1000 B (8 ms).
    const { k, net } = makeNet();
    net.addHost("a");
    net.addHost("b");
    net.addLink("a", "b", { bandwidth: 1e6, latency: 0.01 });
    const t: number[] = [];
    for (const s of [1000, 2000, 3000]) net.transfer("a", "b", s, () => t.push(k.now));
    k.run();
    expect(t[0]).toBeCloseTo(0.034, 12);
    expect(t[1]).toBeCloseTo(0.05, 12);
    expect(t[2]).toBeCloseTo(0.058, 12);
  });

  it("a flow pays latency without taking bandwidth, and the link is full duplex", () => {
    // b->a does not share a->b; the late flow's latency does not slow the first.
    const { k, net } = makeNet();
    net.addHost("a");
    net.addHost("b");
    net.addLink("a", "b", { bandwidth: 8e6, latency: 0.5 });
    const t: Record<string, number> = {};
    net.transfer("a", "b", 1e6, () => (t.ab = k.now));
    net.transfer("b", "a", 1e6, () => (t.ba = k.now));
    k.at(0.9, () => net.transfer("a", "b", 1e6, () => (t.ab2 = k.now)));
    k.run();
    // ab runs alone from 0.5 to 1.4 (0.9 s = 900 kB), shares 4 Mbps from 1.4 to 1.6 (100 kB): done 1.6.
    expect(t.ab).toBeCloseTo(1.6, 12);
    expect(t.ba).toBeCloseTo(1.5, 12);
    // ab2: 100 kB at 4 Mbps (1.4..1.6) then 900 kB at 8 Mbps (0.9 s): done 2.5.
    expect(t.ab2).toBeCloseTo(2.5, 12);
  });

  it("a bandwidth change re-solves rates mid-flow", () => {
    const { k, net } = makeNet();
    net.addHost("a");
    net.addHost("b");
    net.addLink("a", "b", { bandwidth: 8e6, latency: 0 });
    let t = NaN;
    net.transfer("a", "b", 2e6, () => (t = k.now));
    k.at(1, () => net.setBandwidth("a--b", 2e6));
    k.run();
    // 1 MB in the first second, the other 1 MB at 250 kB/s: 4 s more.
    expect(t).toBeCloseTo(5, 12);
    expect(net.linkStats("a--b").bytes).toBeCloseTo(2e6, 6);
    // Busy ∫ used/cap dt averaged over both directions: (1·1 + 4·1)/2 = 2.5, over 5 s.
    expect(net.linkStats("a--b").busyIntegral).toBeCloseTo(2.5, 9);
    expect(net.linkStats("a--b").utilisation).toBeCloseTo(0.5, 9);
  });

  it("abort frees bandwidth for the others and reports aborted", () => {
    const { k, net } = makeNet();
    net.addHost("a");
    net.addHost("b");
    net.addLink("a", "b", { bandwidth: 8e6, latency: 0 });
    const out: Record<string, unknown> = {};
    const f1 = net.transfer("a", "b", 1e6, (o) => (out.f1 = [k.now, o]));
    net.transfer("a", "b", 1e6, (o) => (out.f2 = [k.now, o]));
    k.at(1, () => net.abort(f1));
    k.run();
    expect(out.f1).toEqual([1, { ok: false, reason: "aborted" }]);
    // 0.5 MB by t=1 at 4 Mbps, the other 0.5 MB at 8 Mbps: 0.5 s.
    expect((out.f2 as [number])[0]).toBeCloseTo(1.5, 12);
  });
});

describe("flow lifecycle edges", () => {
  it("abort during the latency phase, twice, and after the end are harmless", () => {
    const { k, net } = makeNet();
    net.addHost("a");
    net.addHost("b");
    net.addLink("a", "b", { bandwidth: 8e6, latency: 1 });
    const out: unknown[] = [];
    const f = net.transfer("a", "b", 1e6, (o) => out.push(["f", k.now, o]));
    const g = net.transfer("a", "b", 1e6, (o) => out.push(["g", k.now, o]));
    k.at(0.5, () => {
      net.abort(f);
      net.abort(f);
    });
    k.run();
    net.abort(g);
    // g never shared with f: 1 s latency + 1 s alone at 8 Mbps.
    expect(out).toEqual([["f", 0.5, { ok: false, reason: "aborted" }], ["g", 2, { ok: true }]]);
    expect(net.flowRate(g)).toBe(0);
  });

  it("zero-byte and same-host transfers complete after the path latency", () => {
    const { k, net } = makeNet();
    net.addHost("a");
    net.addHost("b");
    net.addLink("a", "b", { bandwidth: 1e6, latency: 0.25 });
    const out: number[] = [];
    net.transfer("a", "b", 0, () => out.push(k.now));
    net.transfer("a", "a", 1e6, () => out.push(k.now));
    k.run();
    expect(out).toEqual([0, 0.25]);
  });
});

describe("agreement with the reference solver", () => {
  it("dumbbell with a shared bottleneck (both directions), random sizes and starts", () => {
    const rnd = new RandomStreams(7).stream("test/dumbbell");
    for (let trial = 0; trial < 5; trial++) {
      const { k, net } = makeNet();
      net.addHost("r1");
      net.addHost("r2");
      net.addLink("r1", "r2", { bandwidth: 5e6, latency: 0.02 });
      for (let i = 0; i < 4; i++) {
        net.addHost(`s${i}`);
        net.addHost(`d${i}`);
        net.addLink(`s${i}`, "r1", { bandwidth: rnd.uniform(2e6, 20e6), latency: rnd.uniform(0.001, 0.01) });
        net.addLink("r2", `d${i}`, { bandwidth: rnd.uniform(2e6, 20e6), latency: rnd.uniform(0.001, 0.01) });
      }
      const jobs: Job[] = [];
      for (let i = 0; i < 40; i++) {
        const a = `s${rnd.int(4)}`, b = `d${rnd.int(4)}`;
        const fwd = rnd.bernoulli(0.75);
        jobs.push({ src: fwd ? a : b, dst: fwd ? b : a, bytes: Math.round(rnd.lognormal(50_000, 1)), start: rnd.uniform(0, 2) });
      }
      const { got, want } = compare(net, k, jobs);
      got.forEach((g, i) => expect(relClose(g, want[i]), `job ${i}: ${g} vs ${want[i]}`).toBe(true));
    }
  });

  it("random multi-link topologies with random flows and start times", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e9 }), (seed) => {
        const rnd = new RandomStreams(seed).stream("test/random-topology");
        const { k, net } = makeNet();
        const n = 4 + rnd.int(7);
        for (let i = 0; i < n; i++) net.addHost(`h${i}`);
        const link = (a: number, b: number): void => {
          net.addLink(`h${a}`, `h${b}`, { bandwidth: rnd.uniform(1e6, 100e6), latency: rnd.uniform(0.001, 0.05) });
        };
        for (let i = 1; i < n; i++) link(rnd.int(i), i); // spanning tree: connected
        const extra = rnd.int(n);
        const have = new Set(net.links.map((l) => l.name));
        for (let e = 0; e < extra; e++) {
          const a = rnd.int(n), b = rnd.int(n);
          if (a !== b && !have.has(`h${a}--h${b}`) && !have.has(`h${b}--h${a}`)) {
            have.add(`h${a}--h${b}`);
            link(a, b);
          }
        }
        const jobs: Job[] = [];
        const nf = 5 + rnd.int(40);
        for (let i = 0; i < nf; i++) {
          const a = rnd.int(n);
          const b = (a + 1 + rnd.int(n - 1)) % n;
          const together = rnd.bernoulli(0.3); // some exact ties in start time
          jobs.push({ src: `h${a}`, dst: `h${b}`, bytes: Math.round(rnd.lognormal(100_000, 1.2)) + 1, start: together ? 0.5 : rnd.uniform(0, 3) });
        }
        const { got, want } = compare(net, k, jobs);
        got.forEach((g, i) => {
          if (!relClose(g, want[i])) throw new Error(`seed ${seed} job ${i}: ${g} vs ${want[i]}`);
        });
      }),
      { numRuns: 40 },
    );
  });
});

describe("agreement with the reference on the benchmark's shape", () => {
  for (const poisson of [false, true]) {
    it(`star of 12 hosts, 250 flows ${poisson ? "with Poisson starts" : "all at t=0"}`, () => {
      const rnd = new RandomStreams(3).stream("test/star");
      const { k, net } = makeNet();
      net.addHost("switch");
      for (let i = 0; i < 12; i++) {
        net.addHost(`h${i}`);
        net.addLink(`h${i}`, "switch", { bandwidth: 100e6, latency: 0.0005 });
      }
      const jobs: Job[] = [];
      let t = 0;
      for (let i = 0; i < 250; i++) {
        const a = rnd.int(12), b = (a + 1 + rnd.int(11)) % 12;
        if (poisson) t += rnd.exponential(400);
        jobs.push({ src: `h${a}`, dst: `h${b}`, bytes: Math.round(rnd.lognormal(60_653, 1)) + 1, start: t });
      }
      const { got, want } = compare(net, k, jobs);
      got.forEach((g, i) => expect(relClose(g, want[i]), `job ${i}: ${g} vs ${want[i]}`).toBe(true));
    });
  }
});

describe("work conservation", () => {
  it("every link carries exactly the bytes of the flows routed over it", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e9 }), (seed) => {
        const rnd = new RandomStreams(seed).stream("test/conservation");
        const { k, net } = makeNet();
        const n = 3 + rnd.int(6);
        for (let i = 0; i < n; i++) net.addHost(`h${i}`);
        for (let i = 1; i < n; i++) net.addLink(`h${rnd.int(i)}`, `h${i}`, { bandwidth: rnd.uniform(1e5, 1e7), latency: rnd.uniform(0, 0.02) });
        const expected = new Map<string, number>(net.links.map((l) => [l.name, 0]));
        let requested = 0, delivered = 0;
        for (let i = 0; i < 30; i++) {
          const a = rnd.int(n), b = (a + 1 + rnd.int(n - 1)) % n;
          const bytes = Math.round(rnd.uniform(1, 300_000));
          requested += bytes;
          for (const l of net.path(`h${a}`, `h${b}`)!) expected.set(l.name, expected.get(l.name)! + bytes);
          k.at(rnd.uniform(0, 1), () => net.transfer(`h${a}`, `h${b}`, bytes, (o) => o.ok && (delivered += bytes)));
        }
        k.run();
        if (delivered !== requested) throw new Error(`delivered ${delivered} of ${requested}`);
        for (const l of net.links) {
          const got = net.linkStats(l.name).bytes;
          if (!relClose(got, expected.get(l.name)!)) throw new Error(`seed ${seed} ${l.name}: ${got} vs ${expected.get(l.name)}`);
        }
      }),
      { numRuns: 30 },
    );
  });
});

describe("determinism", () => {
  it("the same scenario gives the same trace, event for event", () => {
    const run = (): string => {
      const k = new Kernel();
      const bus = new TraceBus();
      const log: string[] = [];
      bus.subscribe((e) => log.push(JSON.stringify(e)));
      const net = new Network(k, bus);
      const rnd = new RandomStreams(11).stream("test/determinism");
      for (let i = 0; i < 6; i++) net.addHost(`h${i}`);
      for (let i = 1; i < 6; i++) net.addLink(`h${rnd.int(i)}`, `h${i}`, { bandwidth: rnd.uniform(1e6, 1e7), latency: 0.01 });
      for (let i = 0; i < 50; i++) {
        const a = rnd.int(6), b = (a + 1 + rnd.int(5)) % 6;
        k.at(rnd.uniform(0, 1), () => net.transfer(`h${a}`, `h${b}`, 50_000, () => undefined));
      }
      k.at(0.5, () => net.setLinkUp(net.links[2].name, false));
      k.run();
      return log.join("\n");
    };
    const a = run();
    expect(a.split("\n").length).toBeGreaterThan(100);
    expect(run()).toBe(a);
  });
});
